from . import crm_campaign_member
from . import crm_campaign_cost
from . import crm_money
from . import utm_campaign
from . import res_partner
from . import crm_contact_result
from . import crm_contact_log

from . import crm_campaign_member
from . import crm_campaign_cost
from . import utm_campaign

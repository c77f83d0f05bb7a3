from . import crm_contact_result
from . import crm_contact_log
from . import mail_activity_type
from . import mail_activity
from . import res_partner
from . import crm_lead
from . import res_config_settings
from . import calendar_event

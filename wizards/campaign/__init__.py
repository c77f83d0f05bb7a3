from . import crm_campaign_segment
from . import crm_contact_log_call

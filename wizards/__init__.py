from . import crm_contact_log_call
from . import crm_lead_lost
from . import crm_debt_report
from . import crm_campaign_segment
from . import crm_ticket_close
from . import crm_support_invoice

from . import crm_ticket_close
from . import crm_support_invoice

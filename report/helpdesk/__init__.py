from . import crm_ticket_sla_report
from . import crm_customer_dossier
from . import crm_customer_profitability_report

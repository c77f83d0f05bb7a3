from . import crm_customer_dossier
from . import crm_debt_report
from . import crm_forecast_snapshot_report
from . import crm_ticket_sla_report

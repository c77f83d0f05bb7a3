from . import crm_debt_report
from . import crm_forecast_snapshot_report
from . import crm_profitability_report
from . import crm_customer_profitability_report

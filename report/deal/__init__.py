from . import crm_debt_report
from . import crm_forecast_snapshot_report

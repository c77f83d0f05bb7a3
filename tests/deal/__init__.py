from . import test_deal_money
from . import test_debt_report
from . import test_forecast
from . import test_stage
from . import test_deal_invoice
from . import test_stage_overdue_ui
from . import test_forecast_late
from . import test_debt_report_listing

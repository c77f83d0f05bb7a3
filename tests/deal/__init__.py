from . import test_deal_money
from . import test_debt_report
from . import test_forecast
from . import test_stage
from . import test_deal_orders
from . import test_deal_orders_ui

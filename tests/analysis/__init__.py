from . import test_workload_report
from . import test_contact_success_report
from . import test_active_customer_report
from . import test_deal_funnel_report
from . import test_deal_dimensions
from . import test_analysis_access
from . import test_dashboards
from . import test_participant_analyses

from . import crm_analysis_mixin
from . import crm_workload_report
from . import crm_contact_success_report
from . import crm_active_customer_report
from . import crm_deal_funnel_report

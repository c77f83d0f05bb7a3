from . import crm_suite_same_customer_mixin
from . import crm_suite_cron_mixin
from . import crm_suite_access_mixin
from . import crm_money
from . import res_partner
from . import res_users
from . import base
from . import crm_suite_analysis

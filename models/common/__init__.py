from . import crm_money
from . import res_config_settings
from . import res_partner
from . import res_users
from . import base

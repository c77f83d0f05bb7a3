from . import crm_territory
from . import crm_delegation
from . import ir_rule
from . import res_users
from . import res_partner
from . import res_config_settings
from . import crm_lead

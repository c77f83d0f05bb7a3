from . import crm_stage
from . import crm_lead
from . import account_move
from . import account_payment
from . import crm_forecast_snapshot
from . import sale_order
from . import res_partner
from . import res_config_settings

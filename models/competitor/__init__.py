from . import crm_lead_competitor
from . import crm_competitor_type
from . import crm_competitor
from . import crm_competitor_product
from . import crm_competitor_price
from . import crm_competitor_usage
from . import crm_lead
from . import res_partner

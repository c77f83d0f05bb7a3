from . import crm_partner_relation_type
from . import crm_partner_relation
from . import crm_partner_relation_all
from . import crm_partner_occasion
from . import crm_partner_attribute_set
from . import crm_partner_product
from . import res_partner
from . import crm_lead

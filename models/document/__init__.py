from . import crm_document_template
from . import crm_document
from . import crm_document_source_mixin
from . import crm_contact_log
from . import crm_lead
from . import crm_support_contract
from . import res_partner
from . import crm_mail_merge

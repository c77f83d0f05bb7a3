from . import crm_followup_level
from . import crm_followup_sent
from . import res_company
from . import res_partner
from . import crm_ticket
from . import mail_template
from . import mail_mail

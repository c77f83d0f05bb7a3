from . import crm_mail_merge

from . import crm_contact_log_call

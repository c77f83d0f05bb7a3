from . import crm_customer_dossier

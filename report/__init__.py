from . import crm_customer_dossier
from . import crm_debt_report

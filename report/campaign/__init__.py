from . import crm_customer_profitability_report

from . import crm_document

from . import crm_document_generate

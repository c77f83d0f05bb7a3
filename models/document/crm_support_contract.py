from odoo import models


class CrmSupportContract(models.Model):
    """Documents generated from the support contract."""

    _name = "crm.support.contract"
    _inherit = ["crm.support.contract", "crm.document.source.mixin"]

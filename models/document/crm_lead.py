from odoo import models


class CrmLead(models.Model):
    """Documents (proposals, contracts...) generated from the deal."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.document.source.mixin"]

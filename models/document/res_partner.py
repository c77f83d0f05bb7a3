from odoo import models


class ResPartner(models.Model):
    """Documents generated for the customer, from itself or its deals and
    contracts."""

    _name = "res.partner"
    _inherit = ["res.partner", "crm.document.source.mixin"]

    def _crm_document_domain(self):
        return [("commercial_partner_id", "in", self.commercial_partner_id.ids)]

    def _compute_crm_document_count(self):
        if not self.env["crm.document"].has_access("read"):
            self.crm_document_count = 0
            return
        counts = dict(
            self.env["crm.document"]._read_group(
                self._crm_document_domain(), ["commercial_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.crm_document_count = counts.get(partner.commercial_partner_id, 0)

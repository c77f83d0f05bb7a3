from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.onchange("partner_id")
    def _onchange_partner_id_followup_block(self):
        """A customer blocked by a follow-up level: warn on a new quotation."""
        return self.partner_id._followup_block_warning()

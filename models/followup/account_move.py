from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.onchange("partner_id")
    def _onchange_partner_id_followup_block(self):
        """A customer blocked by a follow-up level: warn on a new customer invoice."""
        if not self.is_sale_document(include_receipts=True):
            return None
        return self.partner_id._followup_block_warning()

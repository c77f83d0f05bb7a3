from odoo import models
from odoo.exceptions import UserError


class CrmLeadLost(models.TransientModel):
    """A deal is lost for a reason: the reason is required."""

    _inherit = "crm.lead.lost"

    def action_lost_reason_apply(self):
        self.ensure_one()
        if not self.lost_reason_id:
            raise UserError(
                self.env._("Say why the deal is lost: choose a lost reason.")
            )
        return super().action_lost_reason_apply()

from odoo import models


class ResPartner(models.Model):
    """The money gate on the customer: who may see its money figures."""

    _inherit = "res.partner"

    def _crm_suite_sees_money(self, owns_deal=False):
        """Whether the current user may see this customer's money figures; the
        rule is ``crm.money._sees_money``."""
        self.ensure_one()
        return self.env["crm.money"]._sees_money(self, owns_deal=owns_deal)

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLeadLost(models.TransientModel):
    """Lost to the competition: who won the deal, with which product, at what
    price."""

    _inherit = "crm.lead.lost"

    is_competition = fields.Boolean(related="lost_reason_id.is_competition")
    competitor_id = fields.Many2one("crm.competitor", string="Won By")
    competitor_product_id = fields.Many2one(
        "crm.competitor.product",
        string="With Their Product",
        domain="[('competitor_id', '=', competitor_id)]",
    )
    competitor_price = fields.Monetary(
        string="At Their Price", currency_field="competitor_currency_id"
    )
    competitor_currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )

    @api.onchange("competitor_id")
    def _onchange_competitor_id(self):
        """Propose the price they already offered on the deal, if recorded."""
        line = self.lead_ids.competitor_line_ids.filtered(
            lambda line: line.competitor_id == self.competitor_id
        )[:1]
        if line:
            self.competitor_product_id = line.competitor_product_id
            self.competitor_price = line.price
            self.competitor_currency_id = line.currency_id

    def action_lost_reason_apply(self):
        self.ensure_one()
        if self.is_competition:
            if not self.competitor_id:
                raise UserError(
                    self.env._("Lost to the competition: say which competitor won.")
                )
            if self.competitor_price < 0:
                raise UserError(self.env._("A competitor's price cannot be negative."))
            self.competitor_product_id._check_competitor(self.competitor_id)
        # archived by super(), the deals then drop out of lead_ids
        leads = self.lead_ids
        res = super().action_lost_reason_apply()
        if self.is_competition:
            leads._record_lost_to_competitor(
                self.competitor_id,
                product=self.competitor_product_id,
                price=self.competitor_price,
                currency=self.competitor_currency_id,
            )
        return res

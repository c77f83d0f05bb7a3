from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCompetitorPrice(models.Model):
    _name = "crm.competitor.price"
    _description = "Competitor Price"
    _order = "date desc, id desc"
    _rec_name = "date"

    competitor_product_id = fields.Many2one(
        "crm.competitor.product",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
    )
    competitor_id = fields.Many2one(
        related="competitor_product_id.competitor_id", store=True, index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    price = fields.Monetary(required=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    source = fields.Char(help="Where the price comes from: a quote, a website...")

    @api.constrains("price")
    def _check_price(self):
        if any(price.price < 0 for price in self):
            raise ValidationError(
                self.env._("A competitor's price cannot be negative.")
            )

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCompetitorProduct(models.Model):
    _name = "crm.competitor.product"
    _description = "Competitor Product"
    _order = "competitor_id, name, id"

    name = fields.Char(required=True, index="trigram")
    active = fields.Boolean(default=True)
    competitor_id = fields.Many2one(
        "crm.competitor", required=True, index=True, ondelete="cascade"
    )
    categ_id = fields.Many2one(
        "product.category", string="Category", ondelete="set null"
    )
    product_id = fields.Many2one(
        "product.product",
        string="Our Equivalent",
        ondelete="set null",
        help="The product of ours this one competes with.",
    )
    price_ids = fields.One2many(
        "crm.competitor.price", "competitor_product_id", string="Price History"
    )
    current_price_id = fields.Many2one(
        "crm.competitor.price",
        string="Current Price Record",
        compute="_compute_current_price_id",
    )
    current_price = fields.Monetary(
        compute="_compute_current_price_id", currency_field="current_currency_id"
    )
    current_currency_id = fields.Many2one(
        "res.currency", compute="_compute_current_price_id"
    )

    @api.depends("price_ids.date", "price_ids.price", "price_ids.currency_id")
    def _compute_current_price_id(self):
        latest = self._prices_at(fields.Date.context_today(self))
        for product in self:
            price = latest.get(product.id, self.env["crm.competitor.price"])
            product.current_price_id = price
            product.current_price = price.price
            product.current_currency_id = price.currency_id

    @api.depends("competitor_id")
    def _compute_display_name(self):
        for product in self:
            product.display_name = (
                f"{product.competitor_id.name} - {product.name}"
                if product.competitor_id and not self.env.context.get("crm_suite_short")
                else product.name
            )

    def _check_competitor(self, competitor):
        """Refuse a product used with a competitor that does not sell it."""
        for product in self:
            if product.competitor_id != competitor:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not a product of %(competitor)s.",
                        product=product.name,
                        competitor=competitor.name,
                    )
                )

    def _prices_at(self, date):
        """{product id: the crm.competitor.price valid on ``date``}: the latest price
        recorded on or before that day, for all products in one query."""
        prices = self.env["crm.competitor.price"].search_fetch(
            [("competitor_product_id", "in", self.ids), ("date", "<=", date)],
            ["competitor_product_id", "date", "price", "currency_id"],
            order="competitor_product_id, date desc, id desc",
        )
        latest = {}
        for price in prices:
            latest.setdefault(price.competitor_product_id.id, price)
        return latest

    def _price_at(self, date):
        self.ensure_one()
        return self._prices_at(date).get(self.id, self.env["crm.competitor.price"])

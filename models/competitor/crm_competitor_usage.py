from odoo import api, fields, models


class CrmCompetitorUsage(models.Model):
    _name = "crm.competitor.usage"
    _description = "Customer Using a Competitor"
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    competitor_id = fields.Many2one(
        "crm.competitor",
        compute="_compute_competitor_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        ondelete="cascade",
    )
    competitor_product_id = fields.Many2one(
        "crm.competitor.product",
        string="Product",
        index="btree_not_null",
        ondelete="set null",
        domain="[('competitor_id', '=', competitor_id)]",
    )
    date_start = fields.Date(string="Since")
    note = fields.Text()

    @api.depends("competitor_product_id")
    def _compute_competitor_id(self):
        for usage in self:
            if usage.competitor_product_id:
                usage.competitor_id = usage.competitor_product_id.competitor_id

    @api.constrains("competitor_id", "competitor_product_id")
    def _check_competitor_product_id(self):
        for usage in self:
            usage.competitor_product_id._check_competitor(usage.competitor_id)

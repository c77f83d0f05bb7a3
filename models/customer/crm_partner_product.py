from odoo import api, fields, models


class CrmPartnerProduct(models.Model):
    """A product a customer owns (bought from us or elsewhere), kept on the
    commercial entity so that the company and all its people see the same list."""

    _name = "crm.partner.product"
    _description = "Product Owned by a Customer"
    _order = "partner_id, date_since desc, id desc"
    _rec_names_search = ["product_id", "partner_id", "serial"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="restrict"
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    date_since = fields.Date(
        string="Owned Since", help="When the customer got the product."
    )
    serial = fields.Char(string="Serial Number")
    note = fields.Char()
    active = fields.Boolean(
        default=True, help="Archive products the customer no longer owns."
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "The quantity owned must be positive.",
        ),
    ]

    @api.depends("partner_id", "product_id", "quantity")
    def _compute_display_name(self):
        for owned in self:
            quantity = f"{owned.quantity:g}"
            owned.display_name = self.env._(
                "%(partner)s: %(quantity)s × %(product)s",
                partner=owned.partner_id.name or "",
                quantity=quantity,
                product=owned.product_id.display_name or "",
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _prepare_owner_values(self, vals):
        """A person's products belong to its commercial entity."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals = {**vals, "partner_id": partner.commercial_partner_id.id}
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_suite_check_input(vals_list)  # the values read below are sound
        return super().create([self._prepare_owner_values(v) for v in vals_list])

    def write(self, vals):
        self._crm_suite_check_input([vals])  # the values read below are sound
        return super().write(self._prepare_owner_values(vals))

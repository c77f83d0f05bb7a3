from odoo import fields, models, tools
from odoo.tools import SQL


class CrmProfitabilityReport(models.Model):
    """One row per line of a confirmed sales order, with its revenue, cost and
    margin in company currency (``crm.money._order_line_amounts_sql``), so a
    pivot or graph shows the margin by customer, industry, territory, salesperson,
    team, product, product category and month."""

    _name = "crm.profitability.report"
    _description = "Profitability Analysis"
    _auto = False
    _order = "date_order desc, id desc"

    date_order = fields.Datetime(string="Order Date", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Deal", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        help="The commercial entity of the order's customer.",
    )
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    territory_id = fields.Many2one("crm.territory", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        help="The deal's salesperson, else the order's (stored on the order, "
        "sale.order.crm_user_id).",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The deal's sales team, else the order's.",
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_uom_qty = fields.Float(string="Quantity", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the line, in company currency at the order's own date.",
    )
    cost = fields.Monetary(
        readonly=True,
        help="Revenue less margin: the product cost of the line (Odoo's Sales "
        "margins), in company currency.",
    )
    margin = fields.Monetary(
        readonly=True,
        help="Untaxed amount less product cost, in company currency at the "
        "order's own date.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        revenue, margin = self.env["crm.money"]._order_line_amounts_sql("line", "so")
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT line.id, so.date_order, so.id AS order_id,
                           so.opportunity_id AS lead_id,
                           partner.commercial_partner_id AS partner_id,
                           customer.industry_id,
                           customer.crm_territory_id AS territory_id,
                           so.crm_user_id AS user_id, so.crm_team_id AS team_id,
                           line.product_id, template.categ_id, so.company_id,
                           company.currency_id, line.product_uom_qty,
                           %(revenue)s AS revenue,
                           %(revenue)s - %(margin)s AS cost,
                           %(margin)s AS margin
                      FROM sale_order_line line
                      JOIN sale_order so ON so.id = line.order_id
                 -- left joins on unique keys (an order always has a customer and a
                 -- company): PostgreSQL skips them when a query reads none of
                 -- their columns
                 LEFT JOIN res_partner partner ON partner.id = so.partner_id
                 LEFT JOIN res_company company ON company.id = so.company_id
                 LEFT JOIN res_partner customer
                        ON customer.id = partner.commercial_partner_id
                 LEFT JOIN product_product product ON product.id = line.product_id
                 LEFT JOIN product_template template
                        ON template.id = product.product_tmpl_id
                     WHERE so.state = 'sale' AND line.display_type IS NULL
                )
                """,
                table=SQL.identifier(self._table),
                revenue=revenue,
                margin=margin,
            )
        )

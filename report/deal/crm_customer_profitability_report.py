from odoo import fields, models, tools
from odoo.tools import SQL


class CrmCustomerProfitabilityReport(models.Model):
    """The profit of each customer (commercial entity) in each company: the margin
    of its sales less its support time cost and its share of campaign costs,
    defined in ``crm.money._customer_profit_sql``."""

    _name = "crm.customer.profitability.report"
    _description = "Customer Profitability"
    _auto = False
    _order = "profit, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", readonly=True)
    territory_id = fields.Many2one("crm.territory", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        help="The customer's salesperson.",
    )
    margin = fields.Monetary(
        string="Sales Margin",
        readonly=True,
        help="Margin of the customer's confirmed sales orders (untaxed sales less "
        "product cost), in company currency at each order's own date.",
    )
    profit = fields.Monetary(
        readonly=True,
        help="Sales margin less every cost of the customer (support time, campaign "
        "costs: one column each).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self.env["crm.money"]._customer_profit_sql(),
            )
        )

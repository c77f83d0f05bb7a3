from odoo import api, fields, models

PROFIT_GROUPS = "sales_team.group_sale_manager,account.group_account_invoice"


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_profit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_crm_profit", groups=PROFIT_GROUPS
    )
    crm_profit_margin = fields.Monetary(
        string="Sales Margin",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Margin of the customer's confirmed sales orders (untaxed sales less "
        "product cost), converted into company currency at each order's own date, "
        "in the companies you work in.",
    )
    crm_profit_support_cost = fields.Monetary(
        string="Support Cost",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Hours logged on the customer's tickets times the agent's support "
        "cost per hour (user form), else the company's default (Settings).",
    )
    crm_profit_campaign_cost = fields.Monetary(
        string="Campaign Cost",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="For each won deal of the customer that came from a campaign, the "
        "campaign's cost per won deal: its costs split evenly over its won deals.",
    )
    crm_profit = fields.Monetary(
        string="Customer Profit",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Sales margin less support cost less campaign cost, for the "
        "customer's company and its people (crm.money: Customer profit).",
    )

    @api.depends_context("allowed_company_ids")
    def _compute_crm_profit(self):
        self.env["crm.money"]._compute_customer_profit(self)

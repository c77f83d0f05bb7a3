from odoo import fields, models


class CrmCustomerProfitabilityReport(models.Model):
    """The support cost column of the customer profitability (the helpdesk's
    ``crm.money._customer_cost_sources`` part)."""

    _inherit = "crm.customer.profitability.report"

    support_cost = fields.Monetary(
        readonly=True,
        help="Hours logged on the customer's tickets times the agent's support "
        "cost per hour (user form), else the company's default (Settings).",
    )

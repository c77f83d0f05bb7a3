from odoo import fields, models


class CrmCustomerProfitabilityReport(models.Model):
    """The campaign cost column of the customer profitability (the campaigns'
    ``crm.money._customer_cost_sources`` part)."""

    _inherit = "crm.customer.profitability.report"

    campaign_cost = fields.Monetary(
        readonly=True,
        help="For each won deal of the customer that came from a campaign, the "
        "campaign's cost per won deal: its costs split evenly over its won deals.",
    )

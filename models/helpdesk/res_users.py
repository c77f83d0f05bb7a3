from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_support_hour_cost = fields.Float(
        string="Support Cost per Hour",
        digits="Product Price",
        groups="sales_team.group_sale_manager,account.group_account_invoice",
        help="What an hour of this agent's support time costs, in the currency of "
        "the company of the ticket. Empty: the company's default cost per hour "
        "(Settings). The customer profitability subtracts the hours the agent "
        "logs on a customer's tickets times this cost.",
    )

    @api.constrains("crm_support_hour_cost")
    def _check_crm_support_hour_cost(self):
        if any(user.crm_support_hour_cost < 0 for user in self):
            raise ValidationError(
                self.env._("A support cost per hour cannot be negative.")
            )

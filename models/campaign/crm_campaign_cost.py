from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCampaignCost(models.Model):
    _name = "crm.campaign.cost"
    _description = "Campaign Cost"
    _order = "date desc, id desc"

    campaign_id = fields.Many2one(
        "utm.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")

    @api.constrains("amount")
    def _check_amount(self):
        for cost in self:
            if cost.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The cost %(cost)s cannot be negative (%(amount)s); a "
                        "refund from a supplier lowers the cost line it refunds.",
                        cost=cost.name,
                        amount=cost.amount,
                    )
                )

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The team of the tickets opened from the portal; what an hour of support
    costs."""

    _inherit = "res.config.settings"

    crm_ticket_portal_team_id = fields.Many2one(
        related="company_id.crm_ticket_portal_team_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    crm_support_hour_cost = fields.Monetary(
        related="company_id.crm_support_hour_cost",
        readonly=False,
        currency_field="currency_id",
    )

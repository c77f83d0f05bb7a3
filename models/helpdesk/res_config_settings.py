from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The team of the tickets opened from the portal."""

    _inherit = "res.config.settings"

    crm_ticket_portal_team_id = fields.Many2one(
        related="company_id.crm_ticket_portal_team_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )

from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    is_competition = fields.Boolean(
        string="Lost to a Competitor",
        help="Losing a deal for this reason asks who won it and at what price.",
    )

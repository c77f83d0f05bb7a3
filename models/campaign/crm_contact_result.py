from odoo import fields, models

from .crm_campaign_member import MEMBER_STATUSES


class CrmContactResult(models.Model):
    """The campaign member status a contact result sets."""

    _inherit = "crm.contact.result"

    campaign_member_status = fields.Selection(
        MEMBER_STATUSES,
        help="When a log with this result is linked to a campaign member, the "
        "member takes this status.",
    )

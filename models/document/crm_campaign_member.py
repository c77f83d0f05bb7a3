from odoo import api, models

from .crm_document_template import DOCUMENT_PLACEHOLDERS


class CrmCampaignMember(models.Model):
    """Letters to campaign members: the placeholders the picker offers."""

    _inherit = "crm.campaign.member"

    @api.model
    def mail_allowed_qweb_expressions(self):
        return (
            *super().mail_allowed_qweb_expressions(),
            *DOCUMENT_PLACEHOLDERS[self._name],
        )

from odoo import fields, models


class CrmContactLogCall(models.TransientModel):
    _inherit = "crm.contact.log.call"

    # set when the dialog is opened from a campaign member: the logged call is
    # linked to the member, and its result then sets the member's status
    campaign_member_id = fields.Many2one("crm.campaign.member", ondelete="cascade")

    def _prepare_contact_log_values(self, partner):
        values = super()._prepare_contact_log_values(partner)
        if self.campaign_member_id:
            values["campaign_member_id"] = self.campaign_member_id.id
        return values

    def action_confirm(self):
        action = super().action_confirm()
        if self.campaign_member_id and action["type"] == "ir.actions.act_window_close":
            # the result may have set the member's status: reload the call list or
            # the campaign behind the dialog, which closing alone does not do
            return {"type": "ir.actions.client", "tag": "soft_reload"}
        return action

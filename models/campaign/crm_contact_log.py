from odoo import api, fields, models


class CrmContactLog(models.Model):
    """A contact log answering a campaign's call list entry: the log's result sets
    the member's status."""

    _inherit = "crm.contact.log"

    campaign_member_id = fields.Many2one(
        "crm.campaign.member",
        index="btree_not_null",
        ondelete="set null",
        help="The campaign call list entry this contact answers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._apply_result_member_status()
        return logs

    def _apply_result_member_status(self):
        """Give each linked campaign member the status its log's result sets."""
        for log in self.filtered(
            lambda log: log.campaign_member_id and log.result_id.campaign_member_status
        ):
            log.campaign_member_id.write(
                {
                    "status": log.result_id.campaign_member_status,
                    "date_response": log.date.date(),
                }
            )

from odoo import fields, models


class CrmLead(models.Model):
    """The contact history of a deal."""

    _inherit = "crm.lead"

    contact_log_ids = fields.One2many(
        "crm.contact.log", "lead_id", string="Contact Logs"
    )
    contact_log_count = fields.Integer(compute="_compute_contact_log_count")

    def _compute_contact_log_count(self):
        counts = dict(
            self.env["crm.contact.log"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.contact_log_count = counts.get(lead, 0)

    def action_view_contact_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_contact_log_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_log_call(self):
        self.ensure_one()
        return self.env["crm.contact.log.call"]._action_open(
            lead=self,
            partner=self.partner_id,
            phone=self.phone or self.mobile or self.partner_id.phone,
        )

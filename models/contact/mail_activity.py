from odoo import fields, models
from odoo.tools import html2plaintext, is_html_empty

LOGGED_MODELS = ("res.partner", "crm.lead")


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Read before super(): done activities are deleted there.
        log_values = self._prepare_contact_log_values(feedback)
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if log_values:
            self.env["crm.contact.log"].create(log_values)
        return result

    def _prepare_contact_log_values(self, feedback):
        """Contact logs for the contact-kind activities of customers and deals, so a
        call marked done is not typed in twice. Users who may not write logs (no sales
        rights) still mark their activities done, without a log."""
        if self.env.context.get("crm_suite_no_contact_log") or not self.env[
            "crm.contact.log"
        ].has_access("create"):
            return []
        activities = self.filtered(
            lambda act: (
                act.res_model in LOGGED_MODELS
                and act.res_id
                and act.activity_type_id.is_contact_kind
            )
        )
        values = []
        now = fields.Datetime.now()
        for activity in activities:
            # sudo usage: an assignee may mark done an activity on a document they
            # cannot read (core allows it); only its partner and company are read.
            record = self.env[activity.res_model].sudo().browse(activity.res_id)
            lead = record if activity.res_model == "crm.lead" else None
            partner = lead.partner_id if lead is not None else record
            if not partner:
                continue
            summary = activity.summary or (
                html2plaintext(feedback).strip() if feedback else ""
            )
            values.append(
                {
                    "date": now,
                    "partner_id": partner.id,
                    "lead_id": lead.id if lead else False,
                    "activity_type_id": activity.activity_type_id.id,
                    "user_id": self.env.user.id,
                    "summary": (summary or activity.activity_type_id.name)[:250],
                    "note": feedback
                    if feedback and not is_html_empty(feedback)
                    else False,
                    "company_id": (record.company_id or self.env.company).id
                    if "company_id" in record
                    else self.env.company.id,
                }
            )
        return values

from odoo import models

# context key: the follow-up cron queues reminders without their statement PDF;
# the mail queue renders it when it sends the mail (crm.followup.sent.mail_id)
LAZY_STATEMENT_KEY = "crm_suite_followup_lazy_statement"


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_attachments(
        self, res_ids, render_fields, render_results=None
    ):
        if self.env.context.get(LAZY_STATEMENT_KEY):
            render_fields = [
                field for field in render_fields if field != "report_template_ids"
            ]
        return super()._generate_template_attachments(
            res_ids, render_fields, render_results=render_results
        )

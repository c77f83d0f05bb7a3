import base64

from odoo import Command, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        self._followup_attach_statements()
        return super()._send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            smtp_session=smtp_session,
            alias_domain_id=alias_domain_id,
            mail_server=mail_server,
            post_send_callback=post_send_callback,
        )

    def _followup_attach_statements(self):
        """Payment reminders are queued by the follow-up cron without their
        statement: render it now, in the customer's language and the reminder's
        company, so a cron run over thousands of customers renders no PDF."""
        # sudo usage: the mail queue sends what others queued; the statement is
        # the one of the reminder's own customer, attached to its own mail.
        reminders_su = (
            self.env["crm.followup.sent"]
            .sudo()
            .search([("mail_id", "in", self.ids), ("statement_attached", "=", False)])
        )
        report = self.env.ref("crm_suite.action_report_followup_statement")
        for reminder in reminders_su:
            partner = reminder.partner_id
            lang = partner.lang or self.env.lang
            content, fmt = (
                self.env["ir.actions.report"]
                .sudo()
                .with_company(reminder.company_id)
                .with_context(lang=lang)
                ._render_qweb_pdf(report, partner.ids)
            )
            mail = reminder.mail_id
            name = (
                self.env(context=dict(self.env.context, lang=lang))._(
                    "Statement %(customer)s", customer=partner.name
                )
                + "."
                + fmt
            )
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "datas": base64.b64encode(content),
                        "res_model": "mail.message",
                        "res_id": mail.mail_message_id.id,
                    }
                )
            )
            mail.attachment_ids = [Command.link(attachment.id)]
            reminder.statement_attached = True

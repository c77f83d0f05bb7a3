from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DocumentCommon


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestDocumentFlow(DocumentCommon):
    def _generate(self, template=None, record=None, user=None):
        Document = self.env["crm.document"].with_user(user or self.sales_own)
        record = (record or self.lead).with_user(user or self.sales_own)
        return Document._generate(
            (template or self.proposal).with_user(user or self.sales_own), record
        )

    def _approval_users(self, document):
        todo = self.env.ref("mail.mail_activity_data_todo")
        return document.activity_ids.filtered(
            lambda activity: activity.activity_type_id == todo
        ).user_id

    def _send(self, document, user=None):
        action = document.with_user(user or self.sales_own).action_send()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(user or self.sales_own)
            .with_context(**action["context"])
        )
        return composer.save().action_send_mail()

    def test_generate_pdf_and_letter_log(self):
        document = self._generate()
        self.assertEqual(document.state, "to_approve")
        self.assertEqual(document.lead_id, self.lead)
        self.assertEqual(document.partner_id, self.ann)
        self.assertEqual(document.user_id, self.sales_own)
        self.assertEqual(document.lang, "en_US")
        self.assertIn("Dear Ann Ardent,", document.body_html)
        attachment = document.attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("crm.document", document.id)
        )
        self.assertFalse(attachment.public)
        self.assertIn(b"Dear Ann Ardent,", attachment.raw)
        log = document.contact_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(
            log.activity_type_id, self.env.ref("crm_suite.mail_activity_type_letter")
        )
        self.assertEqual(log.partner_id, self.ardent)
        self.assertEqual(log.contact_id, self.ann)
        self.assertEqual(log.lead_id, self.lead)
        # the log is the customer's history: timeline and dossier
        timeline = self.ardent.with_user(self.sales_own).crm_suite_timeline()
        self.assertIn(log.summary, [entry["title"] for entry in timeline["entries"]])
        dossier = self.env["report.crm_suite.report_customer_dossier"]._prepare_dossier(
            self.ardent
        )
        self.assertIn(log, dossier["logs"])
        # the counters of the deal
        self.assertEqual(self.lead.with_user(self.sales_own).crm_document_count, 1)
        self.assertEqual(self.ardent.crm_document_count, 1)

    def test_approval_activity_for_managers(self):
        """The team leader is no sales manager: the managers are asked."""
        document = self._generate()
        approvers = self._approval_users(document)
        self.assertIn(self.sales_manager, approvers)
        self.assertNotIn(self.sales_leader, approvers)
        self.assertNotIn(self.sales_own, approvers)

    def test_approval_activity_for_the_managing_team_leader(self):
        self.sales_leader.groups_id |= self.env.ref("sales_team.group_sale_manager")
        document = self._generate()
        self.assertEqual(self._approval_users(document), self.sales_leader)

    def test_send_refused_before_approval(self):
        document = self._generate()
        with self.assertRaisesRegex(UserError, "approval before it is sent"):
            document.with_user(self.sales_own).action_send()
        # nor by writing the state
        with self.assertRaises(UserError):
            document.with_user(self.sales_own).write({"state": "sent"})
        with self.assertRaises(UserError):
            document.with_user(self.sales_own).with_context(
                crm_document_transition=True
            ).write({"state": "sent"})
        # nor by dropping the approval, or forging it
        with self.assertRaises(AccessError):
            document.with_user(self.sales_own).write({"requires_approval": False})
        with self.assertRaises(AccessError):
            document.with_user(self.sales_own).write(
                {"approved_by_id": self.sales_manager.id}
            )
        with self.assertRaises(UserError):
            document.with_user(self.sales_own).write({"date_sent": "2026-01-01"})
        self.assertEqual(document.state, "to_approve")

    def test_approve_edit_send(self):
        document = self._generate()
        with self.assertRaises(AccessError):
            document.with_user(self.sales_own).action_approve()
        with self.assertRaises(AccessError):
            document.with_user(self.sales_own).with_context(
                crm_document_transition=True
            ).write({"state": "approved"})
        document.with_user(self.sales_manager).action_approve()
        self.assertEqual(document.state, "approved")
        self.assertEqual(document.approved_by_id, self.sales_manager)
        self.assertFalse(self._approval_users(document), "activities done")
        # an edit after approval goes back to the managers
        document.with_user(self.sales_own).body_html = "<p>Changed: 10% off</p>"
        self.assertEqual(document.state, "to_approve")
        self.assertIn(self.sales_manager, self._approval_users(document))
        self.assertIn(b"Changed: 10% off", document.attachment_id.raw)
        document.with_user(self.sales_manager).action_approve()
        # sent through the composer: the customer, the salutation, the PDF
        self._send(document)
        self.assertEqual(document.state, "sent")
        message = document.message_ids.filtered(lambda m: m.message_type == "comment")[
            :1
        ]
        self.assertIn(self.ann, message.partner_ids)
        self.assertIn("Dear Ann Ardent,", message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(b"Changed: 10% off", message.attachment_ids.raw)
        email_log = document.contact_log_ids.filtered(
            lambda log: log.activity_type_id == self.email
        )
        self.assertEqual(len(email_log), 1)
        self.assertEqual(email_log.lead_id, self.lead)
        with self.assertRaises(UserError):
            document.with_user(self.sales_own).body_html = "<p>after sending</p>"

    def test_refuse_with_reason(self):
        document = self._generate()
        manager_document = document.with_user(self.sales_manager)
        with self.assertRaisesRegex(UserError, "Refusal Reason"):
            manager_document.action_refuse()
        manager_document.refuse_reason = "The discount is too high"
        manager_document.action_refuse()
        self.assertEqual(document.state, "draft")
        self.assertIn(self.sales_own, document.activity_ids.user_id)
        with self.assertRaises(UserError):
            document.with_user(self.sales_own).action_send()
        document.with_user(self.sales_own).action_request_approval()
        self.assertEqual(document.state, "to_approve")

    def test_without_approval_sent_directly(self):
        document = self._generate(self.letter)
        self.assertEqual(document.state, "draft")
        self.assertFalse(document.activity_ids)
        self._send(document)
        self.assertEqual(document.state, "sent")

    def test_generate_wizard_from_contract_and_customer(self):
        wizard = Form(
            self.env["crm.document.generate"]
            .with_user(self.sales_own)
            .with_context(
                active_model="crm.support.contract", active_id=self.contract.id
            )
        )
        wizard.template_id = self.contract_template
        self.assertIn("SUP-DUPONT", wizard.preview)
        action = wizard.save().action_generate()
        document = self.env["crm.document"].browse(action["res_id"])
        self.assertEqual(document.support_contract_id, self.contract)
        self.assertEqual(document.partner_id, self.dupont)
        self.assertEqual(document.lang, "fr_FR")
        self.assertEqual(self.contract.crm_document_count, 1)
        letter = self.env["crm.document.template"].create(
            {
                "name": "Customer letter",
                "kind": "letter",
                "res_model": "res.partner",
                "body_html": "<p t-out='object.crm_letter_salutation'/>",
            }
        )
        document = self._generate(letter, self.marie)
        self.assertIn("Mme Marie Dupont,", document.body_html)
        self.assertEqual(document.contact_log_ids.partner_id, self.dupont)
        self.assertEqual(document.contact_log_ids.contact_id, self.marie)

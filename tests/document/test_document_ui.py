from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestDocumentUi(HttpCase):
    def test_template_generate_approve_send_tour(self):
        """A sales manager creates a template with a placeholder, generates a
        proposal from a demo deal, approves it and sends it."""
        manager = new_test_user(
            self.env,
            "tour_document_manager",
            groups="base.group_user,sales_team.group_sale_manager",
            name="Document Manager",
            email="manager@example.com",
        )
        self.start_tour(
            "/odoo/action-crm_suite.crm_document_template_action",
            "crm_suite_document_template_tour",
            login=manager.login,
        )
        template = self.env["crm.document.template"].search(
            [("name", "=", "Tour Proposal")]
        )
        self.assertTrue(template.requires_approval)
        self.assertIn('t-out="object.expected_revenue"', template.body_html)
        deal = self.env.ref("crm_suite.crm_lead_demo_deco_addict_won")
        deal.expected_revenue = 4200.0
        self.start_tour(
            f"/odoo/crm/{deal.id}",
            "crm_suite_document_proposal_tour",
            login=manager.login,
        )
        document = self.env["crm.document"].search([("template_id", "=", template.id)])
        self.assertEqual(document.state, "sent")
        self.assertEqual(document.lead_id, deal)
        self.assertEqual(document.approved_by_id, manager)
        message = document.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(message.attachment_ids)
        self.assertIn(deal.partner_id, message.partner_ids)

from odoo.tests import TransactionCase, tagged


@tagged("crm_suite", "crm_suite_install", "post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_lead_enrichment_is_manual(self):
        """Customer data is not sent to IAP enrichment unless a user asks for it."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm.iap.lead.enrich.setting")
        )
        self.assertEqual(param, "manual")
        cron = self.env.ref(
            "crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False
        )
        if cron:
            self.assertFalse(cron.active)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.lead_enrich_auto, "manual")

    def test_contact_kinds(self):
        kinds = self.env["mail.activity.type"].search([("is_contact_kind", "=", True)])
        for xmlid in (
            "mail.mail_activity_data_call",
            "mail.mail_activity_data_email",
            "mail.mail_activity_data_meeting",
            "crm_suite.mail_activity_type_letter",
            "crm_suite.mail_activity_type_visit",
            "crm_suite.mail_activity_type_negotiation",
        ):
            self.assertIn(self.env.ref(xmlid), kinds)
        self.assertNotIn(self.env.ref("mail.mail_activity_data_todo"), kinds)

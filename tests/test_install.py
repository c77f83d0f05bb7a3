import re
from pathlib import Path

from lxml import etree

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


@tagged("crm_suite", "post_install", "-at_install")
class TestAppsPage(TransactionCase):
    """Issue 17, item 14: the Apps page described a module without its helpdesk
    ("Coming next: Helpdesk") and showed no screen."""

    def test_apps_page_describes_the_shipped_module(self):
        folder = Path(__file__).resolve().parent.parent / "static" / "description"
        html = (folder / "index.html").read_text(encoding="utf-8")
        self.assertNotIn("Coming next", html)
        self.assertIn("Helpdesk", html)
        images = re.findall(r'src="(screenshot_[a-z0-9_]+\.png)"', html)
        self.assertGreaterEqual(len(images), 4)
        for name in images:
            data = (folder / name).read_bytes()
            self.assertTrue(data.startswith(b"\x89PNG"), name)
            self.assertLess(len(data), 150 * 1024, name)


@tagged("crm_suite", "post_install", "-at_install")
class TestSettingsPage(TransactionCase):
    def test_settings_have_section_headings(self):
        """Issue 17, item 12: the settings crm_suite adds to CRM each sit under a
        section heading of their own, not appended to crm's last block."""
        arch = etree.fromstring(
            self.env["res.config.settings"].get_view(
                self.env.ref("base.res_config_settings_view_form").id, "form"
            )["arch"]
        )
        ours = [
            "crm_suite_probability_mode",
            "crm_suite_territory_restricted",
            "crm_suite_forgotten_days",
            "crm_ticket_portal_team",
        ]
        for setting_id in ours:
            [setting] = arch.xpath(f"//setting[@id='{setting_id}']")
            block = setting.getparent()
            self.assertEqual(block.tag, "block", setting_id)
            self.assertTrue(block.get("title"), setting_id)
            self.assertTrue(block.get("name", "").startswith("crm_suite_"), setting_id)

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_contact")
class TestPhoneLookup(CrmSuiteCommon):
    def _find(self, number):
        return self.env["res.partner"]._crm_suite_find_by_phone(number)

    def test_international_number(self):
        self.assertEqual(self._find("+32 485 11 22 33"), self.ann)
        self.assertEqual(self._find("+32485112233"), self.ann)
        self.assertEqual(self._find("0032 485 11 22 33"), self.ann)

    def test_national_number(self):
        """Typed nationally, found in the company's country (Belgium)."""
        self.assertEqual(self._find("0485 11 22 33"), self.ann)
        self.assertEqual(self._find("0485/11.22.33"), self.ann)

    def test_stored_national_found_by_international(self):
        self.assertEqual(self._find("+32 470 55 66 77"), self.bob)
        self.assertEqual(self._find("0470556677"), self.bob)

    def test_badly_formatted_numbers(self):
        self.assertEqual(self._find("  +32 (0)485-11-22-33 "), self.ann)
        self.assertEqual(self._find("(0485) 112 233"), self.ann)
        self.assertFalse(self._find("12"), "too short to search")
        self.assertFalse(self._find("not a number"))
        self.assertFalse(self._find("+32 499 99 99 99"))

    def test_several_partners_share_a_number(self):
        self.carl.phone = "+32 485 112 233"
        self.assertEqual(self._find("0485112233"), self.ann | self.carl)


@tagged("crm_suite", "crm_suite_contact")
class TestLogCallWizard(CrmSuiteCommon):
    @users("sales_own")
    def test_log_call_found_by_phone(self):
        with Form(self.env["crm.contact.log.call"]) as wizard:
            wizard.phone = "0485 11 22 33"
            self.assertEqual(wizard.partner_id, self.ann)
            wizard.summary = "Wants a quote for 40 desks"
            wizard.result_id = self.result_offer
            self.assertEqual(wizard.next_activity_type_id, self.email)
            self.assertEqual(wizard.next_date, fields.Date.today() + timedelta(days=2))
            wizard.direction = "in"
        wizard.record.action_confirm()
        log = self.env["crm.contact.log"].search([("partner_id", "=", self.ann.id)])
        self.assertEqual(log.phone, "0485 11 22 33")
        self.assertEqual(log.direction, "in")
        self.assertEqual(log.result_id, self.result_offer)
        self.assertEqual(log.next_activity_id.user_id, self.sales_own)
        self.assertEqual(log.next_activity_id.res_id, self.ann.id)

    @users("sales_own")
    def test_several_matches_user_picks(self):
        self.carl.sudo().phone = "+32 485 112 233"
        with Form(self.env["crm.contact.log.call"]) as wizard:
            wizard.phone = "+32485112233"
            self.assertEqual(wizard.matching_count, 2)
            self.assertFalse(wizard.partner_id, "the user picks the caller")
            wizard.partner_id = self.carl
            wizard.summary = "Wrong department"
        wizard.record.action_confirm()
        self.assertEqual(self.carl.contact_log_count, 1)

    @users("sales_own")
    def test_unknown_number_creates_customer(self):
        with Form(self.env["crm.contact.log.call"]) as wizard:
            wizard.phone = "+32 2 555 12 12"
            self.assertEqual(wizard.matching_count, 0)
            wizard.new_partner_name = "Cedar Interiors"
            wizard.summary = "New prospect, found us online"
        action = wizard.record.action_confirm()
        partner = self.env["res.partner"].browse(action["res_id"])
        self.assertEqual(partner.name, "Cedar Interiors")
        self.assertEqual(partner.phone, "+32 2 555 12 12")
        self.assertEqual(
            partner.contact_log_ids.summary, "New prospect, found us online"
        )

    @users("sales_own")
    def test_no_customer_is_refused(self):
        wizard = self.env["crm.contact.log.call"].create({"phone": "+32 2 555 00 00"})
        with self.assertRaisesRegex(UserError, "Choose the customer"):
            wizard.action_confirm()

    @users("sales_own")
    def test_from_deal(self):
        action = self.lead.with_env(self.env).action_log_call()
        wizard = (
            self.env["crm.contact.log.call"]
            .with_context(**action["context"])
            .create({"summary": "Call from the deal"})
        )
        self.assertEqual(wizard.partner_id, self.ardent)
        self.assertEqual(wizard.action_confirm()["type"], "ir.actions.act_window_close")
        self.assertEqual(self.lead.with_env(self.env).contact_log_count, 1)

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged, users

from ..common import CrmSuiteCommon

NOW = datetime(2026, 11, 20, 10, 0, 0)


@tagged("crm_suite", "crm_suite_contact")
@freeze_time(NOW)
class TestLastContact(CrmSuiteCommon):
    def test_rolls_up_to_commercial_partner(self):
        log = self._log(partner_id=self.ann.id, date=NOW - timedelta(days=5))
        self.assertEqual(self.ann.last_contact_date, log.date)
        self.assertEqual(self.ardent.last_contact_date, log.date)
        self.assertFalse(self.bob.last_contact_date)
        self.assertFalse(self.blue.last_contact_date)
        self.assertEqual(self.ardent.days_since_last_contact, 5)

    def test_days_ago_in_words(self):
        """Issue 17 (polish): the form said "(1 days ago)"."""
        self._log(partner_id=self.ann.id, date=NOW - timedelta(days=5))
        self.ardent.invalidate_recordset()
        self.assertEqual(self.ardent.last_contact_ago, "5 days ago")
        self._log(partner_id=self.ann.id, date=NOW - timedelta(days=1))
        self.ardent.invalidate_recordset()
        self.assertEqual(self.ardent.last_contact_ago, "yesterday")
        self._log(partner_id=self.ann.id, date=NOW - timedelta(hours=2))
        self.ardent.invalidate_recordset()
        self.assertEqual(self.ardent.last_contact_ago, "today")

    def test_contact_person_gets_the_date(self):
        log = self._log(contact_id=self.bob.id, date=NOW - timedelta(days=2))
        self.assertEqual(self.bob.last_contact_date, log.date)
        self.assertEqual(self.ardent.last_contact_date, log.date)

    def test_follows_edit_and_delete(self):
        old = self._log(partner_id=self.ann.id, date=NOW - timedelta(days=30))
        recent = self._log(partner_id=self.bob.id, date=NOW - timedelta(days=3))
        self.assertEqual(self.ardent.last_contact_date, recent.date)
        recent.date = NOW - timedelta(days=40)
        self.assertEqual(self.ardent.last_contact_date, old.date)
        self.assertEqual(self.bob.last_contact_date, NOW - timedelta(days=40))
        old.unlink()
        self.assertEqual(self.ardent.last_contact_date, NOW - timedelta(days=40))
        self.assertFalse(self.ann.last_contact_date)
        recent.unlink()
        self.assertFalse(self.ardent.last_contact_date)
        self.assertFalse(self.bob.last_contact_date)

    def test_moving_log_to_other_customer(self):
        log = self._log(partner_id=self.ann.id, date=NOW - timedelta(days=1))
        log.partner_id = self.carl
        self.assertFalse(self.ardent.last_contact_date)
        self.assertFalse(self.ann.last_contact_date)
        self.assertEqual(self.blue.last_contact_date, log.date)

    def test_stored_and_searchable(self):
        self._log(partner_id=self.ann.id, date=NOW - timedelta(days=1))
        self.env.flush_all()
        found = self.env["res.partner"].search(
            [("last_contact_date", ">=", NOW - timedelta(days=2))]
        )
        self.assertEqual(
            found & (self.ardent | self.ann | self.bob), self.ardent | self.ann
        )

    @users("sales_own")
    def test_log_count(self):
        self._log(partner_id=self.ann.id)
        self._log(contact_id=self.bob.id)
        self._log()
        ardent, ann, bob = (self.ardent | self.ann | self.bob).with_env(self.env)
        self.assertEqual(ardent.contact_log_count, 3)
        self.assertEqual(ann.contact_log_count, 1)
        self.assertEqual(bob.contact_log_count, 1)
        action = ardent.action_view_contact_logs()
        self.assertEqual(self.env["crm.contact.log"].search_count(action["domain"]), 3)


@tagged("crm_suite", "crm_suite_contact")
@freeze_time(NOW)
class TestForgottenCustomers(CrmSuiteCommon):
    def _forgotten(self):
        return self.env["res.partner"].search([("is_forgotten", "=", True)])

    def test_forgotten_after_setting_days(self):
        self._log(partner_id=self.ann.id, date=NOW - timedelta(days=100))
        self._log(partner_id=self.carl.id, date=NOW - timedelta(days=10))
        forgotten = self._forgotten()
        self.assertIn(self.ardent, forgotten)
        self.assertNotIn(
            self.ann, forgotten, "people are reached through their company"
        )
        self.assertNotIn(self.blue, forgotten)
        self.assertTrue(self.ardent.is_forgotten)
        self.assertFalse(self.blue.is_forgotten)
        self.assertNotIn(
            self.ardent, self.env["res.partner"].search([("is_forgotten", "=", False)])
        )
        self.env["res.config.settings"].create(
            {"crm_suite_forgotten_days": 5}
        ).execute()
        self.assertIn(self.blue, self._forgotten())

    def test_customer_never_contacted(self):
        self.blue.customer_rank = 1
        self.assertIn(self.blue, self._forgotten())
        self.assertNotIn(
            self.ardent, self._forgotten(), "not a customer, never contacted"
        )

    def test_setting_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self.env["res.config.settings"].create({"crm_suite_forgotten_days": 0})


@tagged("crm_suite", "crm_suite_contact")
@freeze_time(NOW)
class TestLastContactPeopleMove(CrmSuiteCommon):
    def test_person_changing_company_takes_history(self):
        log = self._log(partner_id=self.ann.id, date=NOW - timedelta(days=3))
        self.assertEqual(self.ardent.last_contact_date, log.date)
        self.ann.parent_id = self.blue
        self.assertEqual(log.commercial_partner_id, self.blue)
        self.assertFalse(self.ardent.last_contact_date)
        self.assertEqual(self.blue.last_contact_date, log.date)
        self.assertEqual(self.ann.last_contact_date, log.date)

    def test_earlier_log_keeps_later_date(self):
        recent = self._log(date=NOW - timedelta(days=1))
        self._log(date=NOW - timedelta(days=30))
        self.assertEqual(self.ardent.last_contact_date, recent.date)

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

BEFORE, DURING, AFTER = (
    "2026-03-11 22:00:00",
    "2026-03-12 08:00:00",
    "2026-03-21 00:30:00",
)


@tagged(
    "crm_suite",
    "crm_suite_territory",
    "crm_suite_security",
    "crm_suite_delegation",
)
class TestDelegation(CrmSuiteCommon):
    """``sales_own`` is away from 12 to 20 March and delegates to ``sales_own2``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delegation = (
            cls.env["crm.delegation"]
            .with_user(cls.sales_own)
            .create(
                {
                    "delegate_id": cls.sales_own2.id,
                    "date_from": date(2026, 3, 12),
                    "date_to": date(2026, 3, 20),
                    "note": "Ann expects the offer on Friday",
                }
            )
        )
        cls.log_absent = cls._class_log(user=cls.sales_own, summary="Absent's log")
        cls.activity = cls.lead.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=date(2026, 3, 13),
            user_id=cls.sales_own.id,
        )
        cls.lead_won = cls.env["crm.lead"].create(
            {
                "name": "Ardent: already won",
                "type": "opportunity",
                "partner_id": cls.ardent.id,
                "user_id": cls.sales_own.id,
                "stage_id": cls.env["crm.stage"]
                .create({"name": "Test Won", "is_won": True})
                .id,
            }
        )

    def _as_delegate(self, records):
        # a new request: nothing left in the record cache from another day
        self.env.invalidate_all()
        return records.with_user(self.sales_own2)

    def _assert_no_access(self, records):
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self._as_delegate(records).read(["display_name"])

    def test_delegation_only_during_its_dates(self):
        self.assertEqual(self.delegation.user_id, self.sales_own)
        with freeze_time(BEFORE):
            self._assert_no_access(self.lead)
            self._assert_no_access(self.log_absent)
        # the next morning the rules change without any cache being cleared
        with freeze_time(DURING):
            self.assertEqual(self._as_delegate(self.lead).name, self.lead.name)
            logs = self._as_delegate(self.env["crm.contact.log"]).search([])
            self.assertIn(self.log_absent, logs)
            self.assertEqual(
                self._as_delegate(self.sales_own2).crm_suite_delegator_ids,
                self.sales_own,
            )
        with freeze_time(AFTER):
            self._assert_no_access(self.lead)
            self._assert_no_access(self.log_absent)

    def test_delegate_works_the_deal_in_own_name(self):
        with freeze_time(DURING):
            lead = self._as_delegate(self.lead)
            lead.write(
                {"expected_revenue": 12000, "stage_id": self.stage_proposition.id}
            )
            log = self._create_log(
                self.env,
                self.sales_own2,
                {"lead_id": lead.id, "summary": "Called Ann for Own"},
            )
            self.assertEqual(log.user_id, self.sales_own2, "the delegate's own work")
            self.assertEqual(
                lead.user_id, self.sales_own, "the deal stays the absent's"
            )
            # the absent user's activity on the deal: visible and done by the delegate
            activity = self._as_delegate(self.activity)
            self.assertIn(activity, lead.activity_ids)
            activity.action_feedback(feedback="Called instead of Own")
            self.assertFalse(self.activity.exists())
            self.assertIn(self.sales_own2.partner_id, self.lead.message_ids.author_id)

    def test_only_open_deals_are_delegated(self):
        with freeze_time(DURING):
            self._assert_no_access(self.lead_won)

    def test_archived_delegation_stops(self):
        with freeze_time(DURING):
            self.delegation.with_user(self.sales_own).active = False
            self._assert_no_access(self.lead)

    def test_who_manages_delegations(self):
        Delegation = self.env["crm.delegation"]
        values = {"date_from": date(2026, 4, 1), "date_to": date(2026, 4, 2)}
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            Delegation.with_user(self.sales_own).create(
                {
                    **values,
                    "user_id": self.sales_own2.id,
                    "delegate_id": self.sales_all.id,
                }
            )
        # the delegate reads it, but cannot change it
        self.assertTrue(self.delegation.with_user(self.sales_own2).note)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.delegation.with_user(self.sales_own2).date_to = date(2026, 12, 31)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.delegation.with_user(self.sales_all).read(["note"])
        Delegation.with_user(self.sales_manager).create(
            {**values, "user_id": self.sales_own2.id, "delegate_id": self.sales_all.id}
        )

    def test_bad_input(self):
        Delegation = self.env["crm.delegation"].with_user(self.sales_own)
        with self.assertRaisesRegex(ValidationError, "cannot end .* before it starts"):
            Delegation.create(
                {
                    "delegate_id": self.sales_own2.id,
                    "date_from": date(2026, 4, 2),
                    "date_to": date(2026, 4, 1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "cannot delegate to themselves"):
            Delegation.create(
                {
                    "delegate_id": self.sales_own.id,
                    "date_from": date(2026, 4, 1),
                    "date_to": date(2026, 4, 1),
                }
            )

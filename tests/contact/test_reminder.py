from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_contact", "crm_suite_reminder")
class TestReminder(CrmSuiteCommon):
    def _reminders(self, user):
        return self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "=", "Your contacts for today"),
            ]
        )

    def test_one_reminder_per_user_and_day(self):
        today = fields.Date.today()
        self._log(
            summary="Call Ann back", next_date=today, next_user_id=self.sales_own.id
        )
        self._log(
            summary="Send the offer", next_date=today, next_user_id=self.sales_own.id
        )
        self._log(
            summary="Visit Blue",
            partner_id=self.blue.id,
            next_date=today,
            next_user_id=self.sales_own2.id,
        )
        self._log(
            summary="Next week",
            next_date=today + timedelta(days=7),
            next_user_id=self.sales_leader.id,
        )
        Log = self.env["crm.contact.log"]
        reminded = Log._cron_remind_due_contacts()
        self.assertIn(self.sales_own, reminded)
        self.assertIn(self.sales_own2, reminded)
        self.assertNotIn(self.sales_leader, reminded)
        message = self._reminders(self.sales_own)
        self.assertEqual(len(message), 1)
        self.assertIn("Follow-up: Call Ann back", message.body)
        self.assertIn("Follow-up: Send the offer", message.body)
        self.assertNotIn("Visit Blue", message.body)
        self.assertEqual(self.sales_own.crm_suite_reminder_date, today)
        # a re-run (or a second cron worker) reminds nobody twice
        self.assertFalse(
            Log._cron_remind_due_contacts() & (self.sales_own | self.sales_own2)
        )
        self.assertEqual(len(self._reminders(self.sales_own)), 1)

    def test_batches_report_progress(self):
        today = fields.Date.today()
        for user in (self.sales_own, self.sales_own2, self.sales_leader):
            self._log(
                summary=f"Due for {user.login}", next_date=today, next_user_id=user.id
            )
        cron = self.env.ref("crm_suite.ir_cron_remind_due_contacts")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Log = self.env["crm.contact.log"].with_context(ir_cron_progress_id=progress.id)
        due_users = (
            self.env["mail.activity"]
            .search(
                [
                    ("date_deadline", "=", today),
                    ("activity_type_id.is_contact_kind", "=", True),
                ]
            )
            .user_id
        )
        first = Log._cron_remind_due_contacts(batch_size=2)
        self.assertEqual(len(first), 2)
        self.assertEqual(progress.done, 2)
        self.assertEqual(progress.remaining, len(due_users) - 2)
        reminded = first
        for _run in range(len(due_users)):
            batch = Log._cron_remind_due_contacts(batch_size=2)
            if not batch:
                break
            self.assertLessEqual(len(batch), 2)
            self.assertFalse(batch & reminded, "nobody is reminded twice")
            reminded |= batch
        self.assertEqual(reminded, due_users)
        self.assertEqual(progress.remaining, 0)

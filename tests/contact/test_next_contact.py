from datetime import timedelta

from odoo import fields
from odoo.tests import tagged, users

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_contact")
class TestNextContact(CrmSuiteCommon):
    def _activities(self, record):
        return self.env["mail.activity"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    @users("sales_own")
    def test_next_contact_on_deal(self):
        in_3_days = fields.Date.today() + timedelta(days=3)
        log = self._log(
            lead_id=self.lead.id,
            summary="Sent the brochure",
            next_date=in_3_days,
            next_activity_type_id=self.call.id,
            next_user_id=self.sales_own2.id,
        )
        activity = log.next_activity_id
        self.assertEqual(activity, self._activities(self.lead))
        self.assertEqual(activity.user_id, self.sales_own2)
        self.assertEqual(activity.date_deadline, in_3_days)
        self.assertEqual(activity.activity_type_id, self.call)
        self.assertEqual(activity.summary, "Follow-up: Sent the brochure")

    @users("sales_own")
    def test_next_contact_on_partner_defaults(self):
        today = fields.Date.today()
        log = self._log(partner_id=self.ann.id, next_date=today)
        activity = log.next_activity_id
        self.assertEqual(activity.res_model, "res.partner")
        self.assertEqual(activity.res_id, self.ann.id)
        self.assertEqual(
            activity.user_id, self.sales_own, "defaults to the responsible"
        )
        self.assertEqual(
            activity.activity_type_id, self.call, "defaults to the log's kind"
        )
        self.assertEqual(activity.date_deadline, today)

    @users("sales_own")
    def test_moving_and_clearing_next_contact(self):
        log = self._log(next_date=fields.Date.today())
        activity = log.next_activity_id
        later = fields.Date.today() + timedelta(days=10)
        log.write({"next_date": later, "next_user_id": self.sales_own2.id})
        self.assertEqual(log.next_activity_id, activity, "moved, not duplicated")
        self.assertEqual(activity.date_deadline, later)
        self.assertEqual(activity.user_id, self.sales_own2)
        log.next_date = False
        self.assertFalse(activity.exists())
        self.assertFalse(self._activities(self.ardent))

    @users("sales_own")
    def test_result_moves_deal_and_plans(self):
        log = self._log(lead_id=self.lead.id, result_id=self.result_offer.id)
        self.assertEqual(self.lead.with_env(self.env).stage_id, self.stage_proposition)
        self.assertEqual(log.next_activity_id.activity_type_id, self.email)
        self.assertEqual(
            log.next_activity_id.date_deadline, fields.Date.today() + timedelta(days=2)
        )

    def test_result_without_stage_keeps_deal(self):
        self._log(lead_id=self.lead.id, result_id=self.result_none.id)
        self.assertEqual(self.lead.stage_id, self.stage_new)

    @users("sales_own")
    def test_activity_done_records_log(self):
        activity = self.lead.with_env(self.env).activity_schedule(
            act_type_xmlid="mail.mail_activity_data_call",
            summary="Call about the delivery date",
            user_id=self.sales_own.id,
        )
        activity.action_feedback(feedback="Delivery confirmed for Monday")
        log = self.env["crm.contact.log"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.partner_id, self.ardent)
        self.assertEqual(log.activity_type_id, self.call)
        self.assertEqual(log.summary, "Call about the delivery date")
        self.assertIn("Delivery confirmed for Monday", log.note)
        self.assertEqual(log.user_id, self.sales_own)
        self.assertEqual(self.ardent.last_contact_date, log.date)

    @users("sales_own")
    def test_activity_done_on_partner(self):
        activity = self.ann.with_env(self.env).activity_schedule(
            act_type_xmlid="mail.mail_activity_data_email", user_id=self.sales_own.id
        )
        activity.action_done()
        log = self.env["crm.contact.log"].search([("partner_id", "=", self.ann.id)])
        self.assertEqual(log.activity_type_id, self.email)
        self.assertEqual(log.summary, "Email")

    def test_non_contact_activity_done_records_nothing(self):
        activity = self.ardent.activity_schedule(
            act_type_xmlid="mail.mail_activity_data_todo"
        )
        activity.action_done()
        self.assertFalse(
            self.env["crm.contact.log"].search([("partner_id", "=", self.ardent.id)])
        )

    def test_user_without_sales_rights_marks_done(self):
        """An internal user without sales rights still marks a call done; no log."""
        activity = self.ardent.activity_schedule(
            act_type_xmlid="mail.mail_activity_data_call", user_id=self.employee.id
        )
        activity.with_user(self.employee).action_done()
        self.assertFalse(activity.exists())
        self.assertFalse(
            self.env["crm.contact.log"].search([("partner_id", "=", self.ardent.id)])
        )

    def test_done_next_contact_logs_the_follow_up(self):
        log = self._log(summary="First call", next_date=fields.Date.today())
        log.next_activity_id.with_user(self.sales_own).action_feedback(
            feedback="Reached"
        )
        follow_up = self.env["crm.contact.log"].search(
            [("partner_id", "=", self.ardent.id), ("id", "!=", log.id)]
        )
        self.assertEqual(follow_up.summary, "Follow-up: First call")
        self.assertFalse(log.next_activity_id, "the planned activity is done")

    @users("sales_own")
    def test_result_set_later_plans_next_contact(self):
        log = self._log()
        self.assertFalse(log.next_activity_id)
        log.result_id = self.result_offer
        self.assertEqual(log.next_activity_id.activity_type_id, self.email)
        self.assertEqual(
            log.next_activity_id.date_deadline, fields.Date.today() + timedelta(days=2)
        )

    @users("sales_own")
    def test_linking_a_deal_moves_the_next_contact(self):
        log = self._log(next_date=fields.Date.today())
        self.assertEqual(log.next_activity_id.res_model, "res.partner")
        log.lead_id = self.lead.with_env(self.env)
        self.assertEqual(log.next_activity_id.res_model, "crm.lead")
        self.assertEqual(log.next_activity_id.res_id, self.lead.id)
        self.assertFalse(self._activities(self.ardent), "no leftover on the customer")

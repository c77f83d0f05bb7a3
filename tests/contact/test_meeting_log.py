from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users, warmup
from odoo.tools.safe_eval import safe_eval

from ..common import CrmSuiteCommon

NOW = datetime(2026, 11, 20, 10, 0, 0)


@tagged("crm_suite", "crm_suite_contact", "post_install", "-at_install")
class TestMeetingLog(CrmSuiteCommon):
    """Issue 15: a meeting with customers proposes its contact log once it is over.

    The meeting, tomorrow 9:00-10:30, organised by ``sales_own``: ``sales_own2``,
    Ann (Ardent Tools) and Carl (Blue Harbour) attend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.meeting_kind = cls.env.ref("mail.mail_activity_data_meeting")
        cls.sales_out = new_test_user(
            cls.env,
            "sales_out",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        with freeze_time(NOW):
            cls.event = cls._event(
                cls.sales_own,
                NOW + timedelta(days=1, hours=-1),
                cls.sales_own2.partner_id | cls.ann | cls.carl,
                name="Warehouse walkthrough",
                opportunity_id=cls.lead.id,
                description="<p>Bring the floor plans</p>",
            )

    @classmethod
    def _event(cls, user, start, partners, **values):
        return (
            cls.env["calendar.event"]
            .with_user(user)
            .create(
                {
                    "name": "Meeting",
                    "start": start,
                    "stop": start + timedelta(hours=1, minutes=30),
                    "user_id": user.id,
                    "partner_ids": [Command.set((user.partner_id | partners).ids)],
                    **values,
                }
            )
            .sudo()
        )

    def _to_log(self, user):
        """The meetings of the "Meetings to Log" list of ``user``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.calendar_event_action_to_log"
        )
        domain = safe_eval(action["domain"], {"uid": user.id})
        return self.env["calendar.event"].with_user(user).search(domain)

    def test_meeting_to_log_flow(self):
        with freeze_time(NOW):
            self.assertFalse(self.event.crm_suite_needs_contact_log, "not held yet")
            self.assertNotIn(self.event, self._to_log(self.sales_own))
        with freeze_time(NOW + timedelta(days=2)):
            self.event.invalidate_recordset()
            self.assertTrue(self.event.crm_suite_needs_contact_log)
            self.assertEqual(
                self.event.crm_suite_customer_attendee_ids, self.ann | self.carl
            )
            self.assertIn(self.event, self._to_log(self.sales_own))
            self.assertIn(self.event, self._to_log(self.sales_own2), "an attendee")
            self.assertNotIn(self.event, self._to_log(self.sales_all))

            event = self.event.with_user(self.sales_own)
            action = event.action_crm_suite_log_meeting()
            self.assertEqual(action["res_model"], "crm.contact.log")
            log_form = Form(
                self.env["crm.contact.log"]
                .with_user(self.sales_own)
                .with_context(**action["context"])
            )
            self.assertEqual(log_form.summary, "Warehouse walkthrough")
            log_form.summary = "Walked through the warehouse with Ann and Carl"
            log = log_form.save()

            self.assertEqual(log.calendar_event_id, self.event)
            self.assertEqual(log.date, NOW + timedelta(days=1, hours=-1))
            self.assertEqual(log.duration, 1.5)
            self.assertEqual(log.activity_type_id, self.meeting_kind)
            self.assertEqual(log.partner_id, self.ardent, "first customer's company")
            self.assertEqual(log.partner_ids, self.ann | self.carl | self.blue)
            self.assertEqual(log.user_id, self.sales_own, "the organizer")
            self.assertEqual(log.user_ids, self.sales_own | self.sales_own2)
            self.assertEqual(log.lead_id, self.lead)
            self.assertIn("Bring the floor plans", log.note)
            self.assertEqual(self.event.contact_log_ids, log)

            self.event.invalidate_recordset()
            self.assertFalse(self.event.crm_suite_needs_contact_log)
            self.assertTrue(self.event.crm_suite_is_logged)
            self.assertNotIn(self.event, self._to_log(self.sales_own), "gone")
            self.assertNotIn(self.event, self._to_log(self.sales_own2))
            # each customer met has the meeting as last contact
            self.assertEqual(self.blue.last_contact_date, log.date)
            self.assertEqual(self.carl.last_contact_date, log.date)
            # logging it again opens its log
            again = event.action_crm_suite_log_meeting()
            self.assertEqual((again["res_model"], again["res_id"]), (log._name, log.id))

    def test_attendee_logs_in_their_own_name(self):
        """A salesperson may not log in a colleague's name: the attendee who logs a
        colleague's meeting is the responsible, the organizer a participant; the
        deal is linked only when he may read it."""
        with freeze_time(NOW + timedelta(days=2)):
            values = self.event.with_user(
                self.sales_own2
            )._crm_suite_prepare_contact_log_values()[0]
            self.assertEqual(values["user_id"], self.sales_own2.id)
            self.assertFalse(values["lead_id"], "sales_own's deal, hidden from him")
            log = self.env["crm.contact.log"].with_user(self.sales_own2).create(values)
            self.assertEqual(log.user_ids, self.sales_own | self.sales_own2)

    def test_meeting_without_customer_refused(self):
        with freeze_time(NOW):
            internal = self._event(
                self.sales_own, NOW - timedelta(hours=3), self.sales_own2.partner_id
            )
            self.assertFalse(internal.crm_suite_customer_attendee_ids)
            self.assertFalse(internal.crm_suite_needs_contact_log)
            self.assertNotIn(internal, self._to_log(self.sales_own))
            with self.assertRaisesRegex(UserError, "no customer among its attendees"):
                internal.with_user(self.sales_own).action_crm_suite_log_meeting()
            with self.assertRaisesRegex(UserError, "no customer among its attendees"):
                internal.with_user(
                    self.sales_own
                ).action_crm_suite_create_contact_logs()
            self.assertFalse(
                self.env["crm.contact.log"].search(
                    [("calendar_event_id", "=", internal.id)]
                )
            )

    def test_meeting_logged_twice_refused(self):
        with freeze_time(NOW + timedelta(days=2)):
            event = self.event.with_user(self.sales_own)
            event.action_crm_suite_create_contact_logs()
            with self.assertRaisesRegex(UserError, "already has its contact log"):
                event.action_crm_suite_create_contact_logs()
            # the log is hidden from a colleague who is not a participant: still
            # refused, not duplicated
            self.assertFalse(self.event.with_user(self.sales_out).contact_log_ids)
            with self.assertRaisesRegex(ValidationError, "already has its contact log"):
                self._log(
                    user=self.sales_own,
                    calendar_event_id=self.event.id,
                    summary="Second log of the same meeting",
                )
            self.assertEqual(len(self.event.contact_log_ids), 1)

    @users("sales_own")
    @warmup
    def test_batch_log_queries(self):
        """Logging meetings in a batch: the queries do not grow with the meetings."""
        with freeze_time(NOW - timedelta(days=10)):
            events = [
                self.env["calendar.event"].union(
                    *(
                        self._event(
                            self.sales_own,
                            NOW - timedelta(days=n + 1),
                            self.ann | self.carl | self.sales_own2.partner_id,
                            name=f"Meeting {n}",
                        )
                        for n in range(start, start + count)
                    )
                )
                for start, count in ((0, 2), (10, 8))
            ]
        self.env.invalidate_all()
        with freeze_time(NOW):
            Event = self.env["calendar.event"]
            small, large = (Event.browse(batch.ids) for batch in events)
            with self.assertQueryCount(sales_own=30):
                action = small.action_crm_suite_create_contact_logs()
            self.env.invalidate_all()
            with self.assertQueryCount(sales_own=30):
                action = large.action_crm_suite_create_contact_logs()
            logs = self.env["crm.contact.log"].search(action["domain"])
            self.assertEqual(len(logs), 8)
            self.assertEqual(logs.calendar_event_id, large)
            self.assertEqual(logs.user_ids, self.sales_own | self.sales_own2)
            self.assertFalse((small | large).filtered("crm_suite_needs_contact_log"))


@tagged("crm_suite", "crm_suite_contact", "post_install", "-at_install")
class TestMeetingLogUi(HttpCase):
    def test_meeting_to_log_tour(self):
        """A salesperson opens "Meetings to Log", logs a meeting and finds the log in
        the history of the person met."""
        user = new_test_user(
            self.env,
            "tour_meeting_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Tour Meeting Salesperson",
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Meeting Customer", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Tour Meeting Person", "parent_id": customer.id}
        )
        start = datetime.now().replace(microsecond=0) - timedelta(days=2)
        event = (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Tour meeting with the customer",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "user_id": user.id,
                    "partner_ids": [Command.set((user.partner_id | person).ids)],
                }
            )
        )
        self.start_tour(
            "/odoo/action-crm_suite.calendar_event_action_to_log",
            "crm_suite_meeting_to_log_tour",
            login=user.login,
        )
        log = event.contact_log_ids
        self.assertEqual(log.summary, "Tour meeting with the customer")
        self.assertEqual(log.partner_id, customer)
        self.assertEqual(log.partner_ids, person)
        self.start_tour(
            f"/odoo/res.partner/{person.id}",
            "crm_suite_meeting_log_history_tour",
            login=user.login,
        )

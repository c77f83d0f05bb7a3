# pylint: disable=translation-required
# (customers and agents write these messages: they are data, not UI text)
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users, warmup
from odoo.tools import mute_logger

from ..common import CrmTicketCommon

# 2026-03-02 is a Monday, 2026-03-06 a Friday
MONDAY_9 = "2026-03-02 09:00:00"


class CrmTicketSlaCommon(CrmTicketCommon):
    """Team Support works Monday to Friday, 8:00 to 17:00 UTC, and warns one hour
    before a deadline. Its policies: standard (3 h to answer, 8 h to solve), urgent
    tickets (1 h, 4 h), hardware (4 h, 16 h), customer Blue Harbour (1 h, 2 h)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test Mon-Fri 8-17",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.helpdesk_team.write(
            {"resource_calendar_id": cls.calendar.id, "sla_warning_hours": 1.0}
        )
        cls.ticket_stage_waiting = cls.env.ref("crm_suite.crm_ticket_stage_waiting")
        cls.hardware = cls.env["crm.ticket.category"].create({"name": "Test Hardware"})
        # the demo policies would compete with these
        cls.env["crm.ticket.sla"].search([]).active = False
        Sla = cls.env["crm.ticket.sla"]
        team = cls.helpdesk_team.id
        cls.sla_standard = Sla.create(
            {
                "name": "Standard",
                "team_id": team,
                "time_first_response": 3,
                "time_resolution": 8,
            }
        )
        cls.sla_urgent = Sla.create(
            {
                "name": "Urgent",
                "team_id": team,
                "priority": "3",
                "time_first_response": 1,
                "time_resolution": 4,
            }
        )
        cls.sla_hardware = Sla.create(
            {
                "name": "Hardware",
                "team_id": team,
                "category_ids": [Command.link(cls.hardware.id)],
                "time_first_response": 4,
                "time_resolution": 16,
            }
        )
        cls.sla_blue = Sla.create(
            {
                "name": "Blue Harbour",
                "partner_ids": [Command.link(cls.blue.id)],
                "time_first_response": 1,
                "time_resolution": 2,
            }
        )

    @classmethod
    def _sla_ticket(cls, when=MONDAY_9, env=None, **values):
        values.setdefault("team_id", cls.helpdesk_team.id)
        values.setdefault("user_id", cls.helpdesk_agent.id)
        with freeze_time(when):
            ticket = cls._ticket(env=env, **values)
            ticket.flush_recordset()
        return ticket

    def _answer(self, ticket, when):
        with freeze_time(when):
            ticket.with_user(self.helpdesk_agent).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.flush_recordset()

    def _move(self, ticket, stage, when):
        with freeze_time(when):
            ticket.stage_id = stage
            ticket.flush_recordset()


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla")
class TestTicketSla(CrmTicketSlaCommon):
    def test_deadline_in_working_hours(self):
        """Opened on Friday at 15:00: two hours left that day, the rest on Monday."""
        ticket = self._sla_ticket(when="2026-03-06 15:00:00")
        self.assertEqual(ticket.sla_id, self.sla_standard)
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 9, 9, 0))
        self.assertEqual(ticket.sla_deadline_resolution, datetime(2026, 3, 9, 14, 0))
        self.assertEqual(ticket.sla_status_response, "ongoing")
        self.assertEqual(ticket.sla_status_resolution, "ongoing")
        self.assertEqual(ticket.sla_deadline_next, datetime(2026, 3, 9, 9, 0))
        self.assertEqual(ticket.sla_date_warning, datetime(2026, 3, 9, 8, 0))
        # opened on Saturday: the clock starts on Monday morning
        weekend = self._sla_ticket(when="2026-03-07 11:00:00")
        self.assertEqual(weekend.sla_deadline_response, datetime(2026, 3, 9, 11, 0))

    def test_company_calendar_without_team(self):
        """A ticket without team counts the company's working hours."""
        self.env.company.resource_calendar_id = self.calendar
        ticket = self._sla_ticket(
            when="2026-03-06 16:30:00", team_id=False, partner_id=self.blue.id
        )
        self.assertEqual(ticket.sla_id, self.sla_blue)
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 9, 8, 30))

    def test_policy_choice(self):
        """Customer beats category, category beats priority-less team policies,
        the highest matching minimum priority beats a lower one."""
        self.assertEqual(self._sla_ticket().sla_id, self.sla_standard)
        urgent = self._sla_ticket(priority="3")
        self.assertEqual(urgent.sla_id, self.sla_urgent)
        self.assertEqual(
            self._sla_ticket(priority="2").sla_id, self.sla_standard, "not urgent"
        )
        hardware = self._sla_ticket(priority="3", category_id=self.hardware.id)
        self.assertEqual(hardware.sla_id, self.sla_hardware)
        blue = self._sla_ticket(partner_id=self.blue.id, category_id=self.hardware.id)
        self.assertEqual(blue.sla_id, self.sla_blue)
        # a contact of the customer is covered by its company's policy
        self.assertEqual(
            self._sla_ticket(partner_id=self.carl.id).sla_id, self.sla_blue
        )
        self.assertFalse(self._sla_ticket(team_id=False).sla_id, "no team policy")
        # chosen again when the ticket changes
        with freeze_time("2026-03-02 10:00:00"):
            urgent.priority = "1"
            urgent.flush_recordset()
        self.assertEqual(urgent.sla_id, self.sla_standard)
        self.assertEqual(urgent.sla_deadline_response, datetime(2026, 3, 2, 12, 0))
        # archived policies no longer apply; sequence breaks ties
        twin = self.sla_standard.copy({"name": "Twin", "sequence": 1})
        self.assertEqual(self._sla_ticket().sla_id, twin)
        twin.active = False
        self.assertEqual(self._sla_ticket().sla_id, self.sla_standard)

    def test_waiting_pauses_the_clock(self):
        ticket = self._sla_ticket()
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 2, 12, 0))
        self._move(ticket, self.ticket_stage_waiting, "2026-03-02 10:00:00")
        self.assertEqual(ticket.sla_date_waiting, datetime(2026, 3, 2, 10, 0))
        self.assertFalse(ticket.sla_deadline_next, "no warning while waiting")
        self.assertFalse(ticket.is_sla_at_risk)
        # Monday 10-17 and Tuesday 8-10: nine working hours waited
        self._move(ticket, self.ticket_stage_progress, "2026-03-03 10:00:00")
        self.assertEqual(ticket.sla_hours_waiting, 9.0)
        self.assertFalse(ticket.sla_date_waiting)
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 3, 12, 0))
        self.assertEqual(ticket.sla_deadline_resolution, datetime(2026, 3, 3, 17, 0))
        self.assertEqual(ticket.sla_status_response, "ongoing")
        # closed on Tuesday 16:00: solved in 7 working hours (Monday 9-10, Tuesday
        # 10-16), within the moved deadline
        self._move(ticket, self.ticket_stage_solved, "2026-03-03 16:00:00")
        self.assertEqual(ticket.sla_status_resolution, "reached")
        self.assertEqual(ticket.sla_hours_resolution, 7.0)

    def test_customer_reply_resumes_the_clock(self):
        ticket = self._sla_ticket(partner_id=self.ardent.id)
        self._move(ticket, self.ticket_stage_waiting, "2026-03-02 10:00:00")
        # an agent's note does not count as the customer's answer
        with freeze_time("2026-03-02 11:00:00"):
            ticket.with_user(self.helpdesk_agent).message_post(
                body="Still waiting", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(ticket.stage_id, self.ticket_stage_waiting)
        # Ann answers by mail (the gateway posts as superuser with her as author)
        with freeze_time("2026-03-03 10:00:00"):
            ticket.message_post(
                body="Here is the log you asked for",
                author_id=self.ann.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.flush_recordset()
        self.assertEqual(ticket.stage_id, self.ticket_stage_progress)
        self.assertEqual(ticket.sla_hours_waiting, 9.0)
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 3, 12, 0))
        # a ticket already closed stays closed
        self._move(ticket, self.ticket_stage_solved, "2026-03-03 11:00:00")
        ticket.message_post(
            body="Thanks!",
            author_id=self.ann.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.stage_id, self.ticket_stage_solved)

    def test_created_waiting(self):
        ticket = self._sla_ticket(stage_id=self.ticket_stage_waiting.id)
        self.assertEqual(ticket.sla_date_waiting, datetime(2026, 3, 2, 9, 0))
        self._move(ticket, self.ticket_stage_progress, "2026-03-02 11:00:00")
        self.assertEqual(ticket.sla_hours_waiting, 2.0)
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 2, 14, 0))

    def test_first_response_reached_or_failed(self):
        on_time = self._sla_ticket()
        late = self._sla_ticket()
        self._answer(on_time, "2026-03-02 10:00:00")
        self._answer(late, "2026-03-02 13:00:00")
        self.assertEqual(on_time.sla_status_response, "reached")
        self.assertEqual(on_time.sla_hours_response, 1.0)
        self.assertFalse(on_time.is_sla_failed)
        self.assertEqual(on_time.sla_deadline_next, on_time.sla_deadline_resolution)
        self.assertEqual(late.sla_status_response, "failed")
        self.assertEqual(late.sla_hours_response, 4.0)
        self.assertTrue(late.is_sla_failed)
        self.assertEqual(late.sla_status_resolution, "ongoing")

    def test_closing_reaches_or_fails_resolution(self):
        on_time = self._sla_ticket()
        late = self._sla_ticket()
        at_once = self._sla_ticket()
        self._move(on_time, self.ticket_stage_solved, "2026-03-02 16:00:00")
        self._move(late, self.ticket_stage_solved, "2026-03-03 10:00:00")
        self._move(at_once, self.ticket_stage_solved, "2026-03-02 10:00:00")
        # closing answers the customer too: on time at once, late after 12:00
        self.assertEqual(at_once.sla_status_response, "reached")
        self.assertEqual(at_once.sla_hours_response, 1.0)
        self.assertEqual(on_time.sla_status_response, "failed")
        self.assertEqual(on_time.sla_status_resolution, "reached")
        self.assertEqual(on_time.sla_hours_resolution, 7.0)
        self.assertFalse(on_time.sla_deadline_next)
        self.assertEqual(late.sla_status_resolution, "failed")
        self.assertEqual(late.sla_hours_resolution, 10.0)
        self.assertTrue(late.is_sla_failed)
        # reopened before its deadline: running again
        with freeze_time("2026-03-02 16:30:00"):
            on_time.stage_id = self.ticket_stage_progress
            on_time.flush_recordset()
        self.assertEqual(on_time.sla_status_resolution, "ongoing")

    def test_new_hours_apply_to_open_tickets(self):
        ticket = self._sla_ticket()
        closed = self._sla_ticket()
        self._move(closed, self.ticket_stage_solved, "2026-03-02 10:00:00")
        with freeze_time("2026-03-02 10:00:00"):
            self.sla_standard.time_first_response = 2
            self.helpdesk_team.sla_warning_hours = 0.5
        self.assertEqual(ticket.sla_deadline_response, datetime(2026, 3, 2, 11, 0))
        self.assertEqual(ticket.sla_date_warning, datetime(2026, 3, 2, 10, 30))
        self.assertEqual(closed.sla_deadline_response, datetime(2026, 3, 2, 12, 0))

    def test_refresh_tickets_written_by_sql(self):
        """Tickets imported by SQL get their policy and deadlines on request."""
        ticket = self._sla_ticket()
        self.env.cr.execute(
            "UPDATE crm_ticket SET sla_id = NULL, sla_deadline_next = NULL "
            "WHERE id = %s",
            [ticket.id],
        )
        ticket.invalidate_recordset()
        with freeze_time("2026-03-02 10:00:00"):
            ticket._sla_refresh(with_policy=True)
        self.assertEqual(ticket.sla_id, self.sla_standard)
        self.assertEqual(ticket.sla_deadline_next, datetime(2026, 3, 2, 12, 0))

    def test_unmeasured_times(self):
        self.sla_standard.time_first_response = 0
        ticket = self._sla_ticket()
        self.assertFalse(ticket.sla_deadline_response)
        self.assertFalse(ticket.sla_status_response)
        self.assertEqual(ticket.sla_status_resolution, "ongoing")

    def test_negative_hours_refused(self):
        with self.assertRaisesRegex(ValidationError, "negative number of hours"):
            self.sla_standard.time_resolution = -1
        with self.assertRaisesRegex(ValidationError, "negative number of hours"):
            self.env["crm.ticket.sla"].create(
                {"name": "Wrong", "time_first_response": -2}
            )

    def test_closing_stage_cannot_wait(self):
        with self.assertRaisesRegex(ValidationError, "cannot wait for the customer"):
            self.ticket_stage_solved.is_waiting = True

    def test_at_risk_and_failed_filters(self):
        near = self._sla_ticket()
        far = self._sla_ticket(category_id=self.hardware.id)
        failed = self._sla_ticket()
        self._answer(failed, "2026-03-02 13:00:00")
        Ticket = self.env["crm.ticket"]
        ids = (near | far | failed).ids
        with freeze_time("2026-03-02 11:30:00"):
            at_risk = Ticket.search([("id", "in", ids), ("is_sla_at_risk", "=", True)])
            self.assertEqual(at_risk, near)
            self.assertTrue(near.is_sla_at_risk)
            self.assertFalse(far.is_sla_at_risk)
            self.assertIn(
                far,
                Ticket.search([("id", "in", ids), ("is_sla_at_risk", "!=", True)]),
            )
        self.assertEqual(
            Ticket.search([("id", "in", ids), ("is_sla_failed", "=", True)]), failed
        )
        # the team dashboard counts the same tickets (the failed one is open)
        with freeze_time("2026-03-02 11:30:00"):
            team = self.helpdesk_team.with_user(self.helpdesk_lead)
            self.assertEqual(team.sla_at_risk_ticket_count, 1)
            self.assertEqual(team.sla_failed_ticket_count, 1)


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla")
class TestTicketSlaCron(CrmTicketSlaCommon):
    def setUp(self):
        super().setUp()
        self.progress = []
        IrCron = type(self.env["ir.cron"])

        def notify_progress(cron, *, done, remaining, deactivate=False):
            self.progress.append((done, remaining))

        self.patch(IrCron, "_notify_progress", notify_progress)

    def _run_cron(self, when, **kwargs):
        with freeze_time(when):
            return self.env["crm.ticket"]._cron_sla_warning(**kwargs)

    def _warnings(self, tickets):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.ticket"),
                ("res_id", "in", tickets.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("crm_suite.mail_activity_type_sla_warning").id,
                ),
            ]
        )

    def test_cron_warns_once_and_flags_breaches(self):
        near = self._sla_ticket()  # answer due at 12:00, warned from 11:00
        far = self._sla_ticket(category_id=self.hardware.id)  # answer due at 13:00
        unassigned = self._sla_ticket(user_id=False)
        self.assertEqual(self._run_cron("2026-03-02 10:30:00"), self.env["crm.ticket"])
        self.assertEqual(self.progress, [(0, 0)])

        done = self._run_cron("2026-03-02 11:30:00")
        self.assertEqual(done, near | unassigned)
        warnings = self._warnings(near)
        self.assertEqual(warnings.user_id, self.helpdesk_agent | self.helpdesk_lead)
        self.assertEqual(self._warnings(unassigned).user_id, self.helpdesk_lead)
        self.assertFalse(self._warnings(far))
        self.assertEqual(near.sla_warned_deadline, datetime(2026, 3, 2, 12, 0))
        self.assertEqual(near.sla_status_response, "ongoing")
        self.assertEqual(self.progress[-1], (2, 0))
        # a second run warns nobody again
        self.assertFalse(self._run_cron("2026-03-02 11:45:00"))
        self.assertEqual(len(self._warnings(near)), 2)

        # after the deadline: breached, and the next deadline is the resolution's
        done = self._run_cron("2026-03-02 12:30:00")
        self.assertEqual(done, near | unassigned | far)
        self.assertEqual(near.sla_status_response, "failed")
        self.assertTrue(near.is_sla_failed)
        self.assertEqual(near.sla_deadline_next, datetime(2026, 3, 2, 17, 0))
        self.assertEqual(near.sla_date_warning, datetime(2026, 3, 2, 16, 0))
        self.assertEqual(len(self._warnings(far)), 2, "far is near now")
        self.assertEqual(len(self._warnings(near)), 2)
        self.assertEqual(far.sla_status_response, "ongoing")

        # the resolution deadline: one new warning each, then the breach
        self._run_cron("2026-03-02 16:15:00")
        self.assertEqual(len(self._warnings(near)), 4)
        self._run_cron("2026-03-02 17:30:00")
        self.assertEqual(near.sla_status_resolution, "failed")
        self.assertFalse(near.sla_deadline_next)

    def test_cron_skips_waiting_and_closed(self):
        waiting = self._sla_ticket()
        closed = self._sla_ticket()
        self._move(waiting, self.ticket_stage_waiting, "2026-03-02 10:00:00")
        self._move(closed, self.ticket_stage_solved, "2026-03-02 10:00:00")
        self.assertFalse(self._run_cron("2026-03-02 18:00:00"))
        self.assertEqual(waiting.sla_status_response, "ongoing")
        self.assertFalse(self._warnings(waiting | closed))

    def test_cron_batches_report_progress(self):
        tickets = self.env["crm.ticket"]
        for _index in range(3):
            tickets |= self._sla_ticket()
        first = self._run_cron("2026-03-02 11:30:00", batch_size=2)
        self.assertEqual(len(first), 2)
        self.assertEqual(self.progress[-1], (2, 1))
        second = self._run_cron("2026-03-02 11:30:00", batch_size=2)
        self.assertEqual(first | second, tickets)
        self.assertEqual(self.progress[-1], (1, 0))

    def test_cron_data(self):
        cron = self.env.ref("crm_suite.ir_cron_crm_ticket_sla_warning")
        self.assertEqual(cron.code, "model._cron_sla_warning()")
        self.assertEqual(cron.model_id.model, "crm.ticket")


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla")
class TestTicketSlaReport(CrmTicketSlaCommon):
    def test_compliance_and_average_times(self):
        on_time = self._sla_ticket()
        late = self._sla_ticket()
        running = self._sla_ticket()
        self._answer(on_time, "2026-03-02 10:00:00")
        self._move(on_time, self.ticket_stage_solved, "2026-03-02 15:00:00")
        self._answer(late, "2026-03-02 14:00:00")
        self._move(late, self.ticket_stage_solved, "2026-03-03 11:00:00")
        self.assertTrue(running)
        Report = self.env["crm.ticket.sla.report"]
        [(team, compliance, response, resolution, failed, count)] = Report._read_group(
            [("team_id", "=", self.helpdesk_team.id)],
            ["team_id"],
            [
                "sla_compliance:avg",
                "hours_response:avg",
                "hours_resolution:avg",
                "sla_failed_count:sum",
                "__count",
            ],
        )
        self.assertEqual(team, self.helpdesk_team)
        self.assertEqual(count, 3)
        # the running ticket counts neither in the compliance nor in the times
        self.assertEqual(compliance, 50.0)
        self.assertEqual(response, (1.0 + 5.0) / 2)
        self.assertEqual(resolution, (6.0 + 11.0) / 2)
        self.assertEqual(failed, 2)
        by_agent = dict(
            Report._read_group(
                [("team_id", "=", self.helpdesk_team.id)],
                ["user_id"],
                ["sla_reached_count:sum"],
            )
        )
        self.assertEqual(by_agent[self.helpdesk_agent], 2)


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla", "crm_suite_security")
class TestTicketSlaSecurity(CrmTicketSlaCommon):
    @users("helpdesk_agent")
    def test_agent_reads_policies(self):
        policy = self.sla_standard.with_env(self.env)
        self.assertEqual(policy.name, "Standard")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            policy.time_resolution = 10
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["crm.ticket.sla"].create({"name": "Mine"})
        # the agent's own ticket gets its policy although agents do not write them
        ticket = self._sla_ticket(env=self.env, user_id=self.env.uid)
        self.assertEqual(ticket.sla_id, self.sla_standard)

    @users("helpdesk_manager")
    def test_manager_edits_policies(self):
        policy = self.env["crm.ticket.sla"].create(
            {"name": "Gold", "time_first_response": 0.5}
        )
        policy.time_resolution = 4
        policy.unlink()

    @users("portal_ann")
    def test_portal_no_policies(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["crm.ticket.sla"].search([])

    @users("employee")
    def test_employee_no_policies(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["crm.ticket.sla"].search([])

    def test_policy_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other SLA Co"})
        other = (
            self.env["crm.ticket.sla"]
            .with_company(other_company)
            .create({"name": "Elsewhere", "time_first_response": 2})
        )
        self.assertEqual(other.company_id, other_company)
        self.helpdesk_manager.write({"company_ids": [Command.link(other_company.id)]})
        Sla = (
            self.env["crm.ticket.sla"]
            .with_user(self.helpdesk_manager)
            .with_context(allowed_company_ids=[self.env.company.id])
        )
        self.assertNotIn(other, Sla.search([]))
        self.assertIn(
            other,
            Sla.with_context(
                allowed_company_ids=[self.env.company.id, other_company.id]
            ).search([]),
        )
        # a ticket of this company never gets the other company's policy
        other.write({"priority": "3", "time_first_response": 0.1, "sequence": 0})
        self.assertEqual(self._sla_ticket(priority="3").sla_id, self.sla_urgent)

    def test_report_follows_ticket_rules(self):
        own = self._sla_ticket(user_id=self.helpdesk_agent.id, team_id=False)
        elsewhere = self._sla_ticket(user_id=self.helpdesk_other.id, team_id=False)
        Report = self.env["crm.ticket.sla.report"]
        ids = (own | elsewhere).ids
        agent_rows = Report.with_user(self.helpdesk_agent).search(
            [("ticket_id", "in", ids)]
        )
        self.assertEqual(agent_rows.ticket_id, own)
        manager_rows = Report.with_user(self.helpdesk_manager).search(
            [("ticket_id", "in", ids)]
        )
        self.assertEqual(manager_rows.ticket_id, own | elsewhere)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            Report.with_user(self.sales_own).search([])


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla", "crm_suite_perf")
class TestTicketSlaQueries(CrmTicketSlaCommon):
    def _create_count(self, count):
        vals_list = [
            {
                "name": f"Ticket {index}",
                "partner_id": self.ardent.id,
                "user_id": self.helpdesk_agent.id,
                "team_id": self.helpdesk_team.id,
                "category_id": self.hardware.id if index % 2 else False,
                "priority": str(index % 4),
                "channel": "phone",
            }
            for index in range(count)
        ]
        Ticket = self.env["crm.ticket"]
        Ticket.flush_model()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        tickets = Ticket.create(vals_list)
        Ticket.flush_model()
        self.assertTrue(all(tickets.mapped("sla_id")))
        return self.cr.sql_log_count - before

    @users("helpdesk_agent")
    @warmup
    def test_create_flat_with_sla(self):
        """Policies and working hours are read once per create call: 20 tickets with
        several policies cost the queries of one."""
        self._create_count(1)
        self.assertEqual(self._create_count(20), self._create_count(1))


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_sla")
class TestTicketTeamCalendar(CrmTicketSlaCommon):
    def test_team_of_another_company_takes_its_hours(self):
        other = self.env["res.company"].create({"name": "Test Calendar Company"})
        team = self.env["crm.ticket.team"].create(
            {"name": "Test Other Desk", "company_id": other.id}
        )
        self.assertEqual(team.resource_calendar_id, other.resource_calendar_id)
        team.company_id = self.env.company
        self.assertEqual(
            team.resource_calendar_id, self.env.company.resource_calendar_id
        )
        self.assertEqual(self.helpdesk_team.resource_calendar_id, self.calendar)

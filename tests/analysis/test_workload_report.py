from odoo import fields
from odoo.tests import tagged

from .common import AnalysisCommon

MODEL = "crm.workload.report"


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestWorkloadReport(AnalysisCommon):
    def test_planned_and_done_per_user(self):
        rows = self._read(
            MODEL,
            ["user_id", "kind"],
            ["count:sum"],
            [("user_id", "in", self.salespeople.ids)],
        )
        a, b, c = self.sales_a.id, self.sales_b.id, self.sales_c.id
        self.assertEqual(
            rows,
            {
                (a, "activity_planned"): 2,
                (a, "activity_overdue"): 1,
                (a, "meeting_planned"): 1,
                (a, "contact_done"): 3,
                (b, "activity_planned"): 1,
                (b, "meeting_planned"): 1,
                (b, "contact_done"): 2,
                (c, "activity_planned"): 1,
                (c, "activity_overdue"): 1,
                (c, "meeting_planned"): 1,
                (c, "contact_done"): 1,
            },
        )

    def test_done_per_month_and_team(self):
        rows = self._read(
            MODEL,
            ["date:month", "team_id"],
            ["count:sum"],
            [("user_id", "in", self.salespeople.ids), ("kind", "=", "contact_done")],
        )
        self.assertEqual(
            {(str(month), team): count for (month, team), count in rows.items()},
            {
                ("2025-01-01", self.north.id): 2,
                ("2025-02-01", self.north.id): 3,
                ("2025-02-01", self.south.id): 1,
            },
        )

    def test_customer_of_planned_work(self):
        """An activity on a deal and a meeting on a deal count for the deal's
        customer; an activity on a contact for its company."""
        rows = self._read(
            MODEL,
            ["partner_id"],
            ["count:sum"],
            [
                ("user_id", "in", self.salespeople.ids),
                ("kind", "in", ("activity_planned", "meeting_planned")),
            ],
        )
        self.assertEqual(
            rows,
            {self.acme.id: 4, self.bolt.id: 1, self.cora.id: 2},
        )

    def test_done_activity_leaves_the_plan(self):
        self.activities[0].action_feedback(feedback="done")
        self.env.flush_all()
        rows = self._read(
            MODEL,
            ["kind"],
            ["count:sum"],
            [("user_id", "=", self.sales_a.id)],
        )
        self.assertEqual(rows.get("activity_planned"), 1)
        self.assertFalse(rows.get("activity_overdue"))

    def test_meetings_planned_against_held(self):
        """A meeting with a contact log made from it is held, once per internal
        attendee, on its start day; a meeting without one is only planned."""
        acme_meeting, cora_meeting = self.meetings
        self.env["crm.contact.log"].create(
            {
                **self._log_vals(
                    fields.Date.to_string(acme_meeting.start.date()),
                    self.sales_a,
                    self.acme,
                    self.positive,
                ),
                "calendar_event_id": acme_meeting.id,
            }
        )
        rows = self._read(
            MODEL,
            ["user_id", "kind", "date:day"],
            ["count:sum"],
            [
                ("user_id", "in", self.salespeople.ids),
                ("kind", "in", ("meeting_planned", "meeting_held")),
            ],
        )
        a, b, c = self.sales_a.id, self.sales_b.id, self.sales_c.id
        acme_day = acme_meeting.start.date()
        cora_day = cora_meeting.start.date()
        self.assertEqual(
            {(user, kind, day): n for (user, kind, day), n in rows.items()},
            {
                (a, "meeting_planned", acme_day): 1,
                (a, "meeting_held", acme_day): 1,
                (b, "meeting_planned", acme_day): 1,
                (b, "meeting_held", acme_day): 1,
                (c, "meeting_planned", cora_day): 1,
            },
        )

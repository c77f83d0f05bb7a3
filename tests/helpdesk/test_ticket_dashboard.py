from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged, users
from odoo.tools import SQL

from ..common import CrmTicketCommon

NOW = datetime(2026, 3, 10, 12, 0)
COUNTERS = [
    "open_ticket_count",
    "unassigned_ticket_count",
    "urgent_ticket_count",
    "my_ticket_count",
    "today_ticket_count",
    "closed_week_ticket_count",
]
# their values are tested with the SLA (tests/test_ticket_sla.py)
SLA_COUNTERS = ["sla_failed_ticket_count", "sla_at_risk_ticket_count"]


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_knowledge")
@freeze_time(NOW)
class TestTicketDashboard(CrmTicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_b = cls.env["crm.ticket.team"].create(
            {"name": "Test Field Service", "member_ids": [(4, cls.helpdesk_other.id)]}
        )
        team_a = cls.helpdesk_team.id
        old = NOW - timedelta(days=3)
        solved = cls.ticket_stage_solved.id
        cls.env["crm.ticket"].create(
            [
                # team A: 4 open (2 unassigned, 1 urgent, 1 high, 2 of the agent),
                # 1 closed today, 1 closed 10 days ago; only A2 opened today
                {"name": "A1", "team_id": team_a, "date_open": old},
                {"name": "A2", "team_id": team_a, "priority": "3"},
                {
                    "name": "A3",
                    "team_id": team_a,
                    "priority": "2",
                    "user_id": cls.helpdesk_agent.id,
                    "date_open": old,
                },
                {
                    "name": "A4",
                    "team_id": team_a,
                    "user_id": cls.helpdesk_agent.id,
                    "date_open": old,
                },
                {
                    "name": "A5",
                    "team_id": team_a,
                    "stage_id": solved,
                    "priority": "3",
                    "date_open": old,
                },
                {
                    "name": "A6",
                    "team_id": team_a,
                    "stage_id": solved,
                    "date_open": NOW - timedelta(days=20),
                    "date_closed": NOW - timedelta(days=10),
                },
                # team B: 1 open assigned to the other agent
                {
                    "name": "B1",
                    "team_id": cls.team_b.id,
                    "user_id": cls.helpdesk_other.id,
                    "priority": "1",
                },
                # no team: counted nowhere
                {"name": "N1"},
            ]
        )

    def _counters(self, team):
        return dict(zip(COUNTERS, (team[name] for name in COUNTERS), strict=True))

    @users("helpdesk_manager")
    def test_counters_per_team(self):
        team_a = self.helpdesk_team.with_env(self.env)
        team_b = self.team_b.with_env(self.env)
        self.assertEqual(
            self._counters(team_a),
            {
                "open_ticket_count": 4,
                "unassigned_ticket_count": 2,
                "urgent_ticket_count": 2,
                "my_ticket_count": 0,
                "today_ticket_count": 1,
                "closed_week_ticket_count": 1,
            },
        )
        self.assertEqual(
            self._counters(team_b),
            {
                "open_ticket_count": 1,
                "unassigned_ticket_count": 0,
                "urgent_ticket_count": 0,
                "my_ticket_count": 0,
                "today_ticket_count": 1,
                "closed_week_ticket_count": 0,
            },
        )

    @users("helpdesk_agent")
    def test_my_tickets_and_rules(self):
        """ "My" is the reader's; the counts follow the reader's record rules (the
        agent is not in team B and sees only its unassigned tickets: none)."""
        team_a = self.helpdesk_team.with_env(self.env)
        self.assertEqual(team_a.my_ticket_count, 2)
        self.assertEqual(team_a.open_ticket_count, 4)
        self.assertEqual(self.team_b.with_env(self.env).open_ticket_count, 0)

    @users("helpdesk_manager")
    def test_today_in_user_timezone(self):
        # 12:00 UTC is 23:00 in Sydney: today there began at 13:00 UTC yesterday
        team_a = self.helpdesk_team.with_env(self.env)
        self.assertEqual(team_a.today_ticket_count, 1)
        sydney = team_a.with_context(tz="Australia/Sydney")
        self.assertEqual(
            sydney._start_of_today(), datetime(2026, 3, 9, 13, 0), "UTC+11 in March"
        )

    @users("helpdesk_manager")
    def test_counter_buttons_open_the_counted_tickets(self):
        team_a = self.helpdesk_team.with_env(self.env)
        Ticket = self.env["crm.ticket"]
        for counter in COUNTERS + SLA_COUNTERS:
            action = team_a.with_context(
                crm_suite_counter=counter
            ).action_open_dashboard_tickets()
            self.assertEqual(action["res_model"], "crm.ticket")
            self.assertEqual(
                Ticket.search_count(action["domain"]), team_a[counter], counter
            )
        action = team_a.action_open_dashboard_tickets()
        self.assertEqual(action["display_name"], "Test Support: Open Tickets")
        self.assertEqual(action["context"]["default_team_id"], team_a.id)
        with self.assertRaisesRegex(UserError, "Unknown counter"):
            team_a.with_context(
                crm_suite_counter="name"
            ).action_open_dashboard_tickets()

    @users("helpdesk_manager")
    def test_counters_query_count(self):
        """One grouped query per counter, whatever the number of teams."""
        many = (
            self.env["crm.ticket.team"]
            .sudo()
            .create([{"name": f"Test team {index}"} for index in range(8)])
        )
        one_team = self.helpdesk_team.with_env(self.env)
        ten_teams = (self.helpdesk_team | self.team_b | many).with_env(self.env)
        # warm up the caches the counters share with the rest of the page (the
        # user's timezone, the record rules), then measure the counters alone
        ten_teams.mapped("open_ticket_count")
        Team = self.env["crm.ticket.team"]
        # one grouped query per counter, plus the teams' SLA warning windows read
        # by the "at risk" domain
        expected = len(COUNTERS) + len(SLA_COUNTERS) + 1
        Team.invalidate_model(COUNTERS + SLA_COUNTERS)
        with self.assertQueryCount(expected):
            one_team.mapped("open_ticket_count")
        Team.invalidate_model(COUNTERS + SLA_COUNTERS)
        with self.assertQueryCount(expected):
            ten_teams.mapped("open_ticket_count")
        # all the counters were filled together
        with self.assertQueryCount(0):
            ten_teams.mapped("closed_week_ticket_count")
        self.assertEqual(ten_teams.mapped("open_ticket_count"), [4, 1] + [0] * 8)


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_perf")
class TestTicketDashboardIndex(CrmTicketCommon):
    """Issue 17, item 15: "Opened Today" scanned the whole ticket table; its
    domain is now served by the index on the open date."""

    def test_opened_today_reads_the_date_index(self):
        # the dashboard lists every team: the team filter selects nearly the whole
        # table, the date is what narrows the counter down
        domain = self.env["crm.ticket.team"]._dashboard_counter_domains()[
            "today_ticket_count"
        ]
        query = self.env["crm.ticket"]._search(domain)
        self.env.flush_all()
        # the test table is tiny: forbid the sequential scan the planner would
        # pick anyway, so the plan shows which index can serve the counter
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        try:
            self.env.cr.execute(
                SQL("EXPLAIN SELECT COUNT(*) FROM (%s) AS t", query.select())
            )
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("crm_ticket__date_open_index", plan)

from odoo.tests import new_test_user, tagged, users

from ..common import CrmTicketCommon


@tagged(
    "crm_suite",
    "crm_suite_helpdesk",
    "crm_suite_dossier",
    "crm_suite_knowledge",
    "post_install",
    "-at_install",
)
class TestTicketDossier(CrmTicketCommon):
    """The dossier is a sales document (it lists deals and contact logs): its
    readers here are helpdesk people who are also salespeople, but not Ardent's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = "base.group_user,sales_team.group_sale_salesman"
        helpdesk = "crm_suite.group_crm_suite_helpdesk"
        cls.desk_manager = new_test_user(
            cls.env, "desk_manager", groups=f"{sales},{helpdesk}_manager"
        )
        cls.desk_agent = new_test_user(
            cls.env, "desk_agent", groups=f"{sales},{helpdesk}_user"
        )
        cls.desk_other = new_test_user(
            cls.env, "desk_other", groups=f"{sales},{helpdesk}_user"
        )
        cls.helpdesk_team.member_ids += cls.desk_agent
        cls.ticket_closed = cls._ticket(
            name="Closed: screen flickers",
            stage_id=cls.ticket_stage_solved.id,
            user_id=cls.desk_agent.id,
            team_id=cls.helpdesk_team.id,
        )
        cls.ticket_open = cls._ticket(
            name="Open: printer jams",
            user_id=cls.desk_agent.id,
            team_id=cls.helpdesk_team.id,
        )
        # assigned to the team leader: outside desk_other's rule
        cls.ticket_hidden = cls._ticket(
            name="Assigned: broken chair",
            user_id=cls.helpdesk_lead.id,
            team_id=cls.helpdesk_team.id,
        )
        cls.ticket_blue = cls._ticket(name="Blue's ticket", partner_id=cls.blue.id)

    def _render(self):
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_customer_dossier", self.ann.ids
        )
        return html.decode()

    @users("desk_manager")
    def test_manager_sees_the_tickets_open_first(self):
        html = self._render()
        self.assertIn('<h4 class="mt-4">Tickets</h4>', html)
        for ticket in (self.ticket_open, self.ticket_closed, self.ticket_hidden):
            self.assertIn(ticket.number, html)
        self.assertNotIn("Blue's ticket", html, "another customer's")
        self.assertLess(
            html.index("Open: printer jams"), html.index("Closed: screen flickers")
        )
        report = self.env["report.crm_suite.report_customer_dossier"]
        tickets = report._prepare_tickets(self.ardent)["tickets"]
        self.assertEqual(tickets[-1], self.ticket_closed, "closed ones last")

    @users("desk_other")
    def test_agent_sees_the_tickets_of_their_rules(self):
        html = self._render()
        self.assertIn('<h4 class="mt-4">Tickets</h4>', html)
        self.assertNotIn(self.ticket_open.number, html)
        self.assertNotIn("Assigned: broken chair", html)
        # an agent of the team sees them
        html = self._render_as(self.desk_agent)
        self.assertIn("Open: printer jams", html)
        self.assertIn("Assigned: broken chair", html)

    @users("sales_own2")
    def test_empty_for_a_salesperson_of_another_customer(self):
        """Salespeople read their own customers' tickets only: the section stays
        empty for another salesperson's customer."""
        html = self._render()
        self.assertIn("Ardent Tools", html)
        self.assertIn("No ticket.", html)
        self.assertNotIn("printer jams", html)
        # the customer's salesperson sees them
        self.assertIn("Open: printer jams", self._render_as(self.sales_own))

    @users("accountant")
    def test_hidden_without_ticket_rights(self):
        """Without access to tickets, no section (not an access error)."""
        report = self.env["report.crm_suite.report_customer_dossier"]
        self.assertEqual(
            report._prepare_tickets(self.ardent),
            {"show_tickets": False, "tickets": self.env["crm.ticket"]},
        )

    def _render_as(self, user):
        html, _ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html("crm_suite.report_customer_dossier", self.ann.ids)
        )
        return html.decode()

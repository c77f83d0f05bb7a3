from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_helpdesk", "post_install", "-at_install")
class TestTicketUi(HttpCase):
    def test_ticket_tour(self):
        """An agent takes a ticket from the kanban, answers, logs time and closes it."""
        agent = new_test_user(
            self.env,
            "tour_agent",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_user",
            name="Tour Agent",
        )
        team = self.env["crm.ticket.team"].create(
            {"name": "Tour Support", "member_ids": [Command.set(agent.ids)]}
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour VPN Customer", "is_company": True, "email": "it@vpn.example"}
        )
        contract = self.env["crm.support.contract"].create(
            {
                "name": "VPN support 2026-2027",
                "partner_id": customer.id,
                "date_start": "2026-01-01",
                "date_end": "2027-12-31",
                "hours_included": 10.0,
                "hourly_rate": 90.0,
            }
        )
        contract.action_start()
        ticket = self.env["crm.ticket"].create(
            {
                "name": "Tour: the VPN drops every hour",
                "partner_id": customer.id,
                "team_id": team.id,
                "channel": "phone",
            }
        )
        self.assertEqual(ticket.contract_id, contract)
        self.start_tour(
            "/odoo/action-crm_suite.crm_ticket_action",
            "crm_suite_ticket_tour",
            login=agent.login,
        )
        self.assertEqual(ticket.user_id, agent)
        self.assertTrue(ticket.date_assign)
        self.assertTrue(ticket.date_first_response)
        self.assertEqual(ticket.time_log_ids.hours, 1.5)
        self.assertEqual(ticket.time_log_ids.user_id, agent)
        self.assertEqual(ticket.time_log_ids.contract_id, contract)
        self.assertEqual(
            ticket.stage_id, self.env.ref("crm_suite.crm_ticket_stage_solved")
        )
        self.assertTrue(ticket.date_closed)
        answers = ticket.message_ids.filtered(
            lambda m: m.author_id == agent.partner_id and m.message_type == "comment"
        )
        self.assertEqual(len(answers), 2, "the answer and the closing message")
        self.assertIn("Version 5 keeps the connection", answers[0].body)

    def test_use_solution_keeps_breadcrumbs(self):
        """Issue 17 (polish): the breadcrumbs grew after "Use this Solution"."""
        agent = new_test_user(
            self.env,
            "tour_solution_agent",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_user",
            name="Solution Agent",
        )
        customer = self.env["res.partner"].create({"name": "Tour Toner Customer"})
        ticket = self.env["crm.ticket"].create(
            {"name": "Tour toner smudges", "partner_id": customer.id}
        )
        self.env["crm.ticket.solution"].create(
            {
                "name": "Tour toner smudges",
                "problem": "Grey smudges on every page after a toner change.",
                "solution": "<p>Shake the cartridge.</p>",
            }
        )
        self.start_tour(
            f"/odoo/action-crm_suite.crm_ticket_action/{ticket.id}",
            "crm_suite_solution_breadcrumb_tour",
            login=agent.login,
        )
        self.assertEqual(ticket.solution_id.name, "Tour toner smudges")

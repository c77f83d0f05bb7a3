from odoo.tests import Form, tagged, users

from ..common import CrmTicketCommon


@tagged("crm_suite", "crm_suite_helpdesk")
class TestTicketDefaults(CrmTicketCommon):
    """Issue 17, defect 3: tickets created in the back end got no team and no
    e-mail, even with a single team and a contact with an address, and were missing
    from the team dashboard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ardent.email = "desk@ardent.example.com"
        cls.ann.email = "ann.desk@ardent.example.com"
        # the demo's teams aside: the company has the test team only
        cls.env["crm.ticket.team"].search(
            [("id", "!=", cls.helpdesk_team.id)]
        ).active = False

    def _new_ticket(self, **values):
        form = Form(self.env["crm.ticket"])
        form.name = "The printer jams"
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    @users("helpdesk_manager")
    def test_only_team_of_the_company(self):
        # a manager in no team: an agent outside the team may not create its
        # tickets at all (the team tiers of the access model)
        ticket = self._new_ticket(partner_id=self.ardent)
        self.assertEqual(ticket.team_id, self.helpdesk_team)

    @users("helpdesk_other")
    def test_agent_outside_the_only_team(self):
        # an agent of no team does not get a team they could not reach: the ticket
        # is saved without one, for dispatch
        ticket = self._new_ticket(partner_id=self.ardent)
        self.assertFalse(ticket.team_id)

    @users("helpdesk_agent")
    def test_user_team_first(self):
        self.env["crm.ticket.team"].sudo().create({"name": "Second Line"})
        ticket = self._new_ticket(partner_id=self.ardent)
        self.assertEqual(ticket.team_id, self.helpdesk_team, "the agent's own team")

    @users("helpdesk_other")
    def test_no_guess_between_several_teams(self):
        self.env["crm.ticket.team"].sudo().create({"name": "Second Line"})
        ticket = self._new_ticket(partner_id=self.ardent)
        self.assertFalse(ticket.team_id, "outside both teams: the user chooses")

    @users("helpdesk_agent")
    def test_email_from_the_contact_else_the_customer(self):
        ticket = self._new_ticket(partner_id=self.ardent)
        self.assertEqual(ticket.email_from, "desk@ardent.example.com")
        ticket = self._new_ticket(partner_id=self.ardent, contact_id=self.ann)
        self.assertEqual(ticket.email_from, "ann.desk@ardent.example.com")
        ticket = self._new_ticket(
            partner_id=self.ardent, email_from="someone@else.example.com"
        )
        self.assertEqual(ticket.email_from, "someone@else.example.com", "typed wins")

    @users("helpdesk_agent")
    def test_batch_create_gets_the_defaults(self):
        tickets = self.env["crm.ticket"].create(
            [{"name": f"T{n}", "partner_id": self.ardent.id} for n in range(3)]
        )
        self.assertEqual(tickets.team_id, self.helpdesk_team)
        self.assertEqual(set(tickets.mapped("email_from")), {"desk@ardent.example.com"})

# pylint: disable=translation-required
# (customers and agents write these messages: they are data, not UI text)
import re
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users, warmup
from odoo.tools import mute_logger

from ..common import CrmTicketCommon


@tagged("crm_suite", "crm_suite_helpdesk")
class TestTicket(CrmTicketCommon):
    def test_numbering(self):
        first, second = self.env["crm.ticket"].create(
            [
                {"name": "First", "partner_id": self.ardent.id},
                {"name": "Second", "partner_id": self.blue.id},
            ]
        )
        self.assertRegex(first.number, r"^TCK/\d{5}$")
        first_number = int(first.number.split("/")[1])
        self.assertEqual(second.number, f"TCK/{first_number + 1:05d}")
        self.assertEqual(first.display_name, f"{first.number} First")
        # found by its number
        self.assertEqual(
            self.env["crm.ticket"].name_search(first.number),
            [(first.id, first.display_name)],
        )
        self.assertNotEqual(first.copy().number, first.number)

    def test_defaults(self):
        ticket = self._ticket()
        self.assertEqual(ticket.stage_id, self.ticket_stage_new)
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.commercial_partner_id, self.ardent)
        self.assertEqual(ticket.company_id, self.env.company)
        self.assertTrue(ticket.date_open)
        self.assertFalse(ticket.date_assign)
        self.assertFalse(ticket.date_closed)

    def test_contact_person_of_the_customer(self):
        ticket = self._ticket(contact_id=self.ann.id)
        self.assertEqual(ticket.contact_id, self.ann)
        # a person of the customer may be the customer itself
        self.assertTrue(self._ticket(partner_id=self.ann.id, contact_id=self.bob.id))
        with self.assertRaisesRegex(ValidationError, "not a contact person of"):
            self._ticket(contact_id=self.carl.id)
        with self.assertRaisesRegex(ValidationError, "not a contact person of"):
            ticket.partner_id = self.blue

    def test_related_deal_of_the_customer(self):
        ticket = self._ticket(lead_id=self.lead.id)
        self.assertEqual(ticket.lead_id, self.lead)
        with self.assertRaisesRegex(ValidationError, "belongs to Ardent Tools"):
            self._ticket(partner_id=self.blue.id, lead_id=self.lead.id)

    def test_agent_without_sales_rights_changes_customer(self):
        """The deal check reads the deal with sudo: an agent who may not read
        deals still changes the contact person of a ticket linked to one."""
        ticket = self._ticket(lead_id=self.lead.id, user_id=self.helpdesk_agent.id)
        agent_ticket = ticket.with_user(self.helpdesk_agent)
        agent_ticket.write({"partner_id": self.ann.id, "contact_id": self.bob.id})
        self.assertEqual(ticket.contact_id, self.bob)
        with self.assertRaisesRegex(ValidationError, "belongs to Ardent Tools"):
            agent_ticket.write({"partner_id": self.blue.id, "contact_id": False})

    def test_date_assign(self):
        with freeze_time("2026-03-02 09:00:00"):
            assigned = self._ticket(user_id=self.helpdesk_agent.id)
            ticket = self._ticket()
        self.assertEqual(assigned.date_assign, datetime(2026, 3, 2, 9, 0))
        self.assertFalse(ticket.date_assign)
        with freeze_time("2026-03-02 10:30:00"):
            ticket.user_id = self.helpdesk_agent
        self.assertEqual(ticket.date_assign, datetime(2026, 3, 2, 10, 30))
        ticket.user_id = False
        self.assertFalse(ticket.date_assign)

    def test_date_closed(self):
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
            ticket.stage_id = self.ticket_stage_progress
        self.assertFalse(ticket.date_closed)
        with freeze_time("2026-03-03 11:00:00"):
            ticket.stage_id = self.ticket_stage_solved
        self.assertTrue(ticket.is_closed)
        self.assertEqual(ticket.date_closed, datetime(2026, 3, 3, 11, 0))
        # from one closed stage to another: still closed since the first closing
        with freeze_time("2026-03-04 11:00:00"):
            ticket.stage_id = self.ticket_stage_cancelled
        self.assertEqual(ticket.date_closed, datetime(2026, 3, 3, 11, 0))
        # reopened: no closing date until closed again
        ticket.stage_id = self.ticket_stage_progress
        self.assertFalse(ticket.is_closed)
        self.assertFalse(ticket.date_closed)
        # created closed (e.g. a call answered at once)
        with freeze_time("2026-03-05 08:00:00"):
            closed = self._ticket(stage_id=self.ticket_stage_solved.id)
        self.assertEqual(closed.date_closed, datetime(2026, 3, 5, 8, 0))

    def test_date_closed_batch_write(self):
        with freeze_time("2026-03-02 09:00:00"):
            done = self._ticket(stage_id=self.ticket_stage_solved.id)
        todo = self._ticket()
        with freeze_time("2026-03-06 09:00:00"):
            (done | todo).write({"stage_id": self.ticket_stage_cancelled.id})
        self.assertEqual(done.date_closed, datetime(2026, 3, 2, 9, 0))
        self.assertEqual(todo.date_closed, datetime(2026, 3, 6, 9, 0))

    def test_date_first_response(self):
        ticket = self._ticket(contact_id=self.ann.id)
        ticket.message_subscribe(partner_ids=self.ann.ids)
        agent_ticket = ticket.with_user(self.helpdesk_agent)
        # an internal note is no answer to the customer
        agent_ticket.message_post(
            body="Checking the logs", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(ticket.date_first_response)
        # nor is a message of the customer
        ticket.message_post(
            body="Any news?",
            author_id=self.ann.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(ticket.date_first_response)
        with freeze_time("2026-03-02 09:15:00"):
            agent_ticket.message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.date_first_response, datetime(2026, 3, 2, 9, 15))
        with freeze_time("2026-03-02 12:00:00"):
            agent_ticket.message_post(
                body="Fixed", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.date_first_response, datetime(2026, 3, 2, 9, 15))

    def test_acknowledgement_queued(self):
        template = self.env.ref("crm_suite.mail_template_crm_ticket_acknowledgement")
        Mail = self.env["mail.mail"]
        before = Mail.search([("model", "=", "crm.ticket")])
        by_phone = self._ticket(channel="phone", contact_id=self.ann.id)
        by_portal = self._ticket(channel="portal", contact_id=self.ann.id)
        mails = Mail.search([("model", "=", "crm.ticket")]) - before
        self.assertEqual(mails.mapped("res_id"), by_portal.ids, "no mail for a call")
        self.assertEqual(mails.state, "outgoing", "queued, not sent in the request")
        self.assertEqual(mails.recipient_ids, self.ann)
        self.assertIn(by_portal.number, mails.subject)
        self.assertTrue(template)
        self.assertTrue(by_phone)

    def test_assign_to_me(self):
        ticket = self._ticket()
        ticket.with_user(self.helpdesk_agent).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.helpdesk_agent)

    def test_group_expand_shows_every_stage(self):
        self._ticket()
        groups = self.env["crm.ticket"].read_group(
            [("id", "=", 0)], ["stage_id"], ["stage_id"]
        )
        stages = [group["stage_id"][0] for group in groups]
        self.assertIn(self.ticket_stage_solved.id, stages)
        self.assertIn(self.ticket_stage_new.id, stages)

    def test_contact_log_on_ticket(self):
        ticket = self._ticket()
        log = self._log(ticket_id=ticket.id, partner_id=self.ann.id)
        self.assertEqual(log.ticket_id, ticket)
        other = self._ticket(partner_id=self.blue.id)
        with self.assertRaisesRegex(ValidationError, "is not a ticket of"):
            self._log(ticket_id=other.id)

    def test_partner_tickets_button(self):
        ticket = self._ticket(contact_id=self.ann.id)
        other = self._ticket(partner_id=self.blue.id)
        action = self.ann.action_view_tickets()
        tickets = self.env["crm.ticket"].search(action["domain"])
        self.assertIn(ticket, tickets)
        self.assertNotIn(other, tickets)
        self.assertEqual(action["context"]["default_partner_id"], self.ardent.id)
        self.assertEqual(action["context"]["default_contact_id"], self.ann.id)


@tagged("crm_suite", "crm_suite_helpdesk")
class TestTicketNumbering(CrmTicketCommon):
    """Ticket numbers come from ir.sequence: per company, yearly sub-sequences."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_sequence = cls.env.ref("crm_suite.ir_sequence_crm_ticket")
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})

    def _yearly_sequence(self, company):
        return self.env["ir.sequence"].create(
            {
                "name": "Tickets by year",
                "code": "crm.ticket",
                "prefix": "T%(range_year)s-",
                "padding": 4,
                "use_date_range": True,
                "company_id": company.id,
            }
        )

    def test_yearly_subsequences(self):
        self._yearly_sequence(self.env.company)
        with freeze_time("2026-12-31 12:00:00"):
            first, second = self._ticket() | self._ticket()
            batch = self.env["crm.ticket"].create(
                [{"name": f"Batch {i}", "partner_id": self.ardent.id} for i in range(3)]
            )
        with freeze_time("2027-01-01 09:00:00"):
            new_year = self._ticket()
        self.assertEqual((first.number, second.number), ("T2026-0001", "T2026-0002"))
        self.assertEqual(
            batch.mapped("number"), ["T2026-0003", "T2026-0004", "T2026-0005"]
        )
        self.assertEqual(new_year.number, "T2027-0001")

    def test_per_company(self):
        """The company's own sequence wins; another company keeps the shared one."""
        self._yearly_sequence(self.env.company)
        with freeze_time("2026-06-01"):
            own = self._ticket()
            shared = self._ticket(company_id=self.other_company.id, partner_id=False)
            [mixed_own, mixed_shared] = self.env["crm.ticket"].create(
                [
                    {"name": "Here", "partner_id": self.ardent.id},
                    {"name": "There", "company_id": self.other_company.id},
                ]
            )
        self.assertEqual(own.number, "T2026-0001")
        self.assertRegex(shared.number, r"^TCK/\d{5}$")
        self.assertEqual(mixed_own.number, "T2026-0002")
        self.assertEqual(int(mixed_shared.number[4:]), int(shared.number[4:]) + 1)

    def test_no_gap_sequence(self):
        """A no-gap sequence is left to ir.sequence, one number at a time."""
        next_number = self.shared_sequence.number_next_actual
        self.shared_sequence.implementation = "no_gap"
        # Odoo keeps the stored counter when the implementation changes
        self.shared_sequence.number_next = next_number
        tickets = self.env["crm.ticket"].create(
            [{"name": f"T{i}", "partner_id": self.ardent.id} for i in range(3)]
        )
        numbers = [int(n[4:]) for n in tickets.mapped("number")]
        self.assertEqual(numbers, list(range(next_number, next_number + 3)))

    def test_catch_up_after_existing_numbers(self):
        """The upgrade moves the sequence past the highest existing number."""
        tickets = self._ticket() | self._ticket()
        highest = max(int(n[4:]) for n in tickets.mapped("number"))
        self.shared_sequence.number_next = 1
        self.env["crm.ticket"]._catch_up_ticket_sequences()
        self.assertEqual(self._ticket().number, f"TCK/{highest + 1:05d}")
        # run again: nothing moves back
        self.env["crm.ticket"]._catch_up_ticket_sequences()
        self.assertEqual(self._ticket().number, f"TCK/{highest + 2:05d}")


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_security")
class TestTicketSecurity(CrmTicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_agent = cls._ticket(
            name="Agent's", user_id=cls.helpdesk_agent.id, partner_id=cls.blue.id
        )
        cls.ticket_team = cls._ticket(
            name="Team's",
            team_id=cls.helpdesk_team.id,
            user_id=cls.helpdesk_manager.id,
            partner_id=cls.blue.id,
        )
        cls.ticket_unassigned = cls._ticket(name="Nobody's", partner_id=cls.blue.id)
        cls.ticket_elsewhere = cls._ticket(
            name="Elsewhere", user_id=cls.helpdesk_other.id, partner_id=cls.blue.id
        )
        cls.ticket_ardent = cls._ticket(
            name="Ardent's", user_id=cls.helpdesk_other.id, contact_id=cls.ann.id
        )
        cls.all_tickets = (
            cls.ticket_agent
            | cls.ticket_team
            | cls.ticket_unassigned
            | cls.ticket_elsewhere
            | cls.ticket_ardent
        )

    def _visible(self):
        return self.env["crm.ticket"].search([("id", "in", self.all_tickets.ids)])

    @users("helpdesk_agent")
    def test_agent_own_team_unassigned(self):
        self.assertEqual(
            self._visible(),
            self.ticket_agent | self.ticket_team | self.ticket_unassigned,
        )
        self.ticket_team.with_env(self.env).priority = "2"
        self.ticket_unassigned.with_env(self.env).action_assign_to_me()
        with (
            mute_logger("odoo.addons.base.models.ir_rule"),
            self.assertRaises(AccessError),
        ):
            self.ticket_elsewhere.with_env(self.env).read(["name"])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.ticket_agent.with_env(self.env).unlink()
        ticket = self._ticket(env=self.env, name="Taken by phone")
        self.assertEqual(ticket.create_uid, self.env.user)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.helpdesk_team.with_env(self.env).name = "Renamed"

    @users("helpdesk_lead")
    def test_team_leader_sees_team(self):
        self.assertEqual(self._visible(), self.ticket_team | self.ticket_unassigned)

    @users("helpdesk_manager")
    def test_manager_all(self):
        self.assertEqual(self._visible(), self.all_tickets)
        self.ticket_elsewhere.with_env(self.env).unlink()
        stage = self.env["crm.ticket.stage"].create({"name": "Escalated"})
        self.assertFalse(stage.is_closed)

    @users("sales_own")
    def test_salesperson_reads_own_customers(self):
        self.assertEqual(self._visible(), self.ticket_ardent)
        ticket = self.ticket_ardent.with_env(self.env)
        self.assertEqual(ticket.stage_id, self.ticket_stage_new)
        with (
            mute_logger("odoo.addons.base.models.ir_rule"),
            self.assertRaises(AccessError),
        ):
            ticket.priority = "3"
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self._ticket(env=self.env)

    @users("sales_own2")
    def test_salesperson_of_other_customers(self):
        self.assertFalse(self._visible())

    @users("employee")
    def test_employee_sees_nothing(self):
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self._visible()

    @users("portal_ann")
    def test_portal_reads_own_company(self):
        self.assertEqual(self._visible(), self.ticket_ardent)
        self.assertEqual(self.ticket_ardent.with_env(self.env).name, "Ardent's")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.ticket_ardent.with_env(self.env).name = "Changed"

    @users("portal_user")
    def test_portal_without_tickets(self):
        self.assertFalse(self._visible())

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.helpdesk_manager.write({"company_ids": [(4, other_company.id)]})
        other = (
            self.env["crm.ticket"]
            .with_company(other_company)
            .create({"name": "Elsewhere", "partner_id": self.blue.id})
        )
        self.assertEqual(other.company_id, other_company)
        Ticket = (
            self.env["crm.ticket"]
            .with_user(self.helpdesk_manager)
            .with_context(allowed_company_ids=[self.env.company.id])
        )
        self.assertNotIn(other, Ticket.search([]))
        self.assertIn(
            other,
            Ticket.with_context(
                allowed_company_ids=[self.env.company.id, other_company.id]
            ).search([]),
        )


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_perf")
class TestTicketQueries(CrmTicketCommon):
    def _create_count(self, count, assigned=True, **context):
        vals_list = [
            {
                "name": f"Ticket {index}",
                "partner_id": self.ardent.id,
                "contact_id": self.ann.id,
                "user_id": self.helpdesk_agent.id if assigned else False,
                "team_id": self.helpdesk_team.id,
                "channel": "phone",
            }
            for index in range(count)
        ]
        Ticket = self.env["crm.ticket"].with_context(**context)
        Ticket.flush_model()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        Ticket.create(vals_list)
        Ticket.flush_model()
        return self.cr.sql_log_count - before

    @users("helpdesk_agent")
    @warmup
    def test_batch_create_flat(self):
        """One create call costs as many queries for 20 tickets as for one."""
        self._create_count(1)  # warm the caches
        self.assertEqual(self._create_count(20), self._create_count(1))
        # as in the web client: creation logged, tracking on, creator following.
        # Unassigned: mail.thread.create subscribes each ticket's assignee with
        # one query per ticket (_message_auto_subscribe, Odoo's own loop)
        chatter = {
            "tracking_disable": False,
            "mail_create_nolog": False,
            "mail_notrack": False,
        }
        self._create_count(1, assigned=False, **chatter)
        self.assertEqual(
            self._create_count(20, assigned=False, **chatter),
            self._create_count(1, assigned=False, **chatter),
        )
        numbers = self.env["crm.ticket"].search([]).mapped("number")
        self.assertEqual(len(numbers), len(set(numbers)))
        self.assertTrue(all(re.match(r"^TCK/\d{5}$", n) for n in numbers))


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_timeline")
class TestTicketTimeline(CrmTicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-05-04 09:00:00"):
            cls.ticket = cls._ticket(name="Broken hinge", contact_id=cls.ann.id)
        with freeze_time("2026-05-06 15:00:00"):
            cls.ticket.stage_id = cls.ticket_stage_solved
        with freeze_time("2026-05-05 09:00:00"):
            cls.ticket_blue = cls._ticket(name="Blue's", partner_id=cls.blue.id)

    def _ticket_entries(self, partner, **kwargs):
        result = partner.with_env(self.env).crm_suite_timeline(
            kinds=["ticket"], **kwargs
        )
        return [(e["date"], e["title"], e["subtitle"]) for e in result["entries"]]

    @users("sales_own")
    def test_opened_and_closed(self):
        name = f"{self.ticket.number} Broken hinge"
        self.assertEqual(
            self._ticket_entries(self.ann),
            [
                ("2026-05-06 15:00:00", name, "Closed · Solved"),
                ("2026-05-04 09:00:00", name, "Opened · Solved"),
            ],
        )
        self.assertEqual(
            self._ticket_entries(self.ardent, date_to="2026-05-05"),
            [("2026-05-04 09:00:00", name, "Opened · Solved")],
        )

    @users("sales_own2")
    def test_rules_apply(self):
        # sales_own2 is not Ardent Tools' salesperson: its tickets stay hidden
        self.assertEqual(self._ticket_entries(self.ardent), [])

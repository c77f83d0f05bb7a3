from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..common import CrmTicketCommon
from .test_support_contract import SupportContractCommon

MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
RULE_LOGGER = "odoo.addons.base.models.ir_rule"


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_security", "crm_suite_access")
class TestHelpdeskTiers(CrmTicketCommon):
    """Issue 13: own tickets (mine, unassigned of my teams or of no team) < team
    tickets (my teams) < all tickets < administrator. ``helpdesk_agent`` (team tier)
    is in Test Support, ``agent_own`` (own tier) too; ``agent_all`` in no team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_own = new_test_user(
            cls.env,
            "agent_own",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_personal",
        )
        cls.agent_all = new_test_user(
            cls.env,
            "agent_all",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_all",
        )
        cls.helpdesk_team.member_ids = [Command.link(cls.agent_own.id)]
        cls.other_team = cls.env["crm.ticket.team"].create(
            {
                "name": "Other Support",
                "member_ids": [Command.set(cls.helpdesk_other.ids)],
            }
        )
        cls.t_mine = cls._ticket(team_id=cls.helpdesk_team.id, user_id=cls.agent_own.id)
        cls.t_free = cls._ticket(team_id=cls.helpdesk_team.id)
        cls.t_colleague = cls._ticket(
            team_id=cls.helpdesk_team.id, user_id=cls.helpdesk_agent.id
        )
        cls.t_other_free = cls._ticket(team_id=cls.other_team.id)
        cls.t_other = cls._ticket(
            team_id=cls.other_team.id, user_id=cls.helpdesk_other.id
        )
        # the queue of no team (a call, a mail to no alias) stays open to every agent
        cls.t_no_team = cls._ticket()
        cls.tickets = (
            cls.t_mine
            | cls.t_free
            | cls.t_colleague
            | cls.t_other_free
            | cls.t_other
            | cls.t_no_team
        )

    def _visible(self, user):
        self.env.invalidate_all()
        return (
            self.env["crm.ticket"]
            .with_user(user)
            .search([("id", "in", self.tickets.ids)])
        )

    def test_tiers_nest(self):
        self.assertEqual(
            self._visible(self.agent_own), self.t_mine | self.t_free | self.t_no_team
        )
        self.assertEqual(
            self._visible(self.helpdesk_agent),
            self.t_mine | self.t_free | self.t_colleague | self.t_no_team,
        )
        self.assertEqual(self._visible(self.agent_all), self.tickets)
        self.assertEqual(self._visible(self.helpdesk_manager), self.tickets)

    def test_agent_cannot_take_another_team_unassigned_ticket(self):
        """An agent of one team read and took every other team's unassigned
        tickets."""
        for agent in (self.agent_own, self.helpdesk_agent):
            with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
                self.t_other_free.with_user(agent).read(["name"])
            with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
                self.t_other_free.with_user(agent).action_assign_to_me()
        self.assertFalse(self.t_other_free.user_id)

    def test_own_tier_takes_but_does_not_dispatch(self):
        self.t_free.with_user(self.agent_own).action_assign_to_me()
        self.assertEqual(self.t_free.user_id, self.agent_own)
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            self.t_mine.with_user(self.agent_own).user_id = self.helpdesk_agent
        # the team tier dispatches
        self.t_mine.with_user(self.helpdesk_agent).user_id = self.helpdesk_agent
        self.assertEqual(self.t_mine.user_id, self.helpdesk_agent)

    def test_ticket_linked_only_to_a_readable_deal(self):
        lead_other = self.env["crm.lead"].create(
            {
                "name": "Ardent: someone else's deal",
                "partner_id": self.ardent.id,
                "user_id": self.sales_own2.id,
            }
        )
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            self.t_mine.with_user(self.agent_own).lead_id = lead_other
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            self._ticket(env=self.env(user=self.agent_own), lead_id=lead_other.id)
        # the deal's salesperson (also an agent) links it
        self.sales_own2.groups_id = [
            Command.link(self.env.ref("crm_suite.group_crm_suite_helpdesk_personal").id)
        ]
        self.t_no_team.with_user(self.sales_own2).lead_id = lead_other
        self.assertEqual(self.t_no_team.lead_id, lead_other)

    def test_stage_category_tag_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        Category = self.env["crm.ticket.category"]
        shared = Category.create({"name": "Shared"})
        foreign = Category.create({"name": "Foreign", "company_id": other_company.id})
        tag = self.env["crm.ticket.tag"].create(
            {"name": "Foreign tag", "company_id": other_company.id}
        )
        stage = self.env["crm.ticket.stage"].create(
            {"name": "Foreign stage", "company_id": other_company.id}
        )
        self.env.invalidate_all()
        for records in (foreign, tag, stage):
            with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
                records.with_user(self.helpdesk_agent).read(["name"])
        self.assertTrue(shared.with_user(self.helpdesk_agent).read(["name"]))
        # a ticket does not take another company's category, tags or stage
        for values in (
            {"category_id": foreign.id},
            {"tag_ids": [Command.link(tag.id)]},
            {"stage_id": stage.id},
        ):
            with self.assertRaises(UserError):
                self.t_mine.write(values)


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_security", "crm_suite_access")
class TestTimeLogAccess(SupportContractCommon):
    """Issue 13: an agent un-settled an invoiced time log (billed twice) or marked
    unbilled time as covered; the invoicing wizard ran for another company."""

    def _settled_log(self):
        log = self._time(self.ticket, 12.0, date(2026, 3, 3))
        self.env["crm.support.invoice"].create(MARCH).action_create_invoices()
        self.assertEqual(log.invoice_state, "invoiced")
        return log

    def test_agent_cannot_unsettle_invoiced_time(self):
        log = self._settled_log()
        as_agent = log.with_user(self.helpdesk_agent)
        for values in (
            {"is_settled": False},
            {"invoice_line_id": False},
            {"hours_credit": 0.0, "is_settled": False, "invoice_line_id": False},
        ):
            with self.assertRaisesRegex(AccessError, "settled by the support time"):
                as_agent.write(values)
        self.assertEqual(log.invoice_state, "invoiced")

    def test_agent_cannot_mark_time_covered(self):
        log = self._time(
            self.ticket, 2.0, date(2026, 3, 3), env=self.env(user=self.helpdesk_agent)
        )
        with self.assertRaisesRegex(AccessError, "settled by the support time"):
            log.write({"is_settled": True, "hours_credit": 2.0})
        with self.assertRaisesRegex(AccessError, "settled by the support time"):
            self._time(
                self.ticket,
                1.0,
                date(2026, 3, 4),
                env=self.env(user=self.helpdesk_agent),
                is_settled=True,
                hours_credit=1.0,
            )
        self.assertEqual(log.invoice_state, "to_invoice")

    def test_agent_logs_time_in_own_name(self):
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            self._time(
                self.ticket,
                1.0,
                date(2026, 3, 4),
                env=self.env(user=self.helpdesk_agent),
                user_id=self.helpdesk_lead.id,
            )

    def test_invoicing_another_company_refused(self):
        """A helpdesk manager without accounting rights ran the support-time
        invoicing wizard for another company."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self._time(self.ticket, 12.0, date(2026, 3, 3))
        wizard = (
            self.env["crm.support.invoice"]
            .with_user(self.helpdesk_manager)
            .create({**MARCH, "company_id": other_company.id})
        )
        with self.assertRaisesRegex(AccessError, "not one of your companies"):
            wizard.action_create_invoices()

    def test_invoicing_wizard_private(self):
        wizard = (
            self.env["crm.support.invoice"]
            .with_user(self.helpdesk_manager)
            .create(MARCH)
        )
        other_manager = new_test_user(
            self.env,
            "helpdesk_manager2",
            groups="base.group_user,crm_suite.group_crm_suite_helpdesk_manager",
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            wizard.with_user(other_manager).read(["date_from"])


@tagged(
    "crm_suite",
    "crm_suite_helpdesk",
    "crm_suite_security",
    "crm_suite_access",
    "post_install",
    "-at_install",
)
class TestTicketPortalRpc(CrmTicketCommon, HttpCase):
    """Issue 13: a portal user read a ticket's internal deal, SLA policy and sender
    address over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead.partner_id = cls.ardent
        cls.ticket = cls._ticket(
            contact_id=cls.ann.id,
            email_from="ann@ardent.example.com",
            lead_id=cls.lead.id,
        )

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_portal_reads_no_internal_field(self):
        self.authenticate("portal_ann", "portal_ann")
        # the ticket itself is readable
        [row] = self._call("crm.ticket", "read", [self.ticket.ids, ["name"]])
        self.assertEqual(row["name"], self.ticket.name)
        for fname in ("lead_id", "sla_id", "email_from", "contract_id"):
            with (
                self.subTest(field=fname),
                self.assertRaises(JsonRpcException) as error,
                mute_logger("odoo.http"),
            ):
                self._call("crm.ticket", "read", [self.ticket.ids, [fname]])
            self.assertEqual(error.exception.args[0], "odoo.exceptions.AccessError")
        # nor through search_read
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._call(
                "crm.ticket",
                "search_read",
                [[("id", "=", self.ticket.id)]],
                {"fields": ["lead_id", "email_from"]},
            )

    def test_portal_cannot_write_or_assign(self):
        self.authenticate("portal_ann", "portal_ann")
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._call("crm.ticket", "write", [self.ticket.ids, {"name": "Hacked"}])
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self._call("crm.ticket", "action_assign_to_me", [self.ticket.ids])
        self.assertEqual(self.ticket.name, "The printer jams")


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_security", "crm_suite_access")
class TestTicketSlaFiguresGuarded(CrmTicketCommon):
    """Issue 13: an agent could mark a failed SLA as reached, or erase the time a
    ticket waited, by writing the computed SLA fields over JSON-RPC."""

    def test_agent_cannot_set_sla_figures(self):
        ticket = self.env["crm.ticket"].create(
            {"name": "Printer offline", "team_id": self.helpdesk_team.id}
        )
        agent_ticket = ticket.with_user(self.helpdesk_agent)
        for values in (
            {"is_sla_failed": False},
            {"sla_status_resolution": "reached"},
            {"sla_hours_waiting": 0.0},
            {"sla_deadline_resolution": "2099-01-01 00:00:00"},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                agent_ticket.write(values)
        # what the agent may do still works, the SLA clock included
        agent_ticket.write({"priority": "2"})
        self.assertEqual(ticket.priority, "2")

    def test_waiting_stage_still_moves_the_clock(self):
        waiting = self.env["crm.ticket.stage"].create(
            {"name": "Waiting on Customer", "is_waiting": True, "sequence": 50}
        )
        ticket = self.env["crm.ticket"].create(
            {"name": "Scanner jams", "team_id": self.helpdesk_team.id}
        )
        ticket.with_user(self.helpdesk_agent).write({"stage_id": waiting.id})
        self.assertTrue(ticket.sla_date_waiting)
        open_stage = self.env["crm.ticket.stage"].search(
            [("is_waiting", "=", False), ("is_closed", "=", False)], limit=1
        )
        ticket.with_user(self.helpdesk_agent).write({"stage_id": open_stage.id})
        self.assertFalse(ticket.sla_date_waiting)

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged, users

from ..common import CrmTicketCommon


class SupportContractCommon(CrmTicketCommon):
    """Ardent Tools has the running contract ``contract`` for 2026: 10 hours a month,
    80 an hour beyond, managed by ``helpdesk_manager``. ``ticket`` is assigned to
    ``helpdesk_agent`` in the Test Support team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo contracts would join the renewal cron's batches
        cls.env["crm.support.contract"].search([]).write({"state": "cancelled"})
        cls.ardent.email = "info@ardent.example.com"
        cls.blue.email = "info@blue.example.com"
        cls.contract = cls._contract(cls.ardent, name="SUP-ARDENT")
        cls.ticket = cls._ticket(
            team_id=cls.helpdesk_team.id, user_id=cls.helpdesk_agent.id
        )

    @classmethod
    def _contract(cls, partner, **values):
        return cls.env["crm.support.contract"].create(
            {
                "name": f"SUP-{partner.name}",
                "partner_id": partner.id,
                "user_id": cls.helpdesk_manager.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "period": "month",
                "hours_included": 10.0,
                "hourly_rate": 80.0,
                "balance_threshold": 2.0,
                "state": "running",
                **values,
            }
        )

    @classmethod
    def _time(cls, ticket, hours, day, env=None, **values):
        return (env or cls.env)["crm.ticket.time.log"].create(
            {"ticket_id": ticket.id, "hours": hours, "date": day, **values}
        )


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_support_contract")
class TestSupportContract(SupportContractCommon):
    def test_contract_dates_and_amounts(self):
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self._contract(
                self.blue, date_start=date(2026, 6, 1), date_end=date(2026, 5, 31)
            )
        with self.assertRaisesRegex(ValidationError, "hourly rate .* negative"):
            self._contract(self.blue, hourly_rate=-5.0)
        with self.assertRaisesRegex(ValidationError, "hours .* cannot be negative"):
            self._contract(self.blue, hours_included=-1.0)
        with self.assertRaisesRegex(ValidationError, "hours .* cannot be negative"):
            self._contract(self.blue, balance_threshold=-1.0)
        with self.assertRaisesRegex(ValidationError, "not with its contact person"):
            self._contract(self.ann)
        # a one-day contract is valid
        self.assertTrue(
            self._contract(
                self.blue, date_start=date(2026, 6, 1), date_end=date(2026, 6, 1)
            )
        )

    def test_time_log_hours_bounds(self):
        for hours in (0.0, -2.0):
            with self.assertRaisesRegex(ValidationError, "Log a positive time"):
                self._time(self.ticket, hours, date(2026, 3, 2))
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            self._time(self.ticket, 25.0, date(2026, 3, 2))
        # (assertRaisesRegex keeps the failed rows: a fresh ticket for the total)
        ticket = self._ticket()
        log = self._time(ticket, 24.0, date(2026, 3, 2))
        self.assertEqual(log.contract_id, self.contract)
        self.assertEqual(log.partner_id, self.ardent)
        self.assertEqual(log.invoice_state, "to_invoice")
        self.assertEqual(ticket.time_total, 24.0)
        with self.assertRaisesRegex(ValidationError, "at most 24 hours"):
            log.hours = 240.0

    @freeze_time("2026-03-20")
    def test_balance_and_red_threshold(self):
        contract = self.contract
        self._time(self.ticket, 5.0, date(2026, 3, 2))
        self._time(self.ticket, 4.0, date(2026, 2, 27))  # last month's credit
        self._time(self.ticket, 3.0, date(2026, 3, 3), is_billable=False)
        self.assertEqual(contract.hours_used, 5.0)
        self.assertEqual(contract.hours_balance, 5.0)
        self.assertFalse(contract.is_balance_low)
        self._time(self.ticket, 3.5, date(2026, 3, 10))
        self.assertEqual(contract.hours_balance, 1.5)
        self.assertTrue(contract.is_balance_low, "1.5 hours left: below 2, red")
        self.assertFalse(contract.is_exhausted)
        Contract = self.env["crm.support.contract"]
        self.assertNotIn(contract, Contract.search([("is_exhausted", "=", True)]))
        self._time(self.ticket, 2.0, date(2026, 3, 11))
        self.assertEqual(contract.hours_balance, -0.5)
        self.assertTrue(contract.is_exhausted)
        self.assertIn(contract, Contract.search([("is_exhausted", "=", True)]))
        self.assertNotIn(contract, Contract.search([("is_exhausted", "=", False)]))
        # per quarter, February's hours count too
        contract.period = "quarter"
        self.assertEqual(contract.hours_used, 14.5)
        contract.period = "contract"
        self.assertEqual(contract.hours_used, 14.5)
        # a contract without included hours is never red
        contract.write({"period": "month", "hours_included": 0.0})
        self.assertFalse(contract.is_balance_low)

    @freeze_time("2026-03-20")
    def test_balance_one_query_for_many_contracts(self):
        contracts = self.contract
        for partner in (self.blue, self.ardent, self.blue):
            contract = self._contract(partner, state="draft")
            ticket = self._ticket(partner_id=partner.id, contract_id=contract.id)
            self._time(ticket, 2.0, date(2026, 3, 5))
            contracts |= contract
        self.env.flush_all()
        self.env.invalidate_all()
        # the contracts' dates and hours, the user's time zone (today), and one
        # query for the time logs of all the contracts
        with self.assertQueryCount(3):
            balances = contracts.mapped("hours_balance")
        self.assertEqual(balances, [10.0, 8.0, 8.0, 8.0])

    def test_ticket_defaults_to_running_contract(self):
        self.assertEqual(self.ticket.contract_id, self.contract)
        self.assertEqual(
            self._ticket(partner_id=self.ann.id).contract_id, self.contract
        )
        self.assertFalse(self._ticket(partner_id=self.blue.id).contract_id)
        # a draft contract is not running
        blue_contract = self._contract(self.blue, state="draft")
        self.assertFalse(self._ticket(partner_id=self.blue.id).contract_id)
        with self.assertRaisesRegex(ValidationError, "not with the ticket's customer"):
            self._ticket(partner_id=self.blue.id, contract_id=self.contract.id)
        # two running contracts: the agent chooses
        blue_contract.action_start()
        self._contract(self.blue, name="SUP-BLUE-2")
        self.assertFalse(self._ticket(partner_id=self.blue.id).contract_id)

    @users("helpdesk_agent")
    def test_ticket_form_proposes_contract(self):
        form = Form(self.env["crm.ticket"])
        form.name = "Screen flickers"
        form.partner_id = self.bob
        self.assertEqual(form.contract_id, self.contract)
        form.partner_id = self.blue
        self.assertFalse(form.contract_id)
        form.partner_id = self.ardent
        with form.time_log_ids.new() as line:
            line.hours = 1.5
            line.name = "Cable replaced"
        ticket = form.save()
        self.assertEqual(ticket.contract_id, self.contract)
        self.assertEqual(ticket.time_log_ids.user_id, self.env.user)
        self.assertEqual(ticket.time_log_ids.contract_id, self.contract)
        self.assertEqual(ticket.time_total, 1.5)

    def test_renewal_cron_notifies_once(self):
        Contract = self.env["crm.support.contract"]
        later = self._contract(self.blue, date_end=date(2027, 3, 31))
        ended = self._contract(self.blue, date_end=date(2026, 11, 30))
        draft = self._contract(self.blue, date_end=date(2026, 12, 20), state="draft")
        template = self.env.ref("crm_suite.mail_template_crm_support_contract_renewal")
        with freeze_time("2026-12-10"):
            self.assertEqual(Contract._cron_contract_renewal(), ended | self.contract)
        self.assertEqual(ended.state, "expired")
        self.assertTrue(self.contract.is_renewal_notified)
        self.assertFalse((later | draft).filtered("is_renewal_notified"))
        activity = self.contract.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.helpdesk_manager)
        self.assertEqual(activity.summary, "Renew the support contract")
        self.assertEqual(activity.date_deadline, date(2026, 12, 24))
        self.assertFalse((later | ended | draft).activity_ids)
        mails = self.env["mail.mail"].search(
            [("model", "=", Contract._name), ("res_id", "in", Contract.search([]).ids)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.res_id, self.contract.id)
        self.assertEqual(mails.recipient_ids, self.ardent)
        self.assertEqual(
            mails.subject,
            template._render_field("subject", self.contract.ids)[self.contract.id],
        )
        self.assertIn("SUP-ARDENT", mails.subject)
        # a second run (or a second worker) sends nothing more
        with freeze_time("2026-12-11"):
            self.assertFalse(Contract._cron_contract_renewal())
        self.assertEqual(len(self.contract.activity_ids), 1)
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", Contract._name)]), 1
        )

    def test_renewal_cron_in_batches(self):
        Contract = self.env["crm.support.contract"]
        others = self._contract(self.blue) | self._contract(self.blue)
        with freeze_time("2026-12-10"):
            first = Contract._cron_contract_renewal(batch_size=2)
            second = Contract._cron_contract_renewal(batch_size=2)
        self.assertEqual(len(first), 2)
        self.assertEqual(first | second, self.contract | others)

    def test_time_log_access(self):
        log = self._time(
            self.ticket, 1.0, date(2026, 3, 2), env=self.env(user=self.helpdesk_agent)
        )
        self.assertEqual(log.user_id, self.helpdesk_agent)
        log.with_user(self.helpdesk_agent).write({"hours": 2.0, "name": "Fixed"})
        lead_log = self._time(
            self.ticket, 1.0, date(2026, 3, 2), user_id=self.helpdesk_lead.id
        )
        # the agent reads the team's logs on the ticket but edits only their own
        agent_logs = self.env["crm.ticket.time.log"].with_user(self.helpdesk_agent)
        self.assertEqual(
            agent_logs.search([("ticket_id", "=", self.ticket.id)]), log | lead_log
        )
        with self.assertRaises(AccessError):
            lead_log.with_user(self.helpdesk_agent).write({"hours": 3.0})
        with self.assertRaises(AccessError):
            self._time(
                self.ticket,
                1.0,
                date(2026, 3, 2),
                env=self.env(user=self.helpdesk_agent),
                user_id=self.helpdesk_lead.id,
            )
        # an agent outside the team neither sees nor logs time on the ticket
        other_logs = self.env["crm.ticket.time.log"].with_user(self.helpdesk_other)
        self.assertFalse(other_logs.search([("ticket_id", "=", self.ticket.id)]))
        with self.assertRaises(AccessError):
            self._time(
                self.ticket,
                1.0,
                date(2026, 3, 2),
                env=self.env(user=self.helpdesk_other),
            )
        # the manager edits every log; the accountant reads them
        lead_log.with_user(self.helpdesk_manager).write({"hours": 3.0})
        self.assertEqual(lead_log.with_user(self.accountant).hours, 3.0)
        with self.assertRaises(AccessError):
            lead_log.with_user(self.accountant).write({"hours": 4.0})
        # salespeople and portal users have no access to time logs
        for user in (self.sales_own, self.portal_ann):
            with self.assertRaises(AccessError):
                log.with_user(user).read(["hours"])

    @freeze_time("2026-03-20")
    def test_balance_seen_whole_by_every_reader(self):
        """An agent reads only some logs, a salesperson none: the contract's balance
        is the same for all."""
        other_ticket = self._ticket(user_id=self.helpdesk_other.id)
        self._time(self.ticket, 2.0, date(2026, 3, 2))
        self._time(other_ticket, 3.0, date(2026, 3, 3))
        for user in (self.helpdesk_agent, self.sales_own, self.accountant):
            self.assertEqual(self.contract.with_user(user).hours_balance, 5.0)
        with self.assertRaises(AccessError):
            self.contract.with_user(self.portal_ann).read(["name"])
        with self.assertRaises(AccessError):
            self.contract.with_user(self.helpdesk_agent).write({"hours_included": 50})

    def _open_form(self, record, user):
        """What the web client reads to open ``record``'s form as ``user``."""
        record = record.with_user(user)
        views = record.get_views([(False, "form")])
        fields_info = views["models"][record._name]
        fields_info = fields_info.get("fields", fields_info)
        spec = {
            name: {"fields": {"display_name": {}}} if info["type"] == "many2one" else {}
            for name, info in fields_info.items()
        }
        return record.web_read(spec)[0]

    def test_forms_open_for_every_role(self):
        self._time(self.ticket, 1.0, date(2026, 3, 2))
        for user in (
            self.helpdesk_agent,
            self.helpdesk_manager,
            self.sales_own,
            self.accountant,
        ):
            values = self._open_form(self.contract, user)
            self.assertEqual(values["partner_id"]["id"], self.ardent.id)
            self.assertEqual(
                "ticket_count" in values, user != self.accountant, user.login
            )
            self.assertEqual("invoice_count" in values, user == self.accountant)
        for user in (self.helpdesk_agent, self.sales_own):
            values = self._open_form(self.ticket, user)
            self.assertEqual(values["contract_id"]["id"], self.contract.id)
            self.assertEqual("time_log_ids" in values, user == self.helpdesk_agent)

    def test_multi_company(self):
        company2 = self.env["res.company"].create({"name": "Ardent Second Co"})
        contract2 = self._contract(self.ardent, company_id=company2.id, user_id=False)
        ticket2 = self._ticket(company_id=company2.id)
        self.assertEqual(ticket2.contract_id, contract2, "the company's own contract")
        log2 = self._time(ticket2, 1.0, date(2026, 3, 2))
        self.assertEqual(log2.company_id, company2)
        for user in (self.helpdesk_manager, self.accountant):
            Contract = self.env["crm.support.contract"].with_user(user)
            self.assertEqual(
                Contract.search([("partner_id", "=", self.ardent.id)]), self.contract
            )
            Log = self.env["crm.ticket.time.log"].with_user(user)
            self.assertFalse(Log.search([("id", "=", log2.id)]))
        # a user of both companies sees both
        self.helpdesk_manager.company_ids |= company2
        Contract = self.env["crm.support.contract"].with_user(self.helpdesk_manager)
        self.assertEqual(
            Contract.with_context(
                allowed_company_ids=[self.env.company.id, company2.id]
            ).search([("partner_id", "=", self.ardent.id)]),
            self.contract | contract2,
        )

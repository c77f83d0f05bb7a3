from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..deal.test_debt_report import DebtReportCommon


class FollowupCommon(DebtReportCommon):
    """Payment follow-up of Ardent Tools (salesperson ``sales_own``) with the
    shipped levels 15 / 30 / 60 days of the main company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ardent.user_id = cls.sales_own
        cls.ardent.email = "billing@ardent.example.com"
        cls.Level = cls.env["crm.followup.level"]
        cls.levels = cls.Level.search(
            [("company_id", "=", cls.company.id)], order="delay"
        )
        cls.Sent = cls.env["crm.followup.sent"]
        # both may edit contacts: what stops the salesperson is the follow-up guard
        manager = cls.env.ref("base.group_partner_manager")
        (cls.accountant | cls.sales_own).groups_id = [Command.link(manager.id)]

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, **values):
        """Due on its date unless a payment term says otherwise."""
        if "invoice_payment_term_id" not in values:
            values.update(invoice_payment_term_id=False, invoice_date_due=invoice_date)
        return super()._invoice(partner, amount, invoice_date, **values)

    def _cron(self):
        self.env["res.partner"]._cron_followup()

    def _sent(self, partner=None):
        return self.Sent.search([("partner_id", "=", (partner or self.ardent).id)])


@tagged("crm_suite", "crm_suite_followup")
class TestFollowup(FollowupCommon):
    # ------------------------------------------------------------ levels

    def test_shipped_levels(self):
        self.assertEqual(self.levels.mapped("delay"), [15, 30, 60])
        company = self.env["res.company"].create({"name": "Followup Co"})
        self.assertEqual(
            self.Level.search([("company_id", "=", company.id)]).mapped("delay"),
            [15, 30, 60],
        )
        # the button does not create them twice
        self.Level.with_company(company).with_context(
            allowed_company_ids=company.ids
        ).action_create_default_levels()
        self.assertEqual(self.Level.search_count([("company_id", "=", company.id)]), 3)

    def test_level_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Level.create({"name": "Early", "delay": -3})
        with self.assertRaisesRegex(ValidationError, "same delay|its own delay"):
            self.Level.create({"name": "Twin", "delay": 30})

    # ------------------------------------------------------------ cron

    def test_levels_over_time_and_cron_twice(self):
        invoice = self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        with freeze_time("2026-01-10"):
            self._cron()
            self.assertFalse(self._sent())
            self.assertEqual(self.ardent.followup_date_next, date(2026, 1, 16))
        with freeze_time("2026-01-16"):
            self._cron()
            self._cron()  # twice: still one reminder
            sent = self._sent()
            self.assertEqual(sent.level_id, self.levels[0])
            self.assertEqual(self.ardent.followup_level_id, self.levels[0])
            self.assertEqual(self.ardent.followup_date_next, date(2026, 1, 31))
            self.assertEqual(
                sent.contact_log_id.activity_type_id,
                self.env.ref("mail.mail_activity_data_email"),
            )
            self.assertEqual(sent.contact_log_id.partner_id, self.ardent)
            mail = self.env["mail.mail"].search(
                [("model", "=", "res.partner"), ("res_id", "=", self.ardent.id)]
            )
            self.assertEqual(len(mail), 1)
            # queued without the statement: the mail queue renders it when sending
            self.assertFalse(mail.attachment_ids)
            self.assertEqual(sent.mail_id, mail)
            mail.auto_delete = False
            mail.send()
            self.assertTrue(mail.attachment_ids, "the statement is attached")
            self.assertTrue(sent.statement_attached)
        with freeze_time("2026-01-31"):
            self._cron()
            self.assertEqual(self.ardent.followup_level_id, self.levels[1])
            activity = self.ardent.activity_ids
            self.assertEqual(activity.user_id, self.sales_own)
            # the salesperson's call, done from the follow-up list, is a contact log
            self.ardent.with_user(self.sales_own).action_followup_call_done()
            self.assertFalse(self.ardent.activity_ids)
            self.assertEqual(
                self.env["crm.contact.log"]
                .search([("partner_id", "=", self.ardent.id)], limit=1)
                .activity_type_id,
                self.call,
            )
        with freeze_time("2026-03-02"):
            self._cron()
            last = self._sent().filtered(lambda s: s.level_id == self.levels[2])
            self.assertEqual(last.state, "to_print")
            self.assertTrue(self.ardent.followup_credit_blocked)
            self.assertEqual(len(self._sent()), 3)
            self._pay(invoice, 1000.0, date(2026, 3, 2))
            self._cron()
            self.assertFalse(self.ardent.followup_level_id)
            self.assertFalse(self.ardent.followup_date_next)

    def test_claim_is_once_per_level(self):
        """Two runs claiming the same reminder: the second gets nothing."""
        plan = [(self.ardent.id, self.levels[0], date(2026, 1, 1))]
        first = self.Sent._claim(self.company, plan)
        second = self.Sent._claim(self.company, plan)
        self.assertEqual(len(first), 1)
        self.assertFalse(second)
        self.assertEqual(first.user_id, self.sales_own)

    def test_partial_payment_and_credit_note(self):
        invoice = self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        self._pay(invoice, 400.0, date(2026, 1, 5))
        with freeze_time("2026-01-20"):
            self.assertEqual(self.ardent.followup_amount_overdue, 600.0)
            self._cron()
            self.assertEqual(self._sent().level_id, self.levels[0])
        # a credit note of the same customer covering the rest: nothing overdue
        self._invoice(self.blue, 500.0, date(2026, 1, 1))
        self._invoice(self.blue, 600.0, date(2026, 1, 2), move_type="out_refund")
        with freeze_time("2026-01-20"):
            self._cron()
            self.assertFalse(self._sent(self.blue))

    def test_instalments(self):
        """Half due on the invoice date, half 30 days later: each instalment at
        its own due date."""
        self._invoice(
            self.ardent,
            1000.0,
            date(2026, 1, 1),
            invoice_payment_term_id=self._half_now_half_in_30_days().id,
        )
        with freeze_time("2026-01-20"):
            self.assertEqual(self.ardent.followup_amount_overdue, 500.0)
            data = self.ardent._followup_statement_data()
            self.assertEqual(len(data["lines"]), 2)
            self.assertEqual(data["overdue"], 500.0)
            self.assertEqual(data["due"], self.ardent.credit)
            self.assertEqual(data["buckets"]["not_due"], 500.0)
            self.assertEqual(data["buckets"]["1_30"], 500.0)
            self.assertEqual(data["buckets"]["total"], data["due"])
            self._cron()
            self.assertEqual(self._sent().date_start, date(2026, 1, 1))

    def test_statement_matches_debt_report(self):
        invoice = self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        self._invoice(self.ardent, 300.0, date(2026, 2, 1))
        self._pay(invoice, 250.0, date(2026, 1, 10))
        with freeze_time("2026-03-01"):
            data = self.ardent._followup_statement_data()
            report = self._wizard(
                date=date(2026, 3, 1), partner_ids=[Command.set(self.ardent.ids)]
            )
            lines = report._get_lines()
            self.assertAlmostEqual(data["due"], sum(li["residual"] for li in lines))
            self.assertAlmostEqual(data["due"], self.ardent.credit)
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html(
                    "crm_suite.action_report_followup_statement", self.ardent.ids
                )[0]
                .decode()
            )
            self.assertIn(invoice.name, html)

    # ------------------------------------------------------------ disputes

    def test_dispute_opened_and_closed(self):
        invoice = self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        other = self._invoice(self.blue, 100.0, date(2026, 1, 1))
        ticket = self.env["crm.ticket"].create(
            {"name": "Wrong price", "partner_id": self.ardent.id, "channel": "phone"}
        )
        with self.assertRaisesRegex(ValidationError, "only dispute invoices"):
            ticket.invoice_ids = [Command.set(other.ids)]
        ticket.invoice_ids = [Command.set(invoice.ids)]
        with freeze_time("2026-01-20"):
            self._cron()
            self.assertFalse(self._sent())
            self.assertEqual(self.ardent.followup_amount_overdue, 0.0)
            data = self.ardent._followup_statement_data()
            self.assertTrue(data["lines"][0]["in_dispute"])
            self.assertEqual(data["due"], 1000.0, "a dispute stays in the totals")
            closed = self.env["crm.ticket.stage"].search(
                [("is_closed", "=", True)], limit=1
            )
            self.assertFalse(self.ardent.followup_date_next)
            ticket.stage_id = closed
            # the list shows the customer due again at once
            self.assertEqual(self.ardent.followup_date_next, date(2026, 1, 16))
            self._cron()
            self.assertEqual(self._sent().level_id, self.levels[0])

    # ------------------------------------------------------------ per customer

    def test_promise_to_pay(self):
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        with freeze_time("2026-01-20"):
            with self.assertRaisesRegex(ValidationError, "in the past"):
                self.ardent.followup_promise_date = date(2026, 1, 19)
            self.ardent.followup_promise_date = date(2026, 1, 25)
            log = self.env["crm.contact.log"].search(
                [("partner_id", "=", self.ardent.id)], limit=1
            )
            self.assertIn("Promised to pay", log.summary)
            self._cron()
            self.assertFalse(self._sent())
            self.assertEqual(self.ardent.followup_date_next, date(2026, 1, 26))
        with freeze_time("2026-01-26"):
            self._cron()
            self.assertTrue(self._sent())

    def test_no_reminders(self):
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        self.ardent.with_user(self.accountant).write(
            {"followup_blocked": True, "followup_block_reason": "Bankrupt"}
        )
        with freeze_time("2026-01-20"):
            self._cron()
            self.assertFalse(self._sent())

    @mute_logger("odoo.models")
    def test_roles(self):
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        with freeze_time("2026-01-20"):
            self._cron()
        partner_sales = self.ardent.with_user(self.sales_own)
        self.assertEqual(partner_sales.followup_level_id, self.levels[0])
        self.assertEqual(
            self.Sent.with_user(self.sales_own).search([]).partner_id, self.ardent
        )
        self.assertFalse(self.Sent.with_user(self.sales_own2).search([]))
        with self.assertRaises(AccessError):
            partner_sales.write({"followup_blocked": True})
        with self.assertRaises(AccessError):
            self.ardent.with_user(self.sales_own).action_followup_send()
        with self.assertRaises(AccessError):
            self.Level.with_user(self.sales_own).create({"name": "x", "delay": 5})
        # statements: not another salesperson's customer, not another portal company
        self.ardent.with_user(self.sales_own)._followup_statement_data()
        with self.assertRaises(AccessError):
            self.ardent.with_user(self.sales_own2)._followup_statement_data()
        portal_carl = new_test_user(
            self.env, "portal_carl", groups="base.group_portal", partner_id=self.carl.id
        )
        with self.assertRaises(AccessError):
            self.ardent.with_user(portal_carl)._followup_statement_data()
        self.blue.with_user(portal_carl)._followup_statement_data()
        # the portal user prints the own statement, bank details included
        html = (
            self.env["ir.actions.report"]
            .with_user(portal_carl)
            ._render_qweb_html(
                "crm_suite.action_report_followup_statement", self.blue.ids
            )[0]
            .decode()
        )
        self.assertIn("Blue Harbour", html)

    def test_send_now_and_print_letters(self):
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        with freeze_time("2026-03-05"):
            self.ardent.with_user(self.accountant).action_followup_send()
            sent = self._sent()
            self.assertEqual(sent.level_id, self.levels[2])
            self.assertEqual(sent.state, "to_print")
            action = self.ardent.with_user(
                self.accountant
            ).action_followup_print_letters()
            self.assertEqual(
                action["report_name"], "crm_suite.report_followup_statement"
            )
            self.assertEqual(sent.state, "done")

    def test_foreign_currency(self):
        """An invoice in another currency: the figures are its company-currency
        residual, as Total Receivable."""
        currency = self.env.ref("base.USD")
        if currency == self.currency:
            currency = self.env.ref("base.EUR")
        currency.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "rate": 2.0,
                "currency_id": currency.id,
                "company_id": self.company.id,
            }
        )
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1), currency_id=currency.id)
        with freeze_time("2026-01-20"):
            self.assertEqual(self.ardent.followup_amount_overdue, 500.0)
            data = self.ardent._followup_statement_data()
            self.assertEqual(data["due"], self.ardent.credit)
            self.assertEqual(data["due"], 500.0)
            self._cron()
            self.assertEqual(self._sent().level_id, self.levels[0])

    def test_list_queries_do_not_grow(self):
        """The follow-up list's Overdue column: the same queries for one customer
        as for many."""
        customers = self.ardent | self.blue
        for partner in customers:
            self._invoice(partner, 100.0, date(2026, 1, 1))
        more = self.env["res.partner"].create(
            [{"name": f"Late {n}", "is_company": True} for n in range(3)]
        )
        for partner in more:
            self._invoice(partner, 100.0, date(2026, 1, 1))

        def count(partners):
            self.env.invalidate_all()
            partners.fetch(["name"])
            before = self.cr.sql_log_count
            partners.mapped("followup_amount_overdue")
            return self.cr.sql_log_count - before

        with freeze_time("2026-01-20"):
            self.assertEqual(count(self.ardent), count(customers | more))
            self.assertEqual(
                set((customers | more).mapped("followup_amount_overdue")), {100.0}
            )

    def test_cron_twice_sends_nothing_the_second_time(self):
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        self._invoice(self.blue, 500.0, date(2025, 12, 1))

        def counts():
            domain = [
                ("res_id", "in", self.customers.ids),
                ("model", "=", "res.partner"),
            ]
            return (
                self.Sent.search_count([("partner_id", "in", self.customers.ids)]),
                self.env["mail.mail"].search_count(domain),
                self.env["mail.activity"].search_count(
                    [
                        ("res_id", "in", self.customers.ids),
                        ("res_model", "=", "res.partner"),
                    ]
                ),
                self.env["crm.contact.log"].search_count(
                    [("partner_id", "in", self.customers.ids)]
                ),
            )

        with freeze_time("2026-01-31"):
            self._cron()
            first = counts()
            self.assertEqual(first[0], 2, "both customers reminded")
            self._cron()
            self.assertEqual(counts(), first, "the second run sent nothing")

    def test_block_flag_warns_on_new_quotation_and_invoice(self):
        order = self.env["sale.order"].new({"partner_id": self.ardent.id})
        self.assertFalse(order._onchange_partner_id_followup_block())
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        with freeze_time("2026-03-05"):
            self._cron()  # the 60-day level blocks
        self.assertTrue(self.ardent.followup_credit_blocked)
        # the quotation form warns (Form logs an onchange warning)
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            with Form(self.env["sale.order"]) as form:
                form.partner_id = self.ardent
        self.assertIn("blocked for overdue payments", logs.output[0])
        # a contact of the customer on a customer invoice: the customer's block
        contact = self.env["res.partner"].create(
            {"name": "Ardent Payables", "parent_id": self.ardent.id}
        )
        move = self.env["account.move"].new(
            {"move_type": "out_invoice", "partner_id": contact.id}
        )
        self.assertIn("warning", move._onchange_partner_id_followup_block())
        bill = self.env["account.move"].new(
            {"move_type": "in_invoice", "partner_id": self.ardent.id}
        )
        self.assertFalse(bill._onchange_partner_id_followup_block())


@tagged("crm_suite", "crm_suite_followup", "-at_install", "post_install")
class TestFollowupLanguageCompany(FollowupCommon):
    """Post-install: loading a chart of accounts for a second company needs the
    full registry. Runs only its own test, with TestFollowup's fixtures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create(
            {"name": "Followup Other Co", "currency_id": cls.currency.id}
        )
        cls.env["account.chart.template"].try_loading(
            cls.company.chart_template or "generic_coa", cls.other, install_demo=False
        )

    def test_reminder_in_customer_language_and_invoice_company(self):
        """The e-mail is rendered in the customer's language, the statement in the
        mail queue too; the reminder belongs to the company of the invoice."""
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("crm_suite.mail_template_followup")
        template.with_context(
            lang="fr_FR"
        ).subject = "{{ object.env.company.name }} : rappel de paiement"
        self.ardent.lang = "fr_FR"
        self.blue.lang = "en_US"
        other = self.other
        self._invoice(self.ardent, 1000.0, date(2026, 1, 1))
        self._invoice(self.blue, 300.0, date(2026, 1, 1), company_id=other.id)
        with freeze_time("2026-01-16"):
            self._cron()
        ardent_sent, blue_sent = self._sent(self.ardent), self._sent(self.blue)
        self.assertEqual(ardent_sent.company_id, self.company)
        self.assertEqual(blue_sent.company_id, other, "the invoice's company")
        self.assertEqual(
            blue_sent.level_id.company_id, other, "the level of that company"
        )
        self.assertEqual(
            ardent_sent.mail_id.subject,
            f"{self.company.name} : rappel de paiement",
        )
        self.assertEqual(blue_sent.mail_id.subject, f"{other.name}: payment reminder")
        # the statement is rendered in the customer's language when the mail leaves
        ardent_sent.mail_id.auto_delete = False
        ardent_sent.mail_id.send()
        self.assertTrue(ardent_sent.statement_attached)
        self.assertIn("Statement Ardent", ardent_sent.mail_id.attachment_ids.name or "")

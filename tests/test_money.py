from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CrmSuiteCommon

TODAY = date(2026, 6, 15)


@tagged("crm_suite", "crm_suite_money", "post_install", "-at_install")
class TestMoney(CrmSuiteCommon):
    """One customer, Ardent Tools, told by every screen (``crm.money``), as the
    accountant who works in companies A (the main one) and B:

    A: invoice INV1 of 2,000 on the deal, 30 % due 2026-04-01 and 70 % due
    2026-06-30, paid 200 on 2026-05-10 (the first instalment keeps 400); a credit
    note of 150 on the deal dated 2026-06-10, unmatched; an invoice on the deal of
    1,000 in a foreign currency at 2.0 (500) due 2026-05-31; an advance payment of
    500 on 2026-06-15, unmatched.
    B: an invoice of 300 due 2026-06-10.

    As of 2026-06-15, in A and B: Invoiced 2,650, Paid 200, Due 1,950 (what
    Odoo's Total Receivable sums in A and in B), Overdue 400 - 150 + 500 + 300 =
    1,050, last payment the advance on 2026-06-15 (the partial payment of
    2026-05-10 is the latest *matched* one, which the panel used to show while
    the dossier showed the advance).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.currency = cls.company_a.currency_id
        cls.company_b = cls.env["res.company"].create(
            {"name": "Ardent Money B", "currency_id": cls.currency.id}
        )
        cls.env["account.chart.template"].try_loading(
            cls.company_a.chart_template or "generic_coa",
            cls.company_b,
            install_demo=False,
        )
        cls.accountant.company_ids = cls.company_a | cls.company_b
        cls.foreign = cls.env.ref("base.NOK")
        if cls.foreign == cls.currency:
            cls.foreign = cls.env.ref("base.SEK")
        cls.foreign.active = True
        cls.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "rate": 2.0,
                "currency_id": cls.foreign.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.lead.company_id = cls.company_a
        term = cls.env["account.payment.term"].create(
            {
                "name": "Test 30/70",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 30.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 70.0, "nb_days": 90}
                    ),
                ],
            }
        )
        cls.inv1 = cls._invoice(
            2000.0,
            "2026-04-01",
            invoice_payment_term_id=term.id,
            lead_id=cls.lead.id,
        )
        cls.partial = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=cls.inv1.ids)
            .create({"amount": 200.0, "payment_date": "2026-05-10"})
            ._create_payments()
        )
        cls.refund = cls._invoice(
            150.0, "2026-06-10", move_type="out_refund", lead_id=cls.lead.id
        )
        cls.inv_fx = cls._invoice(
            1000.0,
            "2026-05-01",
            invoice_date_due="2026-05-31",
            currency_id=cls.foreign.id,
            lead_id=cls.lead.id,
        )
        cls.advance = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.ardent.id,
                "amount": 500.0,
                "date": "2026-06-15",
            }
        )
        cls.advance.action_post()
        cls.inv_b = cls._invoice(
            300.0,
            "2026-06-01",
            invoice_date_due="2026-06-10",
            company=cls.company_b,
        )

    @classmethod
    def _invoice(cls, amount, invoice_date, company=None, **values):
        values.setdefault("move_type", "out_invoice")
        if "invoice_payment_term_id" not in values:
            values.setdefault("invoice_date_due", invoice_date)
        move = (
            cls.env["account.move"]
            .with_company(company or cls.company_a)
            .create(
                {
                    "partner_id": cls.ardent.id,
                    "invoice_date": invoice_date,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Workstations",
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        move.action_post()
        return move

    def _env(self, companies):
        return self.env(
            user=self.accountant,
            context=dict(self.env.context, allowed_company_ids=companies.ids),
        )

    def _panel(self, companies):
        with freeze_time(TODAY):
            return self.ardent.with_env(self._env(companies)).crm_suite_customer_360()

    def _receivable_by_due_date(self, companies):
        """What Odoo's Aged Receivable sums: the residual of the customer's open
        receivable items, (overdue, not due) by each item's own due date."""
        groups = self.env["account.move.line"]._read_group(
            [
                ("partner_id.commercial_partner_id", "=", self.ardent.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("company_id", "in", companies.ids),
            ],
            ["date_maturity:day"],
            ["amount_residual:sum"],
        )
        overdue = sum(amount for day, amount in groups if day and day < TODAY)
        not_due = sum(amount for day, amount in groups if not day or day >= TODAY)
        return self.currency.round(overdue), self.currency.round(not_due)

    def _total_receivable(self, company):
        """Odoo's own Total Receivable of the customer in ``company``."""
        partners = self.ardent | self.ardent.child_ids
        return sum(partners.with_company(company).mapped("credit"))

    def test_fixture(self):
        self.assertEqual(len(self.inv1.line_ids.filtered("date_maturity")), 2)
        self.assertEqual(self.inv1.amount_residual, 1800.0)
        self.assertEqual(self.inv_fx.amount_total_signed, 500.0, "1,000 at 2.0")
        self.assertEqual(self.advance.state, "in_process", "posted, not matched")
        self.assertTrue(self.advance.move_id, "the advance is on the receivable")

    def test_panel_matches_accounting(self):
        both = self.company_a | self.company_b
        figures = self._panel(both)
        self.assertTrue(figures["show_money"])
        self.assertEqual(figures["amount_invoiced"], 2650.0)
        self.assertEqual(figures["amount_paid"], 200.0)
        self.assertEqual(figures["amount_due"], 1950.0)
        self.assertEqual(figures["amount_overdue"], 1050.0)
        self.assertEqual(
            figures["last_payment_date"],
            date(2026, 6, 15),
            "the unmatched advance is the latest payment, not the partial one",
        )
        # Odoo's Total Receivable, company by company
        self.assertEqual(
            figures["amount_due"],
            self._total_receivable(self.company_a)
            + self._total_receivable(self.company_b),
        )
        # Odoo's receivable items by due date
        overdue, not_due = self._receivable_by_due_date(both)
        self.assertEqual(figures["amount_overdue"], overdue)
        self.assertEqual(figures["amount_due"], overdue + not_due)

    def test_company_scope_is_the_users_companies(self):
        figures = self._panel(self.company_a)
        self.assertEqual(figures["amount_invoiced"], 2350.0)
        self.assertEqual(figures["amount_due"], 1650.0)
        self.assertEqual(figures["amount_due"], self._total_receivable(self.company_a))
        self.assertEqual(figures["amount_overdue"], 750.0)
        figures = self._panel(self.company_b)
        self.assertEqual(figures["amount_due"], 300.0)
        self.assertEqual(figures["amount_overdue"], 300.0)
        self.assertEqual(figures["last_payment_date"], False, "no payment in B")

    def test_deal_totals(self):
        lead = self.lead.with_env(self._env(self.company_a | self.company_b))
        self.assertEqual(lead.invoice_count, 3)
        self.assertEqual(lead.amount_invoiced, 2000.0 - 150.0 + 500.0)
        self.assertEqual(lead.amount_paid, 200.0)
        self.assertEqual(lead.amount_due, 1800.0 - 150.0 + 500.0)
        self.assertEqual(lead.invoice_payment_state, "partial")
        self.assertEqual(
            lead.date_last_payment,
            date(2026, 5, 10),
            "the deal's last payment is the one matched with its invoices",
        )
        # the deal's invoices are the customer's in company A, the advance aside
        panel = self._panel(self.company_a)
        self.assertEqual(lead.amount_invoiced, panel["amount_invoiced"])
        self.assertEqual(lead.amount_paid, panel["amount_paid"])
        self.assertEqual(lead.amount_due - 500.0, panel["amount_due"])

    def test_dossier_tells_the_panel_story(self):
        both = self.company_a | self.company_b
        env = self._env(both)
        panel = self._panel(both)
        report = env["report.crm_suite.report_customer_dossier"]
        with freeze_time(TODAY):
            money = report._prepare_money(self.ardent)
            html, __ = env["ir.actions.report"]._render_qweb_html(
                "crm_suite.report_customer_dossier", self.ardent.ids
            )
        self.assertEqual(money["open_total"], panel["amount_due"])
        self.assertEqual(money["overdue_total"], panel["amount_overdue"])
        self.assertEqual(money["amount_invoiced"], panel["amount_invoiced"])
        self.assertEqual(money["amount_paid"], panel["amount_paid"])
        self.assertEqual(money["last_payment_date"], panel["last_payment_date"])
        html = html.decode()
        for amount in ("2,650.00", "1,950.00", "1,050.00"):
            self.assertIn(amount, html)
        self.assertIn("06/15/2026", html, "the advance's date")
        self.assertIn(self.inv_b.name, html, "open invoices of both companies")

    def test_timeline_tells_the_same_story(self):
        both = self.company_a | self.company_b
        panel = self._panel(both)
        with freeze_time(TODAY):
            result = self.ardent.with_env(self._env(both)).crm_suite_timeline(
                kinds=["invoice", "payment"]
            )
        invoices = {
            e["res_id"]: e["amount"]
            for e in result["entries"]
            if e["kind"] == "invoice"
        }
        payments = [e for e in result["entries"] if e["kind"] == "payment"]
        self.assertEqual(
            set(invoices),
            set((self.inv1 | self.refund | self.inv_fx | self.inv_b).ids),
        )
        self.assertEqual(invoices[self.refund.id], -150.0)
        self.assertEqual(invoices[self.inv_fx.id], 1000.0, "in the invoice's currency")
        self.assertEqual(
            {e["res_id"] for e in payments}, set((self.partial | self.advance).ids)
        )
        self.assertEqual(payments[0]["res_id"], self.advance.id, "newest first")
        self.assertEqual(payments[0]["date"], str(panel["last_payment_date"]))

    def _debt_report(self, company):
        return (
            self.env["crm.debt.report"]
            .with_env(self._env(self.company_a | self.company_b))
            .create(
                {
                    "date": TODAY,
                    "company_id": company.id,
                    "partner_ids": [Command.set(self.ardent.ids)],
                }
            )
        )

    def test_debt_report_tells_the_same_story(self):
        panel = self._panel(self.company_a | self.company_b)
        total = overdue = 0.0
        for company in self.company_a | self.company_b:
            totals = self._debt_report(company)._get_report_data()["totals"]
            total += totals["total"]
            overdue += totals["total"] - totals["not_due"]
        self.assertEqual(total, panel["amount_due"])
        self.assertEqual(overdue, panel["amount_overdue"])
        lines = {
            line["move_name"]: line
            for line in self._debt_report(self.company_a)._get_lines()
        }
        # unmatched credits are items aged by their own date
        self.assertEqual(lines[self.advance.move_id.name]["bucket"], "not_due")
        self.assertEqual(lines[self.advance.move_id.name]["residual"], -500.0)
        self.assertEqual(lines[self.refund.name]["bucket"], "1_30")
        self.assertEqual(lines[self.refund.name]["residual"], -150.0)

    def test_unmatched_credit_dated_before_today_lowers_overdue(self):
        """The rule for unmatched credits: an advance dated before today counts in
        Overdue, one dated today or later in Due only (as Aged Receivable)."""
        with freeze_time(date(2026, 6, 16)):
            figures = self.ardent.with_env(
                self._env(self.company_a)
            ).crm_suite_customer_360()
        # 2026-06-16: the advance of 2026-06-15 is past its date
        self.assertEqual(figures["amount_overdue"], 750.0 - 500.0)
        self.assertEqual(figures["amount_due"], 1650.0)

    def test_untaxed_basis_of_revenue(self):
        """Campaign revenue and forecast actuals are untaxed; panel and deal are
        taxed; all read ``crm.money._invoice_totals``."""
        tax = self.env["account.tax"].create(
            {"name": "Test 10 %", "amount": 10.0, "type_tax_use": "sale"}
        )
        campaign = self.env["utm.campaign"].create({"name": "Money campaign"})
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.blue.id,
                "invoice_date": "2026-06-01",
                "campaign_id": campaign.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Taxed",
                            "price_unit": 1000.0,
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        move.action_post()
        totals = self.env["crm.money"]._invoice_totals(
            [("campaign_id", "=", campaign.id)], ["campaign_id"]
        )[campaign]
        self.assertEqual(
            (totals["invoiced"], totals["invoiced_untaxed"]), (1100.0, 1000.0)
        )
        self.assertEqual(campaign.amount_invoiced, 1000.0)
        with freeze_time(TODAY):
            figures = self.blue.with_env(
                self._env(self.company_a)
            ).crm_suite_customer_360()
        self.assertEqual(figures["amount_invoiced"], 1100.0)

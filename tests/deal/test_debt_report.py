import base64
import io
from datetime import date

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

BUCKET_KEYS = ["not_due", "1_30", "31_60", "61_90", "over_90"]


class DebtReportCommon(CrmSuiteCommon):
    """Receivables of Ardent Tools and Blue Harbour, none from demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.customers = cls.ardent | cls.blue
        cls.blue.user_id = cls.sales_leader

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, **values):
        """A posted customer invoice (or ``move_type='out_refund'``) of one line."""
        move = cls.env["account.move"].create(
            {
                "move_type": values.pop("move_type", "out_invoice"),
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consulting",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, moves, amount, payment_date, **values):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({"amount": amount, "payment_date": payment_date, **values})
            ._create_payments()
        )

    def _wizard(self, **values):
        values.setdefault("partner_ids", [Command.set(self.customers.ids)])
        return self.env["crm.debt.report"].create(values)

    def _receivable_residual(self, partners):
        """What Odoo itself says the customers owe: the residual amounts of their
        posted receivable journal items."""
        [(total,)] = self.env["account.move.line"]._read_group(
            [
                ("partner_id.commercial_partner_id", "in", partners.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("company_id", "=", self.company.id),
            ],
            aggregates=["amount_residual:sum"],
        )
        return self.currency.round(total)


@tagged(
    "crm_suite",
    "crm_suite_deal",
    "crm_suite_debt_report",
    "post_install",
    "-at_install",
)
class TestDebtReport(DebtReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_ardent = cls._invoice(
            cls.ardent,
            1000.0,
            "2024-01-10",
            invoice_date_due="2024-02-09",
            invoice_user_id=cls.sales_own.id,
        )
        # billed to a contact person: the debt is the company's
        cls.inv_ann = cls._invoice(
            cls.ann,
            300.0,
            "2024-02-01",
            invoice_date_due="2024-03-02",
            invoice_user_id=cls.sales_own2.id,
        )
        cls.inv_blue = cls._invoice(
            cls.blue, 250.0, "2024-03-01", invoice_date_due="2024-03-31"
        )
        # no salesperson on the invoice: the customer's
        cls.inv_blue.invoice_user_id = False

    def _lines_by_move(self, wizard):
        return {line["move_name"]: line for line in wizard._get_lines()}

    def test_totals_equal_receivable_residuals(self):
        self._pay(self.inv_ardent, 400.0, "2024-02-20")
        self._invoice(self.blue, 80.0, "2024-03-05", move_type="out_refund")
        data = self._wizard()._get_report_data()
        self.assertEqual(data["totals"]["total"], 1000.0 - 400 + 300 + 250 - 80)
        self.assertEqual(
            data["totals"]["total"], self._receivable_residual(self.customers)
        )
        self.assertEqual(
            data["totals"]["total"],
            sum(data["totals"][key] for key in BUCKET_KEYS),
        )
        ardent, blue = data["customers"]
        self.assertEqual(ardent["partner"], self.ardent)
        self.assertEqual(blue["partner"], self.blue)
        self.assertEqual(ardent["totals"]["total"], 900.0)
        self.assertEqual(
            ardent["totals"]["total"], self._receivable_residual(self.ardent)
        )
        self.assertEqual(blue["totals"]["total"], 170.0)

    def test_grouped_by_customer_and_salesperson(self):
        data = self._wizard(date="2024-04-15")._get_report_data()
        ardent, blue = data["customers"]
        self.assertEqual(
            [group["user"] for group in ardent["salespeople"]],
            [self.sales_own, self.sales_own2],
        )
        self.assertEqual(
            [group["totals"]["total"] for group in ardent["salespeople"]],
            [1000.0, 300.0],
        )
        self.assertEqual(
            [line["move_name"] for line in ardent["salespeople"][1]["lines"]],
            [self.inv_ann.name],
        )
        self.assertEqual(
            [group["user"] for group in blue["salespeople"]], [self.sales_leader]
        )
        self.assertEqual(data["totals"]["total"], 1550.0)

    def test_filters(self):
        wizard = self._wizard(
            date="2024-04-15", user_ids=[Command.set(self.sales_leader.ids)]
        )
        self.assertEqual(list(self._lines_by_move(wizard)), [self.inv_blue.name])
        wizard = self._wizard(
            date="2024-04-15", partner_ids=[Command.set(self.bob.ids)]
        )
        self.assertEqual(
            set(self._lines_by_move(wizard)), {self.inv_ardent.name, self.inv_ann.name}
        )

    def test_instalments(self):
        term = self._half_now_half_in_30_days()
        invoice = self._invoice(
            self.blue, 1000.0, "2024-05-01", invoice_payment_term_id=term.id
        )
        lines = [
            line
            for line in self._wizard(date="2024-06-15")._get_lines()
            if line["move_name"] == invoice.name
        ]
        self.assertEqual(
            [
                (
                    line["date_due"],
                    line["days_overdue"],
                    line["bucket"],
                    line["residual"],
                )
                for line in lines
            ],
            [
                (date(2024, 5, 1), 45, "31_60", 500.0),
                (date(2024, 5, 31), 15, "1_30", 500.0),
            ],
        )
        # the first instalment paid: the second one stays
        self._pay(invoice, 500.0, "2024-06-01")
        lines = [
            line
            for line in self._wizard(date="2024-06-15")._get_lines()
            if line["move_name"] == invoice.name
        ]
        self.assertEqual(sum(line["residual"] for line in lines), 500.0)
        self.assertEqual(
            self._wizard()._get_report_data()["totals"]["total"],
            self._receivable_residual(self.customers),
        )

    def test_partial_payment(self):
        self._pay(self.inv_ardent, 400.0, "2024-02-20")
        line = self._lines_by_move(self._wizard())[self.inv_ardent.name]
        self.assertEqual(line["residual"], 600.0)
        self.assertEqual(line["residual"], self.inv_ardent.amount_residual)

    def test_as_of_date(self):
        self._pay(self.inv_ardent, 1000.0, "2024-02-20")
        self.assertEqual(self.inv_ardent.payment_state, "paid")
        # before the payment: all of it is owed; before the invoice: nothing
        before = self._lines_by_move(self._wizard(date="2024-02-19"))
        self.assertEqual(before[self.inv_ardent.name]["residual"], 1000.0)
        self.assertEqual(before[self.inv_ardent.name]["days_overdue"], 10)
        self.assertNotIn(self.inv_blue.name, before)
        # on the payment date and after it, settled
        self.assertNotIn(
            self.inv_ardent.name, self._lines_by_move(self._wizard(date="2024-02-20"))
        )
        self.assertNotIn(self.inv_ardent.name, self._lines_by_move(self._wizard()))
        # a payment not yet matched on the as-of date is not deducted either
        self._pay(self.inv_blue, 50.0, "2024-04-10")
        self.assertEqual(
            self._wizard(date="2024-04-09")._get_report_data()["totals"]["total"],
            300.0 + 250.0,
        )
        self.assertEqual(
            self._wizard(date="2024-04-10")._get_report_data()["totals"]["total"],
            300.0 + 200.0,
        )

    def test_credit_note(self):
        refund = self._invoice(self.ardent, 120.0, "2024-03-10", move_type="out_refund")
        data = self._wizard(date="2024-04-15")._get_report_data()
        ardent = data["customers"][0]
        self.assertEqual(ardent["totals"]["total"], 1000.0 + 300.0 - 120.0)
        line = self._lines_by_move(self._wizard(date="2024-04-15"))[refund.name]
        self.assertEqual(line["residual"], -120.0)
        # matched with the invoice: the same total, on the invoice's line
        (refund | self.inv_ardent).line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        ).reconcile()
        lines = self._lines_by_move(self._wizard())
        self.assertNotIn(refund.name, lines)
        self.assertEqual(lines[self.inv_ardent.name]["residual"], 880.0)
        self.assertEqual(
            self._wizard()._get_report_data()["totals"]["total"],
            self._receivable_residual(self.customers),
        )

    def test_foreign_currency(self):
        foreign = self.env.ref("base.NOK")
        if foreign == self.currency:
            foreign = self.env.ref("base.SEK")
        foreign.active = True
        self.env["res.currency.rate"].create(
            [
                {
                    "name": "2024-01-01",
                    "rate": 2.0,
                    "currency_id": foreign.id,
                    "company_id": self.company.id,
                },
                {
                    "name": "2024-03-01",
                    "rate": 2.5,
                    "currency_id": foreign.id,
                    "company_id": self.company.id,
                },
            ]
        )
        invoice = self._invoice(
            self.blue,
            1000.0,
            "2024-01-15",
            invoice_date_due="2024-01-15",
            currency_id=foreign.id,
        )
        self.assertEqual(invoice.amount_residual_signed, 500.0)
        line = self._lines_by_move(self._wizard())[invoice.name]
        self.assertEqual(line["residual"], 500.0, "in company currency")
        # half paid at another rate: Odoo books the exchange difference
        self._pay(invoice, 500.0, "2024-03-05", currency_id=foreign.id)
        line = self._lines_by_move(self._wizard())[invoice.name]
        self.assertEqual(line["residual"], invoice.amount_residual_signed)
        self.assertEqual(
            self._wizard()._get_report_data()["totals"]["total"],
            self._receivable_residual(self.customers),
        )
        # as of the invoice's month, the whole of it at the invoice's rate
        line = self._lines_by_move(self._wizard(date="2024-02-01"))[invoice.name]
        self.assertEqual(line["residual"], 500.0)

    @freeze_time("2024-06-30")
    def test_buckets(self):
        cases = {
            "2024-07-15": ("not_due", 0),
            "2024-06-30": ("not_due", 0),
            "2024-06-29": ("1_30", 1),
            "2024-05-31": ("1_30", 30),
            "2024-05-30": ("31_60", 31),
            "2024-05-01": ("31_60", 60),
            "2024-04-30": ("61_90", 61),
            "2024-04-01": ("61_90", 90),
            "2024-03-31": ("over_90", 91),
        }
        moves = {
            due: self._invoice(
                self.blue, 10.0, min(due, "2024-06-30"), invoice_date_due=due
            ).name
            for due in cases
        }
        wizard = self.env["crm.debt.report"].create(
            {"partner_ids": [Command.set(self.blue.ids)]}
        )
        self.assertEqual(wizard.date, date(2024, 6, 30), "as of today by default")
        lines = self._lines_by_move(wizard)
        for due, (bucket, days) in cases.items():
            line = lines[moves[due]]
            self.assertEqual(
                (line["bucket"], line["days_overdue"]), (bucket, days), due
            )
        # the invoice of setUpClass, due on 2024-03-31, is also 91 days overdue
        totals = wizard._get_report_data()["totals"]
        self.assertEqual(
            {key: totals[key] for key in BUCKET_KEYS},
            {
                "not_due": 20.0,
                "1_30": 20.0,
                "31_60": 20.0,
                "61_90": 20.0,
                "over_90": 260.0,
            },
        )
        self.assertEqual(totals["total"], 340.0)

    def _count_report_queries(self, wizard):
        self.env.invalidate_all()
        count = self.cr.sql_log_count
        wizard._get_report_data()
        return self.cr.sql_log_count - count

    def test_query_count(self):
        """A few queries, whatever the number of items, customers and salespeople."""
        wizard = self._wizard(date="2024-04-15", partner_ids=False)
        few = self._count_report_queries(wizard)
        for number in range(5):
            partner = self.env["res.partner"].create(
                {"name": f"Test Debtor {number}", "user_id": self.sales_all.id}
            )
            for amount in (10.0, 20.0):
                self._invoice(partner, amount, "2024-03-01", invoice_user_id=False)
        self.assertEqual(self._count_report_queries(wizard), few)
        self.assertLessEqual(few, 12, "two of them switch PostgreSQL's JIT off and on")

    def test_xlsx(self):
        self._pay(self.inv_ardent, 400.0, "2024-02-20")
        wizard = self._wizard(date="2024-04-15")
        action = wizard.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"],
            f"/web/content/?model=crm.debt.report&id={wizard.id}&field=xlsx_file"
            "&filename_field=xlsx_filename&download=true",
        )
        self.assertEqual(wizard.xlsx_filename, "Debt Report 2024-04-15.xlsx")
        data = wizard._get_report_data()
        sheet = load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1][:2], ("Company", self.company.name))
        self.assertEqual(rows[2][1].date(), date(2024, 4, 15))
        headers = rows[5]
        self.assertEqual(
            headers,
            (
                "Customer",
                "Salesperson",
                "Document",
                "Invoice Date",
                "Due Date",
                "Days Overdue",
                "Residual",
                "Not Due",
                "1-30",
                "31-60",
                "61-90",
                "Over 90",
            ),
        )
        items = [row for row in rows[6:] if row[2]]
        self.assertEqual(len(items), 3)
        first = items[0]
        self.assertEqual(
            first[:3], ("Ardent Tools", self.sales_own.name, self.inv_ardent.name)
        )
        self.assertEqual(first[4].date(), date(2024, 2, 9))
        self.assertEqual((first[5], first[6]), (66, 600.0))
        self.assertEqual(first[7:], (None, None, None, 600.0, None), "61-90 column")
        subtotals = [row for row in rows if (row[0] or "").startswith("Total ")]
        self.assertEqual(
            [(row[0], row[6]) for row in subtotals],
            [("Total Ardent Tools", 900.0), ("Total Blue Harbour", 250.0)],
        )
        [total] = [row for row in rows if row[0] == "Total"]
        self.assertIsInstance(total[6], int | float)
        self.assertEqual(total[6], data["totals"]["total"])
        self.assertEqual(total[6], 1150.0)
        self.assertEqual(list(total[7:]), [data["totals"][key] for key in BUCKET_KEYS])
        money_format = sheet.cell(row=rows.index(total) + 1, column=7).number_format
        self.assertIn("#,##0", money_format)

    def test_pdf_html(self):
        wizard = self._wizard(date="2024-04-15")
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_debt", wizard.ids
        )
        html = html.decode()
        for text in ("Ardent Tools", "Blue Harbour", self.inv_ann.name, "Over 90"):
            self.assertIn(text, html)
        self.assertIn("Grand Total", html)

    @users("sales_manager")
    def test_sales_manager_gets_report(self):
        """Sales managers have no accounting rights, yet get the report."""
        self.assertFalse(self.env.user.has_group("account.group_account_invoice"))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.env["account.move.line"].search([], limit=1)
        wizard = self._wizard(date="2024-04-15")
        self.assertEqual(wizard._get_report_data()["totals"]["total"], 1550.0)
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_debt", wizard.ids
        )
        self.assertIn("Blue Harbour", html.decode())

    @users("accountant")
    def test_accountant_gets_report(self):
        wizard = self._wizard(date="2024-04-15")
        self.assertEqual(wizard._get_report_data()["totals"]["total"], 1550.0)
        wizard.action_export_xlsx()
        self.assertTrue(wizard.xlsx_file)
        action = wizard.action_print_pdf()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "crm_suite.report_debt")
        self.assertEqual(action["report_type"], "qweb-pdf")
        self.assertEqual(action["context"]["active_ids"], wizard.ids)

    @users("sales_own", "employee")
    @mute_logger("odoo.addons.base.models.ir_model")
    def test_access_refused(self):
        with self.assertRaises(AccessError):
            self._wizard()

    def test_other_company_refused(self):
        other = self.env["res.company"].create({"name": "Test Other Company"})
        wizard = (
            self.env["crm.debt.report"]
            .with_user(self.sales_manager)
            .create({"company_id": other.id})
        )
        with self.assertRaises(AccessError):
            wizard._get_lines()


@tagged(
    "crm_suite",
    "crm_suite_deal",
    "crm_suite_debt_report",
    "post_install",
    "-at_install",
)
class TestDebtReportPdf(HttpCase):
    # HttpCase: wkhtmltopdf fetches the report's styles from the test server, which
    # must see the test transaction.
    # Debian's wkhtmltopdf is built on an unpatched Qt: Odoo warns that it ignores the
    # header/footer switches. The PDF is still produced, which is what is tested.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_debt_report_pdf(self):
        partner = self.env["res.partner"].create(
            {"name": "PDF Debtor", "is_company": True}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2024-01-10",
                "invoice_date_due": "2024-02-09",
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        wizard = self.env["crm.debt.report"].create(
            {"partner_ids": [Command.set(partner.ids)]}
        )
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_suite.report_debt", wizard.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(len(pdf), 5000)

from lxml import html as lxml_html

from odoo.tests import tagged

from .test_debt_report import DebtReportCommon


@tagged(
    "crm_suite",
    "crm_suite_deal",
    "crm_suite_debt_report",
    "post_install",
    "-at_install",
)
class TestDebtReportListing(DebtReportCommon):
    """Issue 17 (polish): the debt report showed "Days Overdue 0" on items not yet
    due, and listed a customer whose items net to zero."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overdue = cls._invoice(
            cls.ardent, 400.0, "2024-03-01", invoice_date_due="2024-03-31"
        )
        cls.not_due = cls._invoice(
            cls.ardent, 600.0, "2024-04-10", invoice_date_due="2024-05-10"
        )
        # an invoice and its credit note, not matched: Blue Harbour owes nothing
        cls._invoice(cls.blue, 250.0, "2024-03-01", invoice_date_due="2024-03-31")
        cls._invoice(cls.blue, 250.0, "2024-03-05", move_type="out_refund")

    def test_customer_netting_to_zero_not_listed(self):
        data = self._wizard(date="2024-04-15")._get_report_data()
        self.assertEqual(
            [customer["partner"] for customer in data["customers"]], [self.ardent]
        )
        self.assertEqual(data["totals"]["total"], 1000.0)
        self.assertEqual(data["totals"]["not_due"], 600.0)
        self.assertEqual(data["totals"]["1_30"], 400.0)

    def test_no_days_overdue_before_the_due_date(self):
        wizard = self._wizard(date="2024-04-15")
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_debt", wizard.ids
        )
        tree = lxml_html.fromstring(html.decode())
        days = {
            row.xpath("td")[0].text_content().strip(): row.xpath("td")[3]
            .text_content()
            .strip()
            for row in tree.xpath("//table[@name='debt']/tbody/tr[count(td) > 5]")
        }
        self.assertEqual(days[self.overdue.name], "15")
        self.assertEqual(days[self.not_due.name], "", "not due: no 0 days overdue")
        table = tree.xpath("//table[@name='debt']")[0].text_content()
        self.assertNotIn("Blue Harbour", table)

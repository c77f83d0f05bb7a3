from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from ..common import CrmSuiteCommon


@tagged(
    "crm_suite",
    "crm_suite_customer",
    "crm_suite_dossier",
    "post_install",
    "-at_install",
)
class TestCustomerDossierSummary(CrmSuiteCommon):
    """Issue 17 (polish): the dossier of a customer with many contact logs listed
    them all; credit notes were listed under open invoices; an empty salesperson
    left an empty label."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ardent.user_id = False
        now = fields.Datetime.now()
        for days in range(24):
            cls._class_log(
                user=cls.sales_own,
                partner_id=cls.ann.id,
                activity_type_id=(cls.call if days % 3 else cls.email).id,
                summary=f"Contact number {days:02d}",
                date=now - timedelta(days=days),
            )
        Move = cls.env["account.move"]
        line = [Command.create({"name": "Desks", "quantity": 1, "price_unit": 500.0})]
        cls.invoice, cls.refund = Move.create(
            [
                {
                    "move_type": move_type,
                    "partner_id": cls.ardent.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": line,
                }
                for move_type in ("out_invoice", "out_refund")
            ]
        )
        (cls.invoice | cls.refund).action_post()

    def _render(self):
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_customer_dossier", self.ardent.ids
        )
        return html.decode()

    def test_recent_logs_and_totals_per_kind(self):
        dossier = self.env["report.crm_suite.report_customer_dossier"]._prepare_dossier(
            self.ardent
        )
        self.assertEqual(len(dossier["logs"]), 20)
        self.assertEqual(dossier["log_count"], 24)
        self.assertEqual(dossier["logs_left_out"], 4)
        self.assertEqual(
            {kind: count for kind, count in dossier["log_kinds"]},
            {self.call: 16, self.email: 8},
        )
        html = self._render()
        self.assertIn("24 contacts logged in all", html)
        self.assertIn("16 Call", html)
        self.assertIn("4 earlier ones are left out", html)
        self.assertIn("display: table-header-group", html, "headers on every page")

    def test_credit_notes_apart_and_salesperson_label(self):
        dossier = self.env["report.crm_suite.report_customer_dossier"]._prepare_dossier(
            self.ardent
        )
        self.assertEqual(dossier["open_invoices"], self.invoice)
        self.assertEqual(dossier["open_credit_notes"], self.refund)
        html = self._render()
        self.assertIn("Credit Notes Not Yet Used", html)
        self.assertIn("Not assigned", html)

    def test_many_open_deals_listed_first_with_a_count(self):
        """The bench's customer with 2,000 deals made a 65 MB dossier PDF: the
        lists stop at the first ones by date and say how many more there are."""
        self.env["crm.lead"].create(
            [
                {
                    "name": f"Shelving lot {number:02d}",
                    "type": "opportunity",
                    "partner_id": self.ardent.id,
                    "user_id": self.sales_own.id,
                }
                for number in range(55)
            ]
        )
        report = self.env["report.crm_suite.report_customer_dossier"]
        dossier = report._prepare_dossier(self.ardent)
        open_count = self.env["crm.lead"].search_count(
            [
                ("partner_id", "child_of", self.ardent.id),
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", False),
            ]
        )
        self.assertEqual(len(dossier["leads"]), 50)
        self.assertEqual(dossier["leads_left_out"], open_count - 50)
        self.assertIn(f"And {open_count - 50} more open deals", self._render())

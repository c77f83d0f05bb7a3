from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged(
    "crm_suite",
    "crm_suite_customer",
    "crm_suite_dossier",
    "post_install",
    "-at_install",
)
class TestCustomerDossier(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann.function = "Purchasing manager"
        for days in range(25):
            cls._class_log(
                user=cls.sales_own,
                partner_id=cls.ann.id,
                summary=f"Contact number {days:02d}",
                date=fields.Datetime.now() - timedelta(days=days),
            )
        cls._class_log(
            user=cls.sales_own,
            lead_id=cls.lead.id,
            summary="Planning the demo",
            next_date=fields.Date.today() + timedelta(days=1),
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.ardent.id,
                "invoice_date": fields.Date.today() - timedelta(days=60),
                "invoice_date_due": fields.Date.today() - timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Desks", "quantity": 4, "price_unit": 250.0}
                    )
                ],
            }
        )
        cls.invoice.action_post()

    def _render(self):
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_customer_dossier", self.ardent.ids
        )
        return html.decode()

    @users("sales_own")
    def test_dossier_content(self):
        html = self._render()
        self.assertIn("Ardent Tools", html)
        self.assertIn("Purchasing manager", html)
        self.assertIn("Contact number 00", html)
        self.assertIn("Contact number 18", html)
        self.assertNotIn("Contact number 19", html, "only the last 20 contacts")
        self.assertIn("Follow-up: Planning the demo", html)
        self.assertIn(self.lead.name, html)
        self.assertIn(self.invoice.name, html, "salespeople see open invoices")
        self.assertEqual(self.invoice.amount_residual, 1000.0)

    @users("sales_own2")
    def test_no_money_for_other_salespeople(self):
        """Neither the customer's salesperson nor the owner of one of its deals."""
        html = self._render()
        self.assertIn("Ardent Tools", html)
        self.assertNotIn(self.invoice.name, html)
        self.assertIn("shown to the customer's salespeople", html)

    def test_money_figures(self):
        report = self.env["report.crm_suite.report_customer_dossier"]
        money = report._prepare_money(self.ardent)
        self.assertEqual(money["open_invoices"], self.invoice)
        self.assertEqual(money["open_total"], 1000.0)
        self.assertEqual(money["overdue_total"], 1000.0)
        self.assertFalse(money["last_payment_date"])
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create(
            {"amount": 400.0, "payment_date": fields.Date.today()}
        )._create_payments()
        money = report._prepare_money(self.ardent)
        self.assertEqual(money["open_total"], 600.0)
        self.assertEqual(money["last_payment_date"], fields.Date.today())


@tagged(
    "crm_suite",
    "crm_suite_customer",
    "crm_suite_dossier",
    "post_install",
    "-at_install",
)
class TestCustomerDossierPdf(HttpCase):
    # HttpCase: wkhtmltopdf fetches the report's styles from the test server, which
    # must see the test transaction.
    # Debian's wkhtmltopdf is built on an unpatched Qt: Odoo warns that it ignores the
    # header/footer switches. The PDF is still produced, which is what is tested.
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_dossier_pdf(self):
        partner = self.env["res.partner"].create(
            {"name": "PDF Customer", "is_company": True}
        )
        self.env["crm.contact.log"].create(
            {"partner_id": partner.id, "summary": "Printed in the dossier"}
        )
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("crm_suite.report_customer_dossier", partner.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(len(pdf), 5000)

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_money")
class TestDealInvoiceOnce(CrmSuiteCommon):
    """Issue 17, defect 1: "Create Invoice" stayed on a deal already invoiced and
    paid, and made a second full draft invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        cls.lead.expected_revenue = 1000.0
        cls.lead.action_set_won()

    def _invoice(self):
        action = self.lead.action_create_invoice()
        return self.env["account.move"].browse(action["res_id"])

    def _refund(self, invoice, price):
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": fields.Date.today()})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        credit_note.invoice_line_ids.price_unit = price
        credit_note.action_post()
        return credit_note

    def test_paid_deal_is_not_invoiced_twice(self):
        invoice = self._invoice()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": fields.Date.today()})._create_payments()
        self.assertEqual(self.lead.invoice_payment_state, "paid")
        self.assertEqual(self.lead.amount_to_invoice, 0.0)
        with self.assertRaisesRegex(UserError, "Nothing left to invoice"):
            self._invoice()
        self.assertEqual(len(self.lead.invoice_ids), 1)

    def test_draft_invoice_counts(self):
        """Two clicks make no second draft."""
        self._invoice()
        with self.assertRaisesRegex(UserError, "Nothing left to invoice"):
            self._invoice()

    def test_cancelled_invoice_does_not_count(self):
        self._invoice().button_cancel()
        self.assertEqual(self.lead.amount_to_invoice, 1000.0)
        self.assertEqual(self._invoice().amount_untaxed, 1000.0)

    def test_only_the_remainder_after_a_credit_note(self):
        invoice = self._invoice()
        invoice.action_post()
        self._refund(invoice, 300.0)
        self.assertEqual(self.lead.amount_to_invoice, 300.0)
        remainder = self._invoice()
        self.assertEqual(remainder.invoice_line_ids.price_unit, 300.0)
        self.assertIn("remainder", remainder.invoice_line_ids.name)
        self.assertIn("remainder only", self.lead.message_ids[0].body)
        self.assertEqual(self.lead.amount_to_invoice, 0.0)

    def test_button_hidden_once_covered(self):
        """The deal form hides the button when nothing is left to invoice."""
        self._invoice()
        form = Form(self.lead)
        self.assertEqual(form.amount_to_invoice, 0.0)
        button = form._view["tree"].find(".//button[@name='action_create_invoice']")
        self.assertIn("not amount_to_invoice", button.get("invisible"))

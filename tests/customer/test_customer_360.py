from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

TODAY = date(2026, 6, 15)


@tagged("crm_suite", "crm_suite_customer", "crm_suite_customer_360")
class TestCustomer360(CrmSuiteCommon):
    """Ardent Tools: one open deal of sales_own (1,000 at 25 %), one open deal of
    sales_own2 (4,000), a deal won this year (3,000) and one won last year, a lost
    deal; an invoice of 1,000 paid 400, an invoice in two instalments (the first
    overdue), an unrelated customer's invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        Lead = cls.env["crm.lead"]
        cls.lead.write({"expected_revenue": 1000.0, "probability": 25.0})
        common = {"type": "opportunity", "partner_id": cls.ann.id}
        cls.lead_other = Lead.create(
            dict(
                common,
                name="Ardent: other salesperson",
                user_id=cls.sales_own2.id,
                expected_revenue=4000.0,
                probability=50.0,
            )
        )
        cls.lead_won, cls.lead_won_old, cls.lead_lost = Lead.create(
            [
                dict(
                    common,
                    name="Won this year",
                    user_id=cls.sales_own.id,
                    expected_revenue=3000.0,
                ),
                dict(
                    common,
                    name="Won last year",
                    user_id=cls.sales_own.id,
                    expected_revenue=9000.0,
                ),
                dict(
                    common,
                    name="Lost",
                    user_id=cls.sales_own.id,
                    expected_revenue=7000.0,
                ),
            ]
        )
        (cls.lead_won | cls.lead_won_old).stage_id = cls.won_stage
        cls.lead_won.date_closed = datetime(2026, 2, 1)
        cls.lead_won_old.date_closed = datetime(2025, 11, 1)
        cls.lead_lost.action_set_lost()
        cls.half_term = cls._half_now_half_in_30_days()
        cls.invoice_paid = cls._invoice(
            cls.ardent, 1000.0, "2026-06-01", invoice_date_due="2026-06-30"
        )
        cls._pay(cls.invoice_paid, 400.0, "2026-06-10")
        cls.invoice_instalments = cls._invoice(
            cls.bob, 600.0, "2026-05-20", invoice_payment_term_id=cls.half_term.id
        )
        cls._invoice(cls.blue, 5000.0, "2026-01-01")
        activity = {
            "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
            "activity_type_id": cls.call.id,
            "user_id": cls.sales_own.id,
        }
        cls.env["mail.activity"].create(
            [
                dict(activity, res_id=cls.ann.id, date_deadline="2026-06-01"),
                dict(activity, res_id=cls.ardent.id, date_deadline="2026-06-30"),
                dict(
                    activity,
                    res_model_id=cls.env["ir.model"]._get_id("crm.lead"),
                    res_id=cls.lead_other.id,
                    user_id=cls.sales_own2.id,
                    date_deadline="2026-06-20",
                ),
                dict(activity, res_id=cls.carl.id, date_deadline="2026-06-01"),
            ]
        )

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, **values):
        if "invoice_payment_term_id" not in values:
            values.setdefault("invoice_date_due", invoice_date)
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
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
        move.action_post()
        return move

    @classmethod
    def _pay(cls, invoice, amount, payment_date):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": payment_date})
            ._create_payments()
        )

    def _figures(self, partner=None):
        with freeze_time(TODAY):
            return (partner or self.ardent).with_env(self.env).crm_suite_customer_360()

    @users("sales_all")
    def test_figures(self):
        figures = self._figures()
        self.assertEqual(figures["partner_id"], self.ardent.id)
        self.assertEqual(figures["open_deal_count"], 2)
        self.assertEqual(figures["open_deal_amount"], 5000.0)
        self.assertEqual(figures["open_deal_weighted"], 250.0 + 2000.0)
        self.assertEqual((figures["won_count"], figures["won_amount"]), (1, 3000.0))
        self.assertTrue(figures["show_money"])
        self.assertEqual(figures["amount_invoiced"], 1600.0)
        self.assertEqual(figures["amount_paid"], 400.0)
        self.assertEqual(figures["amount_due"], 1200.0)
        self.assertEqual(figures["amount_overdue"], 300.0, "first instalment only")
        self.assertEqual(figures["last_payment_date"], date(2026, 6, 10))
        self.assertEqual(figures["activity_count"], 3, "Carl's is Blue Harbour's")
        self.assertEqual(figures["activity_overdue_count"], 1)

    @users("sales_all")
    def test_person_shows_its_company(self):
        figures = self._figures(self.ann)
        self.assertEqual(figures["partner_id"], self.ardent.id)
        self.assertFalse(figures["is_entity"])
        self.assertEqual(figures["amount_due"], 1200.0)

    @users("sales_own")
    def test_salesperson_sees_own_deals_and_their_customers_money(self):
        figures = self._figures()
        self.assertEqual(figures["open_deal_count"], 1, "not sales_own2's deal")
        self.assertEqual(figures["open_deal_amount"], 1000.0)
        self.assertEqual(figures["activity_count"], 2, "not on sales_own2's deal")
        self.assertTrue(figures["show_money"], "owns a deal with the customer")
        self.assertEqual(figures["amount_due"], 1200.0)
        self.assertFalse(figures["can_open_invoices"])

    @users("sales_own")
    def test_salesperson_without_deal_sees_no_money(self):
        figures = self._figures(self.blue)
        self.assertFalse(figures["show_money"])
        self.assertNotIn("amount_due", figures)

    @users("sales_own")
    def test_customer_salesperson_sees_money(self):
        self.blue.sudo().user_id = self.sales_own
        figures = self._figures(self.blue)
        self.assertEqual(figures["amount_due"], 5000.0)
        self.assertEqual(figures["amount_overdue"], 5000.0)

    @users("accountant")
    def test_accountant(self):
        figures = self._figures()
        self.assertTrue(figures["show_money"])
        self.assertTrue(figures["can_open_invoices"])
        self.assertEqual(figures["amount_invoiced"], 1600.0)
        self.assertEqual(figures["open_deal_count"], 2, "accountants read all deals")

    @users("employee", "portal_user")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_no_sales_rights_refused(self):
        with self.assertRaises(AccessError):
            self._figures()

    def test_unpaid_credit_note_lowers_overdue(self):
        """An open credit note is a receivable item aged by its own due date, as in
        Odoo's Aged Receivable: dated before today, it lowers Overdue (here below
        zero: the customer's credit exceeds its late instalment)."""
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.ardent.id,
                "invoice_date": "2026-06-14",
                "invoice_date_due": "2026-06-14",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Returned",
                            "price_unit": 1100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        figures = self._figures()
        self.assertEqual(figures["amount_due"], 100.0)
        self.assertEqual(figures["amount_overdue"], 300.0 - 1100.0)

    @users("sales_all")
    def test_query_count_is_flat(self):
        self._figures()  # warm the caches of the groups and the model
        with self.assertQueryCount(sales_all=9):
            self.env.invalidate_all()
            self._figures()
        # many more deals, invoices, payments and activities: the same queries
        Lead = self.env["crm.lead"].sudo()
        leads = Lead.create(
            [
                {
                    "name": f"Bulk {n}",
                    "type": "opportunity",
                    "partner_id": self.ann.id,
                    "expected_revenue": 100.0,
                }
                for n in range(30)
            ]
        )
        leads[:10].stage_id = self.won_stage
        for _n in range(5):
            self._pay(self._invoice(self.ardent, 100.0, "2026-06-02"), 50.0, TODAY)
        self.env.invalidate_all()
        with self.assertQueryCount(sales_all=9):
            self.env.invalidate_all()
            figures = self._figures()
        self.assertEqual(figures["open_deal_count"], 22)

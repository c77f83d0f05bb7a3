from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_money")
class TestDealMoney(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        cls.lead.expected_revenue = 1000.0

    def _win_and_invoice(self):
        self.lead.action_set_won()
        action = self.lead.action_create_invoice()
        return self.env["account.move"].browse(action["res_id"])

    def _pay(self, invoice, amount):
        return (
            invoice.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": fields.Date.today()})
            ._create_payments()
        )

    def test_create_invoice_from_won_deal(self):
        invoice = self._win_and_invoice()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.ardent)
        self.assertEqual(invoice.lead_id, self.lead)
        self.assertEqual(invoice.invoice_user_id, self.sales_own)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 1000.0)
        self.assertEqual(self.lead.invoice_payment_state, "none", "draft not counted")

    def test_only_won_deals_are_invoiced(self):
        with self.assertRaisesRegex(UserError, "Only a won deal"):
            self.lead.action_create_invoice()

    def test_amounts_follow_payments(self):
        invoice = self._win_and_invoice()
        invoice.action_post()
        self.assertEqual(self.lead.invoice_payment_state, "not_paid")
        self.assertEqual(self.lead.amount_invoiced, 1000.0)
        self.assertEqual(self.lead.amount_due, 1000.0)
        payment = self._pay(invoice, 400.0)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.amount_paid, 400.0)
        self.assertEqual(self.lead.amount_due, 600.0)
        self.assertEqual(self.lead.invoice_payment_state, "partial")
        self.assertEqual(self.lead.date_last_payment, fields.Date.today())
        self.assertEqual(payment.lead_ids, self.lead)
        self.assertEqual(payment.lead_user_ids, self.sales_own)
        self._pay(invoice, 600.0)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.invoice_payment_state, "paid")
        self.assertEqual(self.lead.amount_due, 0.0)

    def test_credit_note_stays_on_the_deal(self):
        invoice = self._win_and_invoice()
        invoice.action_post()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": fields.Date.today()})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(credit_note.lead_id, self.lead)
        credit_note.invoice_line_ids.price_unit = 100.0
        credit_note.action_post()
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.amount_invoiced, 900.0)

    def test_deal_of_another_customer_refused(self):
        with self.assertRaisesRegex(ValidationError, "is with Ardent Tools"):
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.blue.id,
                    "lead_id": self.lead.id,
                    "invoice_line_ids": [
                        Command.create({"name": "x", "price_unit": 1})
                    ],
                }
            )

    @users("sales_own")
    def test_salesperson_sees_amounts_not_entries(self):
        self.env["crm.lead"].sudo().browse(self.lead.id).action_set_won()
        self.lead.sudo().action_create_invoice()
        invoice = self.lead.sudo().invoice_ids
        invoice.action_post()
        lead = self.lead.with_env(self.env)
        self.assertEqual(lead.amount_invoiced, 1000.0)
        self.assertEqual(lead.invoice_count, 1)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            invoice.with_env(self.env).read(["amount_total"])

    @users("sales_own2")
    def test_other_salesperson_sees_no_amounts(self):
        self.lead.action_set_won()
        self.lead.action_create_invoice()
        self.lead.invoice_ids.action_post()
        lead = self.lead.with_env(self.env)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            lead.read(["amount_invoiced"])
        self.assertFalse(
            self.env["crm.lead"].search([("id", "=", self.lead.id)]),
            "another salesperson's deal is not listed",
        )

    @users("accountant")
    def test_accountant_reads_deals_only(self):
        lead = self.lead.with_env(self.env)
        self.assertEqual(lead.name, "Ardent: 40 workstations")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            lead.name = "Changed by accounting"

    def test_sales_cycle_dates(self):
        with freeze_time(datetime(2026, 3, 1, 9, 0)):
            lead = self.env["crm.lead"].create(
                {
                    "name": "Cycle deal",
                    "type": "opportunity",
                    "partner_id": self.ardent.id,
                    "user_id": self.sales_own.id,
                    "expected_revenue": 500.0,
                }
            )
        self._log(lead_id=lead.id, date=datetime(2026, 2, 20, 10, 0))
        self.assertEqual(lead.date_first_contact, datetime(2026, 2, 20, 10, 0))
        with freeze_time(datetime(2026, 3, 11, 9, 0)):
            lead.action_set_won()
        self.assertEqual(lead.date_contract.date(), datetime(2026, 3, 11).date())
        self.assertEqual(lead.days_to_contract, 18)
        with freeze_time(datetime(2026, 3, 12, 9, 0)):
            invoice = self.env["account.move"].browse(
                lead.action_create_invoice()["res_id"]
            )
            invoice.invoice_date = fields.Date.today()
            invoice.action_post()
        self.assertEqual(lead.date_first_invoice, datetime(2026, 3, 12).date())
        self.assertFalse(lead.date_fully_paid)
        with freeze_time(datetime(2026, 4, 10, 9, 0)):
            self._pay(invoice, 500.0)
        self.assertEqual(lead.date_fully_paid, datetime(2026, 4, 10).date())
        self.assertEqual(lead.days_to_cash, 30)
        self.assertEqual(
            lead.date_fully_paid - timedelta(days=30), lead.date_contract.date()
        )

    @users("sales_manager")
    def test_deal_list_money_columns_query_count(self):
        """The money columns of the deal list cost the same few queries for 1 deal
        and for a page of deals with many invoices and payments."""
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
            "company_currency": {"fields": {}},
            "expected_revenue": {},
            "invoice_payment_state": {},
            "amount_invoiced": {},
            "amount_paid": {},
            "amount_due": {},
            "date_last_payment": {},
            "days_to_cash": {},
        }
        Lead = self.env["crm.lead"]

        def read_list(domain):
            self.env.invalidate_all()
            return Lead.web_search_read(domain, spec, limit=80)["records"]

        leads = self.lead.sudo() | Lead.sudo().create(
            [
                {
                    "name": f"List deal {n}",
                    "type": "opportunity",
                    "partner_id": self.ardent.id,
                    "user_id": self.sales_own.id,
                    "expected_revenue": 100.0,
                    "stage_id": self.won_stage.id,
                }
                for n in range(20)
            ]
        )
        for lead in leads[1:6]:
            invoice = (
                self.env["account.move"]
                .sudo()
                .browse(lead.action_create_invoice()["res_id"])
            )
            invoice.action_post()
            self._pay(invoice.with_env(self.env(su=True)), 40.0)
        read_list([("id", "=", leads[1].id)])  # warm the caches
        with self.assertQueryCount(sales_manager=8):
            read_list([("id", "=", leads[1].id)])
        with self.assertQueryCount(sales_manager=8):
            records = read_list([("id", "in", leads.ids)])
        self.assertEqual(len(records), 21)
        paid = [r for r in records if r["invoice_payment_state"] == "partial"]
        self.assertEqual(len(paid), 5)
        self.assertEqual({r["amount_due"] for r in paid}, {60.0})

    def test_instalments_on_the_deal(self):
        term = self._half_now_half_in_30_days()
        invoice = self._win_and_invoice()
        invoice.write(
            {
                "invoice_payment_term_id": term.id,
                "invoice_date": fields.Date.today(),
            }
        )
        invoice.invoice_line_ids.tax_ids = False
        invoice.action_post()
        self.assertEqual(len(invoice.line_ids.filtered("date_maturity")), 2)
        self._pay(invoice, 500.0)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.invoice_payment_state, "partial")
        self.assertEqual(self.lead.amount_due, 500.0)
        self.assertFalse(self.lead.date_fully_paid, "one instalment still open")
        self._pay(invoice, 500.0)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.invoice_payment_state, "paid")
        self.assertEqual(self.lead.date_fully_paid, fields.Date.today())

    def test_foreign_currency_on_the_deal(self):
        """Amounts are in the company's currency; a payment at another rate books an
        exchange difference and still settles the deal."""
        company = self.env.company
        foreign = self.env.ref("base.NOK")
        if foreign == company.currency_id:
            foreign = self.env.ref("base.SEK")
        foreign.active = True
        self.env["res.currency.rate"].create(
            [
                {
                    "name": "2026-01-01",
                    "rate": 2.0,
                    "currency_id": foreign.id,
                    "company_id": company.id,
                },
                {
                    "name": "2026-03-01",
                    "rate": 2.5,
                    "currency_id": foreign.id,
                    "company_id": company.id,
                },
            ]
        )
        invoice = self._win_and_invoice()
        invoice.write({"currency_id": foreign.id, "invoice_date": "2026-02-01"})
        invoice.invoice_line_ids.write({"tax_ids": False, "price_unit": 1000.0})
        invoice.action_post()
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.amount_invoiced, 500.0, "1,000 NOK at 2.0")
        (
            invoice.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": 1000.0,
                    "currency_id": foreign.id,
                    "payment_date": "2026-03-05",
                }
            )
            ._create_payments()
        )
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.invoice_payment_state, "paid")
        self.assertEqual(self.lead.amount_due, 0.0)
        self.assertEqual(self.lead.date_last_payment, fields.Date.to_date("2026-03-05"))

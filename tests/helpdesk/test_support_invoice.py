from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .test_support_contract import SupportContractCommon

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_support_contract")
class TestSupportInvoice(SupportContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket2 = cls._ticket(name="The scanner is slow")

    def _invoice(self, date_from=MARCH[0], date_to=MARCH[1], user=None, **values):
        Wizard = self.env["crm.support.invoice"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create({"date_from": date_from, "date_to": date_to, **values})
        return wizard.action_create_invoices()

    def test_credit_then_overage_one_line_per_ticket(self):
        t1, t2 = self.ticket, self.ticket2
        covered1 = self._time(t1, 6.0, date(2026, 3, 3))
        covered2 = self._time(t2, 3.0, date(2026, 3, 5))
        partly = self._time(t1, 4.0, date(2026, 3, 10))
        beyond = self._time(t2, 2.0, date(2026, 3, 12))
        free = self._time(t1, 1.0, date(2026, 3, 13), is_billable=False)
        february = self._time(t1, 5.0, date(2026, 2, 20))
        action = self._invoice(partner_ids=self.ardent.ids)

        self.assertEqual((covered1 | covered2).mapped("invoice_state"), ["covered"] * 2)
        self.assertEqual(covered1.hours_credit, 6.0)
        self.assertFalse((covered1 | covered2).invoice_line_id)
        self.assertEqual((partly | beyond).mapped("invoice_state"), ["invoiced"] * 2)
        self.assertEqual(partly.hours_credit, 1.0, "the last hour of the credit")
        self.assertEqual(beyond.hours_credit, 0.0)
        self.assertEqual(free.invoice_state, "not_billable")
        self.assertEqual(february.invoice_state, "to_invoice", "outside the period")

        invoice = partly.invoice_id
        self.assertEqual(beyond.invoice_id, invoice)
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.ardent)
        self.assertEqual(invoice.invoice_origin, "SUP-ARDENT")
        lines = invoice.invoice_line_ids.sorted("id")
        self.assertEqual(lines.mapped("quantity"), [3.0, 2.0])
        self.assertEqual(lines.mapped("price_unit"), [80.0, 80.0])
        self.assertEqual(
            lines.mapped("name"),
            [f"{t1.number} {t1.name}: 3.00 h", f"{t2.number} {t2.name}: 2.00 h"],
        )
        self.assertEqual(
            lines.product_id, self.env.ref("crm_suite.product_support_time")
        )
        self.assertEqual(invoice.amount_untaxed, 400.0)
        self.assertEqual(partly.invoice_line_id, lines[0])
        # linked back: the contract's invoices
        self.assertEqual(self.contract.invoice_ids, invoice)
        self.assertEqual(self.contract.invoice_count, 1)
        self.assertEqual(
            self.contract.action_view_invoices()["domain"], [("id", "in", invoice.ids)]
        )

    def test_second_run_invoices_nothing_new(self):
        self._time(self.ticket, 12.0, date(2026, 3, 3))
        self._invoice()
        Move = self.env["account.move"]
        count = Move.search_count([("move_type", "=", "out_invoice")])
        result = self._invoice()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("already invoiced", result["params"]["message"])
        self.assertEqual(Move.search_count([("move_type", "=", "out_invoice")]), count)

    def test_partial_credit_across_two_runs(self):
        first = self._time(self.ticket, 6.0, date(2026, 3, 3))
        action = self._invoice(date(2026, 3, 1), date(2026, 3, 15))
        self.assertEqual(first.invoice_state, "covered")
        self.assertEqual(action["res_model"], "crm.ticket.time.log", "no invoice")
        second = self._time(self.ticket2, 6.0, date(2026, 3, 20))
        self._invoice(date(2026, 3, 16), date(2026, 3, 31))
        self.assertEqual(second.hours_credit, 4.0, "the 4 hours left in March")
        self.assertEqual(second.invoice_line_id.quantity, 2.0)
        self.assertEqual(first.invoice_state, "covered")
        # April has its own credit
        april = self._time(self.ticket, 6.0, date(2026, 4, 2))
        self._invoice(date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual(april.invoice_state, "covered")

    def test_deleting_draft_invoice_frees_logs(self):
        covered = self._time(self.ticket, 8.0, date(2026, 3, 3))
        billed = self._time(self.ticket2, 5.0, date(2026, 3, 4))
        self._invoice()
        self.assertEqual(billed.hours_credit, 2.0)
        invoice = billed.invoice_id
        self.assertEqual(invoice.invoice_line_ids.quantity, 3.0)
        # settled time is locked
        for log in covered | billed:
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                log.hours = 1.0
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                log.unlink()
        invoice.unlink()
        self.assertEqual(billed.invoice_state, "to_invoice")
        self.assertFalse(billed.invoice_line_id)
        self.assertEqual(covered.invoice_state, "covered")
        self.assertFalse(self.contract.invoice_ids)
        # invoiced again, without granting March's credit twice
        self._invoice()
        self.assertEqual(billed.hours_credit, 2.0)
        self.assertEqual(billed.invoice_line_id.quantity, 3.0)
        self.assertNotEqual(billed.invoice_id, invoice)

    def test_other_customers_and_companies_untouched(self):
        blue_contract = self._contract(self.blue, hours_included=2.0, hourly_rate=100)
        blue_log = self._time(self._ticket(partner_id=self.blue.id), 3.0, MARCH[0])
        company2 = self.env["res.company"].create({"name": "Ardent Second Co"})
        contract2 = self._contract(self.ardent, company_id=company2.id, user_id=False)
        ticket2 = self._ticket(company_id=company2.id)
        self.assertEqual(ticket2.contract_id, contract2)
        log2 = self._time(ticket2, 20.0, MARCH[0])
        ardent_log = self._time(self.ticket, 11.0, MARCH[0])

        self._invoice(partner_ids=self.ardent.ids)
        self.assertEqual(ardent_log.invoice_state, "invoiced")
        self.assertEqual(blue_log.invoice_state, "to_invoice")
        self.assertEqual(log2.invoice_state, "to_invoice")
        # all customers: Blue Harbour gets its own invoice, at its own rate
        self._invoice()
        self.assertEqual(blue_log.invoice_state, "invoiced")
        self.assertEqual(blue_log.invoice_id.partner_id, self.blue)
        self.assertNotEqual(blue_log.invoice_id, ardent_log.invoice_id)
        self.assertEqual(blue_log.invoice_line_id.price_unit, 100.0)
        self.assertEqual(blue_log.invoice_line_id.quantity, 1.0)
        self.assertEqual(blue_contract.invoice_count, 1)
        self.assertEqual(log2.invoice_state, "to_invoice", "another company")

    def test_one_invoice_per_customer_in_one_run(self):
        self._contract(self.blue, hours_included=0.0)
        blue_log = self._time(self._ticket(partner_id=self.blue.id), 1.0, MARCH[0])
        ardent_log = self._time(self.ticket, 12.0, MARCH[0])
        action = self._invoice()
        invoices = (blue_log | ardent_log).invoice_id
        self.assertEqual(len(invoices), 2)
        self.assertEqual(action["domain"], [("id", "in", invoices.ids)])

    def test_contract_form_invoices_its_time(self):
        self._time(self.ticket, 11.0, MARCH[0])
        action = self.contract.action_invoice_time()
        form = Form(self.env["crm.support.invoice"].with_context(**action["context"]))
        self.assertEqual(form.partner_ids[:], self.ardent)
        form.date_from, form.date_to = MARCH
        form.save().action_create_invoices()
        self.assertEqual(self.contract.invoice_ids.amount_untaxed, 80.0)

    def test_wizard_period(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._invoice(date(2026, 3, 31), date(2026, 3, 1))
        result = self._invoice()
        self.assertEqual(result["params"]["title"], "Nothing to invoice")
        self.assertIn("No support time was logged from", result["params"]["message"])

    def test_access_agent_and_salesperson_do_not_invoice(self):
        self._time(self.ticket, 11.0, MARCH[0])
        for user in (self.helpdesk_agent, self.sales_own):
            with self.assertRaises(AccessError):
                self._invoice(user=user)

    @users("accountant")
    def test_access_accountant_invoices(self):
        log = self._time(self.ticket, 11.0, MARCH[0])
        action = self._invoice(user=self.env.user)
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(log.invoice_state, "invoiced")
        self.assertEqual(
            self.contract.with_env(self.env).invoice_ids,
            log.invoice_id.with_env(self.env),
        )

    @users("helpdesk_manager")
    def test_access_helpdesk_manager_invoices(self):
        """A helpdesk manager without accounting rights drafts the invoices; they
        open the time they settled."""
        log = self._time(self.ticket, 11.0, MARCH[0])
        action = self._invoice(user=self.env.user)
        self.assertEqual(action["res_model"], "crm.ticket.time.log")
        self.assertEqual(action["domain"], [("id", "in", log.ids)])
        self.assertEqual(log.invoice_state, "invoiced")
        invoice = log.sudo().invoice_id
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.create_uid, self.helpdesk_manager)
        with self.assertRaises(AccessError):
            invoice.with_user(self.env.user).read(["name"])


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_support_contract")
class TestSupportInvoiceFirstUse(SupportContractCommon):
    def test_first_run_says_why_in_words(self):
        """Issue 17, defect 4: the first run, on the default period (last month),
        answered "Invalid Operation" with ISO dates. It now warns, in words and
        with the user's date format, why there is nothing and where the time is."""
        self._time(self.ticket, 12.0, date(2026, 4, 3))
        self._time(self.ticket, 1.0, date(2026, 3, 9), is_billable=False)
        with freeze_time("2026-04-15 10:00:00"):
            wizard = Form(self.env["crm.support.invoice"]).save()
            self.assertEqual(wizard.date_from, date(2026, 3, 1))
            result = wizard.action_create_invoices()
        self.assertEqual(result["type"], "ir.actions.client")
        self.assertEqual(result["tag"], "display_notification")
        message = result["params"]["message"]
        self.assertNotIn("2026-03-01", message)
        self.assertIn("from 03/01/2026 to 03/31/2026 is settled: 01:00 h not", message)
        self.assertIn(
            "12:00 h of billable time are left to invoice from 04/03/2026 to "
            "04/03/2026",
            message,
        )
        # the period it points to invoices
        wizard.write({"date_from": date(2026, 4, 3), "date_to": date(2026, 4, 3)})
        action = wizard.action_create_invoices()
        self.assertEqual(action["res_model"], "account.move")

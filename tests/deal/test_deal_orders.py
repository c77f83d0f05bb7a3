from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from ..common import CrmTicketCommon


class DealOrdersCommon(CrmTicketCommon):
    """Two products sold on the deal of ``sales_own``: Workstation (sells 100,
    costs 60) and Setup (sells 50, costs 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        Product = cls.env["product.product"]
        cls.category = cls.env["product.category"].create({"name": "Test Hardware"})
        cls.workstation = Product.create(
            {
                "name": "Test Workstation",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100.0,
                "standard_price": 60.0,
                "categ_id": cls.category.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.setup = Product.create(
            {
                "name": "Test Setup",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 50.0,
                "standard_price": 20.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.lead2 = cls.env["crm.lead"].create(
            {
                "name": "Ardent: servers",
                "type": "opportunity",
                "partner_id": cls.ardent.id,
                "user_id": cls.sales_own2.id,
                "team_id": cls.team.id,
            }
        )

    @classmethod
    def _order(cls, lead, lines=None, **values):
        """An order on ``lead``: 2 workstations and 1 setup by default
        (revenue 250, cost 140, margin 110)."""
        lines = lines or [(cls.workstation, 2), (cls.setup, 1)]
        values.setdefault("partner_id", lead.partner_id.id)
        values.setdefault("user_id", lead.user_id.id)
        return cls.env["sale.order"].create(
            {
                "opportunity_id": lead.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
                **values,
            }
        )

    @classmethod
    def _pay(cls, invoice, amount):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": fields.Date.today()})
            ._create_payments()
        )


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_orders")
class TestDealOrders(DealOrdersCommon):
    def test_order_invoice_carries_the_deal(self):
        order = self._order(self.lead)
        order.action_confirm()
        invoice = order._create_invoices()
        self.assertEqual(invoice.lead_id, self.lead)
        invoice.action_post()
        self.assertEqual(self.lead.amount_invoiced, 250.0)
        self.assertEqual(self.lead.invoice_payment_state, "not_paid")
        self.assertEqual(self.lead.date_first_invoice, invoice.invoice_date)
        self._pay(invoice, 250.0)
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.amount_paid, 250.0)
        self.assertEqual(self.lead.amount_due, 0.0)
        self.assertEqual(self.lead.invoice_payment_state, "paid")
        self.assertEqual(self.lead.date_last_payment, fields.Date.today())

    def test_credit_note_of_order_invoice_stays_on_deal(self):
        order = self._order(self.lead)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves()
        self.assertEqual(refund.lead_id, self.lead)
        refund.action_post()
        self.assertEqual(self.lead.amount_invoiced, 0.0)

    def test_orders_of_two_deals_are_invoiced_apart(self):
        orders = self._order(self.lead) | self._order(self.lead2)
        orders.action_confirm()
        invoices = orders._create_invoices()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.lead_id, self.lead | self.lead2)
        for invoice in invoices:
            self.assertEqual(
                invoice.invoice_line_ids.sale_line_ids.order_id.opportunity_id,
                invoice.lead_id,
            )

    def test_order_without_deal_invoices_without_deal(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.ardent.id,
                "order_line": [Command.create({"product_id": self.setup.id})],
            }
        )
        order.action_confirm()
        self.assertFalse(order._create_invoices().lead_id)

    def test_invoice_address_of_another_customer_keeps_no_deal(self):
        order = self._order(self.lead, partner_invoice_id=self.blue.id)
        order.action_confirm()
        self.assertFalse(order._create_invoices().lead_id)

    def test_margin_of_confirmed_orders(self):
        quotation = self._order(self.lead)
        self.assertEqual(quotation.margin, 110.0)
        self.assertEqual(self.lead.sale_margin, 0.0, "a quotation is no sale")
        quotation.action_confirm()
        self._order(self.lead, [(self.setup, 2)]).action_confirm()  # 100, margin 60
        self._order(self.lead2).action_confirm()
        self.lead.invalidate_recordset()
        self.assertAlmostEqual(self.lead.sale_margin, 170.0)
        self.assertAlmostEqual(self.lead.sale_margin_percent, 170.0 / 350.0)
        cancelled = self._order(self.lead)
        cancelled.action_confirm()
        cancelled._action_cancel()
        self.lead.invalidate_recordset()
        self.assertAlmostEqual(self.lead.sale_margin, 170.0)

    def test_margins_of_many_deals_in_flat_queries(self):
        def count_queries(leads):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            margins = leads.mapped("sale_margin")
            return self.env.cr.sql_log_count - before, margins

        leads = self.env["crm.lead"].create(
            [
                {"name": f"Deal {n}", "type": "opportunity", "partner_id": self.blue.id}
                for n in range(6)
            ]
        )
        for lead in leads:
            self._order(lead).action_confirm()
        self.env.flush_all()
        few, margins = count_queries(leads[:1])
        self.assertEqual(margins, [110.0])
        many, margins = count_queries(leads | self.lead)
        self.assertEqual(margins, [110.0] * 6 + [0.0])
        self.assertEqual(many, few)

    def test_order_in_another_currency_at_its_own_date(self):
        company = self.env.company
        other = (
            self.env.ref("base.EUR")
            if company.currency_id != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        other.active = True
        self.env["res.currency.rate"].create(
            [
                {"name": "2026-01-01", "rate": 2.0, "currency_id": other.id},
                {"name": "2026-11-01", "rate": 4.0, "currency_id": other.id},
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Test other currency", "currency_id": other.id}
        )
        order = self._order(
            self.lead,
            [(self.workstation, 1)],
            pricelist_id=pricelist.id,
            date_order=datetime(2026, 1, 15, 10),
        )
        order.order_line.price_unit = 400.0  # cost 60 at 2.0: 120
        order.action_confirm()
        order.date_order = datetime(2026, 1, 15, 10)  # confirming dates it today
        self.assertEqual(order.currency_id, other)
        self.assertEqual(order.currency_rate, 2.0)
        self.assertAlmostEqual(order.margin, 280.0)
        self.lead.invalidate_recordset()
        # 280 at the order's rate (2.0), not at today's (4.0)
        self.assertAlmostEqual(self.lead.sale_margin, 140.0)
        line = self.env["crm.profitability.report"].search(
            [("order_id", "=", order.id)]
        )
        self.assertAlmostEqual(line.revenue, 200.0)
        self.assertAlmostEqual(line.margin, 140.0)
        self.assertAlmostEqual(line.cost, 60.0)

    def test_deal_orders_stay_within_its_company(self):
        other_company = self.env["res.company"].create({"name": "Test Other Co"})
        self.env.user.company_ids |= other_company
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self._order(self.lead, company_id=other_company.id)
        self._order(self.lead).action_confirm()
        lead = self.lead.with_context(allowed_company_ids=other_company.ids)
        self.assertEqual(lead.sale_margin, 0.0, "figures of the companies worked in")
        self.assertEqual(self.lead.sale_margin, 110.0)

    # bad input

    def test_no_quotation_for_a_lost_deal(self):
        self.lead.action_set_lost()
        with self.assertRaisesRegex(UserError, "lost or archived"):
            self.lead.action_sale_quotations_new()
        with self.assertRaisesRegex(UserError, "lost or archived"):
            self.lead.action_new_quotation()
        with self.assertRaisesRegex(ValidationError, "lost or archived"):
            self._order(self.lead)

    def test_orders_of_a_deal_lost_later_stay_editable(self):
        order = self._order(self.lead)
        self.lead.action_set_lost()
        order.partner_id = self.ann
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_no_quotation_for_an_archived_deal(self):
        self.lead.active = False
        with self.assertRaisesRegex(ValidationError, "lost or archived"):
            self._order(self.lead)

    def test_no_quotation_without_customer(self):
        self.lead.partner_id = False
        # Odoo asks for the customer first
        action = self.lead.action_sale_quotations_new()
        self.assertEqual(action["res_model"], "crm.quotation.partner")
        with self.assertRaisesRegex(UserError, "Set the customer"):
            self.lead.action_new_quotation()
        wizard = (
            self.env["crm.quotation.partner"]
            .with_context(active_model="crm.lead", active_id=self.lead.id)
            .create({"action": "nothing", "lead_id": self.lead.id})
        )
        with self.assertRaisesRegex(UserError, "Set the customer"):
            wizard.action_apply()

    def test_no_order_of_another_customer_on_the_deal(self):
        with self.assertRaisesRegex(ValidationError, "is with Ardent Tools"):
            self._order(self.lead, partner_id=self.carl.id)

    def test_quotation_from_the_deal(self):
        action = self.lead.action_sale_quotations_new()
        with Form(
            self.env["sale.order"].with_context(**action["context"])
        ) as order_form:
            with order_form.order_line.new() as line:
                line.product_id = self.workstation
        order = order_form.record
        self.assertEqual(order.opportunity_id, self.lead)
        self.assertEqual(order.partner_id, self.ardent)
        self.assertEqual(order.user_id, self.sales_own)


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_orders")
class TestProfitabilitySecurity(DealOrdersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.lead).action_confirm()  # sales_own's deal
        cls._order(cls.lead2, [(cls.setup, 2)]).action_confirm()  # sales_own2's

    def _lines(self):
        return self.env["crm.profitability.report"].search([])

    @users("sales_own")
    def test_salesperson_sees_own_deals_lines(self):
        lines = self._lines()
        self.assertEqual(lines.lead_id, self.lead)
        self.assertEqual(len(lines), 2)
        [(margin,)] = self.env["crm.profitability.report"]._read_group(
            [], [], ["margin:sum"]
        )
        self.assertEqual(margin, 110.0)
        self.assertEqual(lines.user_id, self.sales_own)

    @users("sales_own")
    def test_salesperson_reaches_no_other_margin_through_groups(self):
        groups = self.env["crm.profitability.report"]._read_group(
            [], ["user_id"], ["margin:sum"]
        )
        self.assertEqual([user for user, __ in groups], [self.sales_own])

    def test_reassigned_deal_moves_its_lines(self):
        """The analysis counts an order's lines for its deal's salesperson, stored
        on the order (sale.order.crm_user_id): reassigning the deal moves them,
        and a salesperson's totals never include the other's."""
        Report = self.env["crm.profitability.report"]
        self.lead.user_id = self.sales_own2
        self.env.flush_all()
        self.assertFalse(Report.with_user(self.sales_own).search([]))
        [(margin,)] = Report.with_user(self.sales_own2)._read_group(
            [], [], ["margin:sum"]
        )
        self.assertEqual(margin, 110.0 + 60.0)
        groups = Report.with_user(self.sales_own2)._read_group(
            [], ["user_id", "partner_id"], ["margin:sum"]
        )
        self.assertEqual({user.id for user, __, __ in groups}, {self.sales_own2.id})

    def test_order_without_deal_counts_for_its_salesperson(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.ardent.id,
                "user_id": self.sales_own.id,
                "order_line": [
                    Command.create({"product_id": self.setup.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        self.env.flush_all()  # the report is an SQL view
        self.assertEqual(order.crm_user_id, self.sales_own)
        lines = self.env["crm.profitability.report"].with_user(self.sales_own)
        self.assertIn(order, lines.search([]).order_id)
        self.assertNotIn(order, lines.with_user(self.sales_own2).search([]).order_id)

    @users("sales_all", "sales_manager", "accountant")
    def test_managers_and_accountants_see_all(self):
        self.assertLessEqual(self.lead | self.lead2, self._lines().lead_id)

    @users("employee")
    def test_employee_refused(self):
        with self.assertRaises(AccessError):
            self._lines()

    def test_deal_margin_follows_order_rules(self):
        # an order of sales_own on the deal of sales_own2: not readable by sales_own2
        self._order(self.lead2, user_id=self.sales_own.id).action_confirm()
        self.assertEqual(self.lead2.with_user(self.sales_own2).sale_margin, 60.0)
        self.assertEqual(self.lead2.with_user(self.sales_all).sale_margin, 170.0)

    def test_report_groups_by_every_axis(self):
        self.ardent.industry_id = self.env["res.partner.industry"].create(
            {"name": "Test Tools"}
        )
        self.env.flush_all()
        Report = self.env["crm.profitability.report"]
        for groupby in (
            "partner_id",
            "industry_id",
            "territory_id",
            "user_id",
            "team_id",
            "product_id",
            "categ_id",
            "date_order:month",
        ):
            self.assertTrue(Report._read_group([], [groupby], ["margin:sum"]))
        by_product = dict(Report._read_group([], ["product_id"], ["margin:sum"]))
        self.assertEqual(by_product[self.workstation], 80.0)
        self.assertEqual(by_product[self.setup], 30.0 + 60.0)
        by_industry = dict(Report._read_group([], ["industry_id"], ["margin:sum"]))
        self.assertEqual(by_industry[self.ardent.industry_id], 170.0)


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_orders")
class TestCustomerProfitability(DealOrdersCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._order(cls.lead).action_confirm()  # margin 110
        cls.env.company.crm_support_hour_cost = 10.0
        cls.helpdesk_agent.crm_support_hour_cost = 30.0
        ticket = cls._ticket()
        cls.env["crm.ticket.time.log"].create(
            [
                {"ticket_id": ticket.id, "user_id": cls.helpdesk_agent.id, "hours": 1},
                {"ticket_id": ticket.id, "user_id": cls.helpdesk_other.id, "hours": 2},
            ]
        )  # 30 + 2 x 10 = 50
        campaign = cls.env["utm.campaign"].create({"name": "Test Fair"})
        cls.env["crm.campaign.cost"].create(
            {"campaign_id": campaign.id, "name": "Booth", "amount": 40.0}
        )
        # two won deals share the campaign's cost: 20 each
        cls.lead.write({"campaign_id": campaign.id, "stage_id": cls.won_stage.id})
        cls.env["crm.lead"].create(
            {
                "name": "Blue: won at the fair",
                "type": "opportunity",
                "partner_id": cls.blue.id,
                "campaign_id": campaign.id,
                "stage_id": cls.won_stage.id,
            }
        )

    @users("sales_manager", "accountant")
    def test_profit_on_customer_form(self):
        ann = self.ann.with_env(self.env)
        self.assertEqual(ann.crm_profit_margin, 110.0)
        self.assertEqual(ann.crm_profit_support_cost, 50.0)
        self.assertEqual(ann.crm_profit_campaign_cost, 20.0)
        self.assertEqual(ann.crm_profit, 40.0)

    @users("sales_manager", "accountant")
    def test_profit_is_margin_less_every_cost_source(self):
        """The costs come from the capabilities' cost sources
        (crm.money._customer_cost_sources), one report column each, and the profit
        is the margin less their sum, on every row."""
        Report = self.env["crm.customer.profitability.report"]
        names = [name for name, __ in self.env["crm.money"]._customer_cost_sources()]
        self.assertCountEqual(names, ["support_cost", "campaign_cost"])
        rows = Report.search([])
        self.assertTrue(rows)
        for row in rows:
            costs = sum(row[name] for name in names)
            self.assertAlmostEqual(row.profit, row.margin - costs, places=2)
        [(margin, *costs, profit)] = Report._read_group(
            [("partner_id", "=", self.ardent.id)],
            [],
            ["margin:sum", *(f"{name}:sum" for name in names), "profit:sum"],
        )
        self.assertEqual((margin, sum(costs), profit), (110.0, 70.0, 40.0))

    @users("sales_manager")
    def test_least_profitable_first(self):
        rows = self.env["crm.customer.profitability.report"].search(
            [("partner_id", "in", (self.ardent | self.blue).ids)]
        )
        self.assertEqual(rows[0].partner_id, self.blue)
        self.assertEqual(rows[0].profit, -20.0)
        self.assertEqual(
            rows.filtered(lambda r: r.partner_id == self.ardent).profit, 40.0
        )

    @users("sales_own", "sales_all")
    def test_salespeople_refused(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.profitability.report"].search([])
        with self.assertRaises(AccessError):
            self.ardent.with_env(self.env).crm_profit  # noqa: B018

    def test_negative_cost_per_hour_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env.company.crm_support_hour_cost = -1.0
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.helpdesk_agent.crm_support_hour_cost = -1.0


@tagged("crm_suite", "crm_suite_deal", "crm_suite_deal_orders")
class TestCustomer360Margin(DealOrdersCommon):
    @users("sales_own")
    def test_margin_this_year_and_last_12_months(self):
        with freeze_time("2026-11-29"):
            self._order(self.lead, date_order=datetime(2025, 12, 15)).action_confirm()
            self._order(self.lead, [(self.setup, 1)]).action_confirm()
        for order in self.env["sale.order"].search(
            [("opportunity_id", "=", self.lead.id)]
        ):
            if order.amount_untaxed == 250.0:
                order.date_order = datetime(2025, 12, 15)
            else:
                order.date_order = datetime(2026, 3, 1)
        self._order(self.lead2).action_confirm()  # sales_own2's: not readable
        with freeze_time(date(2026, 11, 29)):
            figures = self.ardent.with_env(self.env).crm_suite_customer_360()
        self.assertTrue(figures["show_margin"])
        self.assertEqual(figures["margin_year"], 30.0)
        self.assertEqual(figures["margin_12_months"], 140.0)

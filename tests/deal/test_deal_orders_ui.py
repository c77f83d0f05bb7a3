from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_deal", "post_install", "-at_install")
class TestDealOrdersUi(HttpCase):
    def test_deal_to_order_tour(self):
        """Deal → quotation with two products → confirmed → invoiced → paid: money
        and margin on the deal and on the customer."""
        user = new_test_user(
            self.env,
            "tour_order_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "account.group_account_invoice,base.group_partner_manager",
            name="Order Salesperson",
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Order Customer", "is_company": True}
        )
        Product = self.env["product.product"]
        Product.create(
            [
                {
                    "name": "Tour Desk",
                    "type": "consu",
                    "invoice_policy": "order",
                    "list_price": 250.0,
                    "standard_price": 150.0,
                    "taxes_id": [Command.clear()],
                },
                {
                    "name": "Tour Installation",
                    "type": "service",
                    "invoice_policy": "order",
                    "list_price": 150.0,
                    "standard_price": 60.0,
                    "taxes_id": [Command.clear()],
                },
            ]
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour order deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": user.id,
                "expected_revenue": 400.0,
            }
        )
        self.start_tour(
            f"/odoo/crm/{lead.id}", "crm_suite_deal_to_order_tour", login=user.login
        )
        order = lead.order_ids
        self.assertEqual(order.state, "sale")
        self.assertEqual(len(order.order_line), 2)
        invoice = order.invoice_ids
        self.assertEqual(invoice.lead_id, lead)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(lead.invoice_payment_state, "paid")
        self.assertEqual(lead.with_user(user).sale_margin, 190.0)
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_customer_margin_tour",
            login=user.login,
        )

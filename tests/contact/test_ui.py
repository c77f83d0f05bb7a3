from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_contact", "post_install", "-at_install")
class TestUi(HttpCase):
    def test_log_call_tour(self):
        """A salesperson logs a call on a customer and sees the next contact planned."""
        user = new_test_user(
            self.env,
            "tour_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            name="Tour Salesperson",
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Customer", "phone": "+32 485 98 76 54", "user_id": user.id}
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_log_call_tour",
            login="tour_sales",
        )
        log = self.env["crm.contact.log"].search([("partner_id", "=", partner.id)])
        self.assertEqual(log.summary, "Wants a demo of the new range")
        self.assertEqual(log.user_id, user)
        self.assertEqual(
            log.next_activity_id.activity_type_id,
            self.env.ref("mail.mail_activity_data_email"),
        )
        self.assertTrue(partner.last_contact_date)

    def test_competitor_tour(self):
        """A salesperson records a competitor on a deal, loses to them, analyses it."""
        user = new_test_user(
            self.env,
            "tour_rival_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Rival Salesperson",
        )
        rival = self.env["crm.competitor"].create({"name": "Tour Rival"})
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour deal",
                "type": "opportunity",
                "user_id": user.id,
                "expected_revenue": 1000.0,
            }
        )
        self.start_tour(
            f"/odoo/crm/{lead.id}", "crm_suite_competitor_tour", login=user.login
        )
        self.assertFalse(lead.active)
        line = lead.competitor_line_ids
        self.assertEqual(line.competitor_id, rival)
        self.assertEqual(line.status, "they_won")
        self.assertEqual(line.price, 850.0)
        self.assertEqual(rival.lost_count, 1)

    def test_deal_to_cash_tour(self):
        """Won deal → invoice → posted → paid, seen on the deal and on the customer."""
        user = new_test_user(
            self.env,
            "tour_cash_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "account.group_account_invoice,base.group_partner_manager",
            name="Cash Salesperson",
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Cash Customer", "is_company": True}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour cash deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": user.id,
                "expected_revenue": 1250.0,
            }
        )
        self.start_tour(
            f"/odoo/crm/{lead.id}", "crm_suite_deal_to_cash_tour", login=user.login
        )
        invoice = lead.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(lead.invoice_payment_state, "paid")
        self.assertTrue(lead.date_fully_paid)
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_customer_360_tour",
            login=user.login,
        )

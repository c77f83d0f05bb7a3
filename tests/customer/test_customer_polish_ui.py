from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_customer", "post_install", "-at_install")
class TestCustomerPolishUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "tour_polish_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            name="Polish Salesperson",
        )

    def test_customer_without_history(self):
        """Issue 17 (polish): an empty Customer 360 showed a row of zeros."""
        partner = self.env["res.partner"].create(
            {"name": "Tour Empty Customer", "user_id": self.user.id}
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_customer_empty_tour",
            login=self.user.login,
        )

    def test_mark_done_refreshes_counters(self):
        """Issue 17 (polish): "Mark Done" logged a contact; the Contact Logs counter
        and the Customer 360 panel stayed as they were."""
        partner = self.env["res.partner"].create(
            {"name": "Tour Call Customer", "user_id": self.user.id}
        )
        partner.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.today(),
            summary="Call about the offer",
            user_id=self.user.id,
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_customer_mark_done_tour",
            login=self.user.login,
        )
        self.assertEqual(partner.contact_log_count, 1)

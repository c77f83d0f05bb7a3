from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_contact", "post_install", "-at_install")
class TestLogCallUi(HttpCase):
    def test_log_call_number_without_match(self):
        """Issue 17, defect 2: after the number was changed to one nobody has, the
        customer found by the first number stayed selected and got the call."""
        user = new_test_user(
            self.env,
            "tour_stale_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            name="Stale Salesperson",
        )
        partner = self.env["res.partner"].create(
            {"name": "Stale Customer", "phone": "+32 485 98 76 11", "user_id": user.id}
        )
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_log_call_stale_tour",
            login=user.login,
        )
        self.assertFalse(
            self.env["crm.contact.log"].search([("partner_id", "=", partner.id)]),
            "the call is not logged on the customer of the first number",
        )
        log = self.env["crm.contact.log"].search(
            [("partner_id.name", "=", "New Caller")]
        )
        self.assertEqual(log.phone, "+32 470 12 34 99")

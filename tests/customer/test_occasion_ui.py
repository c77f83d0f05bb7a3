from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_customer", "post_install", "-at_install")
class TestOccasionWeekUi(HttpCase):
    def test_birthday_of_customer_without_salesperson(self):
        """Issue 17, defect 8: the default "My Customers" filter of "Occasions This
        Week" hid today's birthday of a customer without a salesperson."""
        user = new_test_user(
            self.env,
            "tour_occasion_sales",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            name="Occasion Salesperson",
        )
        colleague = new_test_user(
            self.env,
            "tour_occasion_colleague",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        today = fields.Date.context_today(self.env["res.partner"])
        birthday = today - relativedelta(years=40)
        Partner = self.env["res.partner"]
        for name, owner in (
            ("Tour Unowned Customer", False),
            ("Tour My Customer", user.id),
            ("Tour Colleague Customer", colleague.id),
        ):
            partner = Partner.create({"name": name, "user_id": owner})
            self.env["crm.partner.occasion"].create(
                {"partner_id": partner.id, "kind": "birthday", "date": birthday}
            )
        self.start_tour(
            "/odoo/action-crm_suite.crm_partner_occasion_action_upcoming",
            "crm_suite_occasion_week_tour",
            login=user.login,
        )

from odoo.tests import HttpCase, new_test_user, tagged


@tagged(
    "crm_suite",
    "crm_suite_customer",
    "crm_suite_timeline",
    "post_install",
    "-at_install",
)
class TestTimelineUi(HttpCase):
    def test_timeline_tour(self):
        """Open a customer, its Timeline tab, filter by kind, open an entry."""
        user = new_test_user(
            self.env,
            "tour_timeline",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Timeline Salesperson",
        )
        partner = self.env["res.partner"].create(
            {"name": "Tour Timeline Customer", "is_company": True, "user_id": user.id}
        )
        self.env["crm.contact.log"].create(
            {
                "partner_id": partner.id,
                "summary": "Tour timeline call",
                "user_id": user.id,
                "date": "2026-01-10 10:00:00",
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour timeline deal",
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": user.id,
            }
        )
        lead.action_set_won()
        self.start_tour(
            f"/odoo/res.partner/{partner.id}",
            "crm_suite_timeline_tour",
            login=user.login,
        )

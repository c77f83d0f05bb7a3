from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_deal", "post_install", "-at_install")
class TestStageOverdueFilterUi(HttpCase):
    def test_overdue_filter_with_my_pipeline(self):
        """Issue 17, defect 6: "Overdue in Stage" was OR-ed with "My Pipeline"."""
        user = new_test_user(
            self.env,
            "tour_overdue_sales",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
            name="Overdue Salesperson",
        )
        other = new_test_user(
            self.env,
            "tour_overdue_other",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        stage = self.env["crm.stage"].create(
            {"name": "Tour Qualify", "sequence": 1, "expected_days": 10}
        )
        leads = self.env["crm.lead"].create(
            [
                {"name": name, "type": "opportunity", "user_id": owner.id}
                for name, owner in (
                    ("Tour overdue mine", user),
                    ("Tour fresh mine", user),
                    ("Tour overdue other", other),
                )
            ]
        )
        leads.stage_id = stage
        late = fields.Datetime.now() - timedelta(days=20)
        (leads[0] | leads[2]).date_last_stage_update = late
        self.assertEqual(leads.mapped("is_stage_overdue"), [True, False, True])
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline",
            "crm_suite_stage_overdue_filter_tour",
            login=user.login,
        )

    def test_demo_has_an_overdue_deal(self):
        """The demo data shows the filter at work (with and without My Pipeline)."""
        demo = self.env.ref("crm_suite.crm_lead_demo_overdue_admin", False)
        if not demo:
            self.skipTest("installed without demo data")
        overdue = self.env["crm.lead"].search([("is_stage_overdue", "=", True)])
        self.assertIn(demo, overdue)
        self.assertEqual(demo.user_id, self.env.ref("base.user_admin"))

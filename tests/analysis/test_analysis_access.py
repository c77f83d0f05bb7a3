from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AnalysisCommon

REPORTS = {
    "crm.workload.report": "user_id",
    "crm.contact.success.report": "user_id",
    "crm.active.customer.report": "user_id",
    "crm.deal.funnel.report": "user_id",
}


@tagged(
    "crm_suite",
    "crm_suite_analysis",
    "crm_suite_security",
    "post_install",
    "-at_install",
)
class TestAnalysisAccess(AnalysisCommon):
    """Each analysis shows what its sources' rules allow: a salesperson their own
    rows, a team leader the team's, "All Documents" and managers everything."""

    def _users_seen(self, model, user):
        self._refresh()
        rows = (
            self.env[model]
            .with_user(user)
            .search([("user_id", "in", self.salespeople.ids)])
        )
        return rows.mapped("user_id")

    def test_salesperson_sees_own_rows(self):
        for model in REPORTS:
            with self.subTest(model=model):
                self.assertEqual(self._users_seen(model, self.sales_a), self.sales_a)
                self.assertEqual(self._users_seen(model, self.sales_c), self.sales_c)

    def test_team_leader_sees_the_team(self):
        """The leader of North sees A and B, not C of South."""
        for model in REPORTS:
            with self.subTest(model=model):
                self.assertEqual(
                    self._users_seen(model, self.leader),
                    self.sales_a | self.sales_b,
                )

    def test_all_documents_and_manager_see_everything(self):
        for model in REPORTS:
            for user in (self.sales_all, self.manager):
                with self.subTest(model=model, user=user.login):
                    self.assertEqual(self._users_seen(model, user), self.salespeople)

    def test_salesperson_pivot_is_narrowed(self):
        """The pivot's grouped figures obey the rules too."""
        rows = self._read(
            "crm.contact.success.report",
            ["user_id"],
            ["count:sum"],
            [("partner_id", "in", self.customers.ids)],
            user=self.sales_b,
        )
        self.assertEqual(rows, {self.sales_b.id: 2})
        rows = self._read(
            "crm.deal.funnel.report",
            ["stage_id"],
            ["count:sum"],
            [("lead_id", "in", self.deals.ids)],
            user=self.sales_b,
        )
        self.assertEqual(rows, {self.stage_new.id: 1, self.stage_qualified.id: 1})

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_no_sales_rights_no_analysis(self):
        for model in REPORTS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])

    def test_other_company_rows_hidden(self):
        other = self.env["res.company"].create({"name": "Analysis Other Co"})
        self.logs[0].sudo().write({"company_id": other.id})
        self.env.flush_all()
        rows = self._read(
            "crm.contact.success.report",
            ["user_id"],
            ["count:sum"],
            [("partner_id", "in", self.customers.ids)],
            user=self.manager,
        )
        self.assertEqual(rows[self.sales_a.id], 2)

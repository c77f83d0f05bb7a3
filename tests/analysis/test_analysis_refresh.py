from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AnalysisCommon

REPORTS = (
    "crm.workload.report",
    "crm.contact.success.report",
    "crm.active.customer.report",
    "crm.deal.funnel.report",
)


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestAnalysisRefresh(AnalysisCommon):
    """The analyses are materialized views: figures as of their last refresh, by
    the cron or a sales manager."""

    def _contacts(self):
        rows = self.env["crm.contact.success.report"]._read_group(
            [("partner_id", "=", self.dune.id)], [], ["__count"]
        )
        return rows[0][0]

    def test_figures_as_of_the_last_refresh(self):
        self.env["crm.contact.log"].create(
            self._log_vals("2025-03-03", self.sales_a, self.dune, self.positive)
        )
        self.env.flush_all()
        self.assertEqual(self._contacts(), 0, "not before the refresh")
        self.env["crm.analysis.mixin"]._cron_refresh_analyses()
        self.assertEqual(self._contacts(), 1)
        self.assertTrue(
            self.env["ir.config_parameter"].get_param("crm_suite.analysis_refreshed_at")
        )

    def test_every_analysis_is_refreshed(self):
        self.assertEqual(
            sorted(
                m._name for m in self.env["crm.analysis.mixin"]._crm_analysis_models()
            ),
            sorted(REPORTS),
        )
        self.env.cr.execute(
            "SELECT matviewname FROM pg_matviews WHERE matviewname = ANY(%s)",
            [[self.env[name]._table for name in REPORTS]],
        )
        self.assertEqual(len(self.env.cr.fetchall()), len(REPORTS))

    def test_only_managers_refresh(self):
        self.env["crm.contact.log"].create(
            self._log_vals("2025-03-03", self.sales_a, self.dune, self.positive)
        )
        with self.assertRaises(AccessError):
            self.env["crm.analysis.mixin"].with_user(
                self.sales_a
            ).action_refresh_analyses()
        self.assertEqual(self._contacts(), 0)
        action = (
            self.env["crm.analysis.mixin"]
            .with_user(self.manager)
            .action_refresh_analyses()
        )
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self._contacts(), 1)

    def test_refresh_menu_is_for_managers(self):
        action = self.env.ref("crm_suite.crm_analysis_refresh_action")
        self.assertEqual(
            action.groups_id, self.env.ref("sales_team.group_sale_manager")
        )

from odoo.tests import tagged

from .common import AnalysisCommon

MODEL = "crm.deal.funnel.report"


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestDealFunnelReport(AnalysisCommon):
    def test_reached_lost_won_per_stage(self):
        rows = self._read(
            MODEL,
            ["stage_id"],
            ["count:sum", "lost_count:sum", "won_count:sum"],
            [("lead_id", "in", self.deals.ids)],
        )
        self.assertEqual(
            rows,
            {
                self.stage_new.id: (3, 0, 1),
                self.stage_qualified.id: (2, 1, 1),
                self.stage_proposal.id: (1, 0, 1),
                self.stage_won.id: (1, 0, 1),
            },
        )

    def test_days_in_stage(self):
        """Acme: 10 days in each stage, won on the day it entered Won. Bolt: 5 days
        in New, 10 in Qualified until it was lost."""
        rows = self._read(
            MODEL,
            ["lead_id", "stage_id"],
            ["days_in_stage:avg"],
            [("lead_id", "in", (self.deal_acme | self.deal_bolt).ids)],
        )
        acme, bolt = self.deal_acme.id, self.deal_bolt.id
        self.assertEqual(
            {key: round(days, 2) for key, days in rows.items()},
            {
                (acme, self.stage_new.id): 10.0,
                (acme, self.stage_qualified.id): 10.0,
                (acme, self.stage_proposal.id): 10.0,
                (acme, self.stage_won.id): 0.0,
                (bolt, self.stage_new.id): 5.0,
                (bolt, self.stage_qualified.id): 10.0,
            },
        )
        rows = self._read(
            MODEL,
            ["stage_id"],
            ["days_in_stage:avg"],
            [("lead_id", "in", (self.deal_acme | self.deal_bolt).ids)],
        )
        self.assertEqual(rows[self.stage_new.id], 7.5)

    def test_where_lost_and_why(self):
        rows = self._read(
            MODEL,
            ["stage_id", "lost_reason_id"],
            ["lost_count:sum"],
            [("lead_id", "in", self.deals.ids), ("is_lost_here", "=", True)],
        )
        self.assertEqual(rows, {(self.stage_qualified.id, self.too_expensive.id): 1})

    def test_entered_on_and_dimensions(self):
        rows = self._read(
            MODEL,
            ["date_entered:month", "territory_id", "industry_id"],
            ["count:sum"],
            [("lead_id", "in", self.deals.ids)],
        )
        self.assertEqual(
            {(str(month)[:10], terr, ind): n for (month, terr, ind), n in rows.items()},
            {
                ("2025-01-01", self.t_north.id, self.tools.id): 4,
                ("2025-01-01", self.t_north.id, self.food.id): 2,
                ("2025-02-01", self.t_south.id, self.tools.id): 1,
            },
        )

    def test_deal_without_moves(self):
        """A deal never moved sits in its first stage since its creation."""
        rows = self._read(
            MODEL,
            ["stage_id"],
            ["count:sum"],
            [("lead_id", "=", self.deal_cora.id)],
        )
        self.assertEqual(rows, {self.stage_new.id: 1})

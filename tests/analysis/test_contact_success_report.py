from odoo.tests import tagged

from .common import AnalysisCommon

MODEL = "crm.contact.success.report"
MEASURES = ["count:sum", "positive_count:sum", "positive_rate:avg"]


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestContactSuccessReport(AnalysisCommon):
    def _rates(self, groupby):
        rows = self._read(
            MODEL, [groupby], MEASURES, [("partner_id", "in", self.customers.ids)]
        )
        return {
            key: (count, positive, round(rate, 2))
            for key, (count, positive, rate) in rows.items()
        }

    def test_per_user(self):
        self.assertEqual(
            self._rates("user_id"),
            {
                self.sales_a.id: (3, 2, 66.67),
                self.sales_b.id: (2, 1, 50.0),
                self.sales_c.id: (1, 0, 0.0),
            },
        )

    def test_per_kind(self):
        self.assertEqual(
            self._rates("activity_type_id"),
            {self.call.id: (5, 2, 40.0), self.meeting_kind.id: (1, 1, 100.0)},
        )

    def test_per_industry_source_territory(self):
        self.assertEqual(
            self._rates("industry_id"),
            {self.tools.id: (4, 2, 50.0), self.food.id: (2, 1, 50.0)},
        )
        self.assertEqual(
            self._rates("source_id"),
            {self.fair.id: (2, 1, 50.0), False: (4, 2, 50.0)},
        )
        self.assertEqual(
            self._rates("territory_id"),
            {self.t_north.id: (4, 2, 50.0), self.t_south.id: (2, 1, 50.0)},
        )

    def test_positive_follows_the_result(self):
        """ "Positive" is the result's flag, read when the analysis runs."""
        self.negative.is_positive = True
        self.env.flush_all()
        self.assertEqual(self._rates("user_id")[self.sales_a.id], (3, 3, 100.0))

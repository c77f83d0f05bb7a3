from odoo.tests import tagged

from .common import AnalysisCommon

MODEL = "crm.active.customer.report"
MEASURES = [
    "active_count:sum",
    "new_count:sum",
    "retained_count:sum",
    "lost_count:sum",
    "previous_count:sum",
]


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestActiveCustomerReport(AnalysisCommon):
    def _per_month_user(self, domain=()):
        rows = self._read(
            MODEL,
            ["date:month", "user_id"],
            MEASURES,
            [("partner_id", "in", self.customers.ids), *domain],
        )
        return {(str(month), user): values for (month, user), values in rows.items()}

    def test_per_salesperson_and_month(self):
        """(active, new, still active, no longer active, active the month before)"""
        a, b, c = self.sales_a.id, self.sales_b.id, self.sales_c.id
        self.assertEqual(
            self._per_month_user(),
            {
                # January: Acme (A: logs, deal created, moved, won), Bolt (B: deal
                # created and moved; B is Bolt's salesperson)
                ("2025-01-01", a): (1, 1, 0, 0, 0),
                ("2025-01-01", b): (1, 1, 0, 0, 0),
                # February: A logged Bolt, not Acme; B logged Bolt and Cora; C logged
                # Cora and created its deal
                ("2025-02-01", a): (1, 1, 0, 1, 1),
                ("2025-02-01", b): (2, 1, 1, 0, 1),
                ("2025-02-01", c): (1, 1, 0, 0, 0),
                # March: nothing happened, all of February is no longer active
                ("2025-03-01", a): (0, 0, 0, 1, 1),
                ("2025-03-01", b): (0, 0, 0, 2, 2),
                ("2025-03-01", c): (0, 0, 0, 1, 1),
            },
        )

    def test_customer_salesperson_counts(self):
        """A contact logged by someone else still makes the customer active for its
        own salesperson: Cora's February counts for C (her salesperson) and B."""
        rows = self._read(
            MODEL,
            ["user_id"],
            ["active_count:sum"],
            [("partner_id", "=", self.cora.id), ("date", "=", "2025-02-01")],
        )
        self.assertEqual(rows, {self.sales_b.id: 1, self.sales_c.id: 1})

    def test_per_territory_and_industry(self):
        rows = self._read(
            MODEL,
            ["territory_id"],
            ["active_count:sum"],
            [("partner_id", "in", self.customers.ids), ("date", "=", "2025-02-01")],
        )
        self.assertEqual(rows, {self.t_north.id: 2, self.t_south.id: 2})
        rows = self._read(
            MODEL,
            ["industry_id"],
            ["active_count:sum"],
            [("partner_id", "in", self.customers.ids), ("date", "=", "2025-02-01")],
        )
        self.assertEqual(rows, {self.tools.id: 2, self.food.id: 2})

from odoo import Command
from odoo.tests import tagged

from .common import AnalysisCommon


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestParticipantAnalyses(AnalysisCommon):
    """A contact log with several participants counts for each of them: in the
    workload of every user who took part, and as activity of every customer met."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting_log = cls.env["crm.contact.log"].create(
            {
                **cls._log_vals("2025-04-10", cls.sales_a, cls.acme, cls.positive),
                "user_ids": [Command.link(cls.sales_b.id)],
                "partner_ids": [Command.link(cls.dune.id)],
            }
        )
        cls.env.flush_all()

    def test_workload_counts_each_participant_once(self):
        rows = self._read(
            "crm.workload.report",
            ["user_id"],
            ["count:sum"],
            [
                ("kind", "=", "contact_done"),
                ("date", ">=", "2025-04-01"),
                ("date", "<", "2025-05-01"),
            ],
        )
        # the responsible is in the participants too: still one row for A
        self.assertEqual(rows, {self.sales_a.id: 1, self.sales_b.id: 1})

    def test_active_customers_include_customers_met_and_participants(self):
        rows = self._read(
            "crm.active.customer.report",
            ["partner_id", "user_id"],
            ["active_count:sum"],
            [("date", "=", "2025-04-01"), ("partner_id", "in", self.customers.ids)],
        )
        a, b = self.sales_a.id, self.sales_b.id
        self.assertEqual(
            rows,
            {
                (self.acme.id, a): 1,
                (self.acme.id, b): 1,
                (self.dune.id, a): 1,
                (self.dune.id, b): 1,
            },
        )

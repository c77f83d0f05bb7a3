from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from ..common import CrmSuiteCommon

# far from the dates of Odoo's demo deals
NOW = datetime(2030, 3, 4, 8, 0)
MARCH = date(2030, 3, 1)
FEBRUARY = date(2030, 2, 1)
JANUARY = date(2030, 1, 1)


@tagged("crm_suite", "crm_suite_deal", "crm_suite_forecast")
@freeze_time(NOW)
class TestForecast(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["crm.forecast.snapshot"]
        cls.stage_won = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 70, "is_won": True}
        )
        cls.deal_a, cls.deal_b, cls.deal_c, cls.deal_april, cls.deal_lost = cls._deals(
            [
                (cls.sales_own, 1000.0, 50.0, date(2030, 3, 10)),
                (cls.sales_own, 3000.0, 20.0, date(2030, 3, 31)),
                (cls.sales_own2, 2000.0, 10.0, date(2030, 3, 1)),
                (cls.sales_own, 5000.0, 50.0, date(2030, 4, 1)),
                (cls.sales_own, 700.0, 30.0, date(2030, 3, 12)),
            ]
        )
        cls.deal_lost.action_set_lost()

    @classmethod
    def _deals(cls, specs):
        return cls.env["crm.lead"].create(
            [
                {
                    "name": f"Forecast deal {index}",
                    "type": "opportunity",
                    "partner_id": cls.ardent.id,
                    "user_id": user.id,
                    "team_id": cls.team.id,
                    "stage_id": cls.stage_new.id,
                    "expected_revenue": revenue,
                    "probability": probability,
                    "date_deadline": deadline,
                }
                for index, (user, revenue, probability, deadline) in enumerate(specs)
            ]
        )

    def _line(self, user, month=MARCH):
        return self.Snapshot.search(
            [
                ("date_month", "=", month),
                ("team_id", "=", self.team.id),
                ("user_id", "=", user.id),
            ]
        )

    def _invoice(self, deal, amount, move_type="out_invoice", day=date(2030, 3, 4)):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.ardent.id,
                "lead_id": deal.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Workstations",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _sudo_line(self, user, month=JANUARY, company=None, **values):
        company = company or self.env.company
        return self.Snapshot.create(
            {
                "date_month": month,
                "company_id": company.id,
                "team_id": self.team.id if company == self.env.company else False,
                "user_id": user.id,
                **values,
            }
        )

    # ------------------------------------------------------------
    # snapshot
    # ------------------------------------------------------------

    def test_snapshot_is_the_open_deals_of_the_month(self):
        self.Snapshot._cron_snapshot_forecast()
        own = self._line(self.sales_own)
        self.assertRecordValues(
            own,
            [
                {
                    "deal_count": 2,
                    "expected_revenue": 4000.0,
                    "prorated_revenue": 1100.0,
                    "currency_id": self.env.company.currency_id.id,
                    "company_id": self.env.company.id,
                    "date_snapshot": NOW,
                }
            ],
        )
        deals = self.deal_a | self.deal_b
        self.assertEqual(own.prorated_revenue, sum(deals.mapped("prorated_revenue")))
        self.assertRecordValues(
            self._line(self.sales_own2),
            [{"deal_count": 1, "expected_revenue": 2000.0, "prorated_revenue": 200.0}],
        )
        self.assertFalse(self._line(self.sales_own, date(2030, 4, 1)), "next month")

    def test_cron_twice_no_duplicate(self):
        self.Snapshot._cron_snapshot_forecast()
        lines = self.Snapshot.search([("date_month", "=", MARCH)])
        self.deal_a.expected_revenue = 9000.0
        self.Snapshot._cron_snapshot_forecast()
        self.assertEqual(self.Snapshot.search([("date_month", "=", MARCH)]), lines)
        self.assertEqual(
            self._line(self.sales_own).expected_revenue, 4000.0, "kept as taken"
        )

    def test_concurrent_worker_skips_taken_lines(self):
        """A worker that checked before the other inserted finds the lines taken: its
        insert adds nothing and logs no error."""
        self.Snapshot._cron_snapshot_forecast()
        count = self.Snapshot.search_count([("date_month", "=", MARCH)])
        # the check said "missing", the insert finds them: a unique violation that
        # is skipped without an error in the log (the test run fails on one)
        self.Snapshot._take_snapshot(MARCH, self.env.company)
        self.assertEqual(
            self.Snapshot.search_count([("date_month", "=", MARCH)]), count
        )
        self.assertEqual(len(self._line(self.sales_own)), 1)

    def test_company_without_deals_is_marked_taken(self):
        company = self.env["res.company"].create({"name": "Quiet Company"})
        self.Snapshot._take_snapshot(MARCH, company)
        line = self.Snapshot.search(
            [("date_month", "=", MARCH), ("company_id", "=", company.id)]
        )
        self.assertRecordValues(
            line, [{"deal_count": 0, "prorated_revenue": 0.0, "user_id": False}]
        )
        self.assertNotIn(company, self.Snapshot._companies_without_snapshot(MARCH))

    def test_cron_batches(self):
        self.env["res.company"].create({"name": "Second Company"})
        cron = self.env.ref("crm_suite.ir_cron_snapshot_forecast")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Snapshot = self.Snapshot.with_context(ir_cron_progress_id=progress.id)
        remaining = Snapshot._cron_snapshot_forecast(batch_size=1)
        self.assertEqual(progress.done, 1)
        self.assertEqual(progress.remaining, remaining)
        self.assertTrue(remaining)
        for _call in range(20):
            if not Snapshot._cron_snapshot_forecast(batch_size=1):
                break
        self.assertEqual(progress.remaining, 0)
        self.assertFalse(self.Snapshot._companies_without_snapshot(MARCH))

    def test_snapshot_queries_do_not_grow_with_deals(self):
        self._deals([(self.sales_own2, 100.0, 10.0, date(2030, 5, 2))] * 5)
        self._deals([(self.sales_own2, 100.0, 10.0, date(2030, 6, 2))] * 50)
        company = self.env.company
        self.Snapshot._take_snapshot(date(2030, 7, 1), company)  # warm-up
        for month in (date(2030, 5, 1), date(2030, 6, 1)):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(7):
                self.Snapshot._take_snapshot(month, company)
        self.assertEqual(self._line(self.sales_own2, date(2030, 6, 1)).deal_count, 50)

    @users("sales_own")
    def test_monthly_forecast_action(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_lead_action_forecast_monthly"
        )
        domain = [*safe_eval(action["domain"]), ("team_id", "=", self.team.id)]
        self.deal_b.sudo().action_set_won()
        figures = {
            month: prorated
            for month, prorated in self.env["crm.lead"]._read_group(
                domain, ["date_deadline:month"], ["prorated_revenue:sum"]
            )
        }
        # won and lost deals are no longer forecast, sales_own2's deal is not ours
        self.assertEqual(
            figures,
            {date(2030, 3, 1): 500.0, date(2030, 4, 1): 2500.0, False: 0.0},
        )

    # ------------------------------------------------------------
    # actuals
    # ------------------------------------------------------------

    def test_actuals_won_and_invoiced(self):
        self.Snapshot._cron_snapshot_forecast()
        self.deal_a.action_set_won()
        self._invoice(self.deal_a, 1200.0)
        self._invoice(self.deal_a, 200.0, move_type="out_refund")
        # invoiced in February: not March's revenue
        self._invoice(self.deal_a, 50.0, day=date(2030, 2, 27))
        with freeze_time(NOW + timedelta(days=1)):
            self.Snapshot._cron_snapshot_forecast()
        own = self._line(self.sales_own)
        self.assertRecordValues(
            own,
            [
                {
                    "prorated_revenue": 1100.0,
                    "won_count": 1,
                    "won_revenue": 1000.0,
                    "invoiced_revenue": 1000.0,
                    "date_refreshed": NOW + timedelta(days=1),
                }
            ],
        )
        self.assertAlmostEqual(own.won_accuracy, 100.0 * 1000.0 / 1100.0, places=1)
        self.assertAlmostEqual(own.invoiced_accuracy, 100.0 * 1000.0 / 1100.0, places=1)
        self.assertRecordValues(
            self._line(self.sales_own2), [{"won_revenue": 0.0, "won_accuracy": 0.0}]
        )

    def test_revenue_nobody_forecast_gets_a_line(self):
        self.Snapshot._cron_snapshot_forecast()
        surprise = self._deals([(self.sales_leader, 800.0, 10.0, date(2030, 9, 1))])
        surprise.action_set_won()
        with freeze_time(NOW + timedelta(minutes=5)):
            self.Snapshot.with_user(self.sales_manager).action_refresh_actuals()
        line = self._line(self.sales_leader)
        self.assertRecordValues(
            line,
            [
                {
                    "date_snapshot": False,
                    "prorated_revenue": 0.0,
                    "won_revenue": 800.0,
                    "won_accuracy": 0.0,
                }
            ],
        )

    def test_refresh_is_daily_unless_asked(self):
        self.Snapshot._cron_snapshot_forecast()
        self.deal_a.action_set_won()
        with freeze_time(NOW + timedelta(hours=1)):
            self.Snapshot._cron_snapshot_forecast()
            self.assertEqual(self._line(self.sales_own).won_revenue, 0.0, "done today")
            self.Snapshot.with_user(self.sales_manager).action_refresh_actuals()
        self.assertEqual(self._line(self.sales_own).won_revenue, 1000.0)

    def test_previous_month_refreshed(self):
        with freeze_time(datetime(2030, 2, 2, 8, 0)):
            self.Snapshot._cron_snapshot_forecast()
        february_deal = self._deals([(self.sales_own2, 400.0, 50.0, FEBRUARY)])
        with freeze_time(datetime(2030, 2, 27, 8, 0)):
            february_deal.action_set_won()
        self.Snapshot._cron_snapshot_forecast()
        self.assertEqual(self._line(self.sales_own2, FEBRUARY).won_revenue, 400.0)

    # ------------------------------------------------------------
    # accuracy
    # ------------------------------------------------------------

    def test_accuracy(self):
        over, right, none = (
            self._sudo_line(self.sales_own, prorated_revenue=1000.0, won_revenue=400.0),
            self._sudo_line(
                self.sales_own2,
                prorated_revenue=500.0,
                won_revenue=500.0,
                invoiced_revenue=250.0,
            ),
            self._sudo_line(self.sales_leader, won_revenue=300.0),
        )
        self.assertEqual(over.won_accuracy, 40.0)
        self.assertEqual(right.won_accuracy, 100.0)
        self.assertEqual(right.invoiced_accuracy, 50.0)
        self.assertEqual(none.won_accuracy, 0.0, "no forecast, no accuracy")
        # a group's accuracy is its total won over its total forecast
        [(won_accuracy, invoiced_accuracy)] = self.Snapshot._read_group(
            [("id", "in", (over | right | none).ids)],
            [],
            ["won_accuracy:avg", "invoiced_accuracy:avg"],
        )
        self.assertAlmostEqual(won_accuracy, 100.0 * 1200.0 / 1500.0)
        self.assertAlmostEqual(invoiced_accuracy, 100.0 * 250.0 / 1500.0)
        # the pivot and the graph go through read_group and the field's aggregator
        [group] = self.Snapshot.read_group(
            [("id", "in", (over | right).ids)], ["won_accuracy"], []
        )
        self.assertAlmostEqual(group["won_accuracy"], 100.0 * 900.0 / 1500.0)
        [(__, no_forecast)] = self.Snapshot._read_group(
            [("id", "=", none.id)], ["user_id"], ["won_accuracy:avg"]
        )
        self.assertFalse(no_forecast)

    def test_forecast_vs_actuals_report(self):
        line = self._sudo_line(
            self.sales_own,
            prorated_revenue=1000.0,
            won_revenue=400.0,
            invoiced_revenue=300.0,
        )
        Report = self.env["crm.forecast.snapshot.report"]
        rows = Report.search([("date_month", "=", JANUARY)])
        self.assertEqual(
            {row.figure: row.amount for row in rows},
            {"forecast": 1000.0, "won": 400.0, "invoiced": 300.0},
        )
        self.assertEqual(rows.user_id, line.user_id)
        # what the graph reads: one bar per month and figure
        groups = Report._read_group(
            [("date_month", "=", JANUARY)],
            ["date_month:month", "figure"],
            ["amount:sum"],
        )
        self.assertEqual(len(groups), 3)

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    def _access_lines(self):
        own = self._sudo_line(self.sales_own, prorated_revenue=10.0)
        own2 = self._sudo_line(self.sales_own2, prorated_revenue=20.0)
        return own, own2

    @users("sales_own")
    def test_salesperson_reads_own_lines(self):
        own, own2 = self._access_lines()
        lines = self.env["crm.forecast.snapshot"].search([("date_month", "=", JANUARY)])
        self.assertEqual(lines, own.with_env(self.env))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            own2.with_env(self.env).read(["prorated_revenue"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            own.with_env(self.env).write({"prorated_revenue": 99.0})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.forecast.snapshot"].action_take_snapshot()

    @users("sales_own2")
    def test_other_salesperson_does_not_read_them(self):
        own, own2 = self._access_lines()
        lines = self.env["crm.forecast.snapshot"].search([("date_month", "=", JANUARY)])
        self.assertEqual(lines, own2.with_env(self.env))
        report = self.env["crm.forecast.snapshot.report"].search(
            [("date_month", "=", JANUARY)]
        )
        self.assertEqual(report.user_id, self.env.user)
        self.assertEqual(len(report), 3)

    @users("sales_all")
    def test_all_documents_reads_all(self):
        own, own2 = self._access_lines()
        lines = self.env["crm.forecast.snapshot"].search([("date_month", "=", JANUARY)])
        self.assertEqual(lines, (own | own2).with_env(self.env))

    @users("employee", "portal_user")
    def test_no_sales_rights_no_access(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.forecast.snapshot"].search([])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.forecast.snapshot.report"].search([])

    @users("sales_all")
    def test_other_company_lines_hidden(self):
        # created by the superuser: a company joins its creator's companies
        other = self.Snapshot.env["res.company"].create({"name": "Other Company"})
        self._sudo_line(self.sales_all, company=other, prorated_revenue=5.0)
        mine = self._sudo_line(self.sales_all, prorated_revenue=5.0)
        lines = self.env["crm.forecast.snapshot"].search([("date_month", "=", JANUARY)])
        self.assertIn(mine.with_env(self.env), lines)
        self.assertEqual(lines.company_id, self.env.company)

    @users("sales_manager")
    def test_manager_takes_snapshot(self):
        self.env["crm.forecast.snapshot"].action_take_snapshot()
        self.assertEqual(self._line(self.sales_own).sudo().deal_count, 2)

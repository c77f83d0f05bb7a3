from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..common import CrmSuiteCommon

NOVEMBER = date(2030, 11, 1)


@tagged("crm_suite", "crm_suite_deal", "crm_suite_forecast")
class TestForecastLateSnapshot(CrmSuiteCommon):
    """Issue 17, defect 7: "Take Snapshot Now" late in the month forecast only the
    deals still open, against all the month's wins: 859.6 % accuracy; and the
    buttons said nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["crm.forecast.snapshot"]
        cls.Snapshot.sudo().search([]).unlink()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        Lead = cls.env["crm.lead"]
        Lead.search([("type", "=", "opportunity")]).write({"active": False})
        with freeze_time(datetime(2030, 11, 3, 9, 0)):
            won = Lead.create(
                {
                    "name": "Won early in the month",
                    "type": "opportunity",
                    "user_id": cls.sales_own.id,
                    "team_id": cls.team.id,
                    "expected_revenue": 8000.0,
                    "date_deadline": date(2030, 11, 20),
                }
            )
            won.action_set_won()
        Lead.create(
            {
                "name": "Still open",
                "type": "opportunity",
                "user_id": cls.sales_own.id,
                "team_id": cls.team.id,
                "expected_revenue": 2000.0,
                "probability": 50.0,
                "date_deadline": date(2030, 11, 28),
            }
        )

    def _lines(self):
        return self.Snapshot.sudo().search(
            [("date_month", "=", NOVEMBER), ("user_id", "=", self.sales_own.id)]
        )

    def test_late_snapshot_is_flagged_and_left_out(self):
        with freeze_time(datetime(2030, 11, 25, 15, 0)):
            action = self.Snapshot.with_user(self.sales_manager).action_take_snapshot()
        line = self._lines()
        self.assertTrue(line.is_late)
        self.assertTrue(line.prorated_revenue)
        self.assertEqual(line.won_revenue, 8000.0)
        self.assertFalse(line.won_accuracy, "not 800 %")
        [(accuracy,)] = self.Snapshot.sudo()._read_group(
            [("id", "in", line.ids)], [], ["won_accuracy:avg"]
        )
        self.assertFalse(accuracy, "left out of the grouped accuracy too")
        # the button says what it did, and that the forecast is late
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertIn(
            "Forecast of November 2030 taken: 1 open deals", params["message"]
        )
        self.assertIn("taken late in the month", params["message"])
        self.assertEqual(params["next"]["tag"], "soft_reload")

    def test_snapshot_on_time_counts(self):
        with freeze_time(datetime(2030, 11, 2, 1, 0)):
            self.Snapshot._cron_snapshot_forecast()
        with freeze_time(datetime(2030, 11, 25, 15, 0)):
            action = self.Snapshot.with_user(
                self.sales_manager
            ).action_refresh_actuals()
        line = self._lines()
        self.assertFalse(line.is_late)
        self.assertTrue(line.won_accuracy)
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("refreshed", action["params"]["message"])

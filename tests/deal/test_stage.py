from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

NOW = datetime(2026, 11, 20, 9, 0, 0)


class StageCommon(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new.write({"default_probability": 10.0, "expected_days": 7})
        cls.stage_proposition.write({"default_probability": 60.0, "expected_days": 30})
        cls.stage_won = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 70, "is_won": True}
        )

    def _set_mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_suite.probability_mode", mode
        )


@tagged("crm_suite", "crm_suite_deal")
class TestStageProbability(StageCommon):
    def test_stage_mode_applies_stage_probability(self):
        self._set_mode("stage")
        lead = self.env["crm.lead"].create(
            {
                "name": "Stage mode deal",
                "type": "opportunity",
                "stage_id": self.stage_new.id,
            }
        )
        self.assertEqual(lead.probability, 10.0)
        lead.stage_id = self.stage_proposition
        self.assertEqual(lead.probability, 60.0)
        lead.action_set_won()
        self.assertEqual(lead.probability, 100.0)

    def test_stage_mode_keeps_typed_probability(self):
        self._set_mode("stage")
        lead = self.env["crm.lead"].create(
            {"name": "Typed", "type": "opportunity", "stage_id": self.stage_new.id}
        )
        with Form(lead) as form:
            form.probability = 42.0
        lead.stage_id = self.stage_proposition
        self.assertEqual(lead.probability, 42.0, "the salesperson's figure wins")
        self.assertEqual(lead.automated_probability, 60.0)

    def test_predictive_mode_is_odoo_behaviour(self):
        self._set_mode("predictive")
        lead = self.env["crm.lead"].create(
            {"name": "Predictive", "type": "opportunity", "stage_id": self.stage_new.id}
        )
        lead.stage_id = self.stage_proposition
        self.assertNotEqual(lead.probability, 60.0, "scoring, not the stage")
        self.assertEqual(lead.probability, lead.automated_probability)

    def test_stage_probability_range(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.stage_new.default_probability = 120.0
            self.stage_new.flush_recordset()

    def test_settings_switch_mode(self):
        settings = self.env["res.config.settings"].create(
            {"crm_suite_probability_mode": "stage"}
        )
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_suite.probability_mode"),
            "stage",
        )


@tagged("crm_suite", "crm_suite_deal")
@freeze_time(NOW)
class TestStageOverdue(StageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late, cls.fresh = cls.env["crm.lead"].create(
            [
                {
                    "name": "Late deal",
                    "type": "opportunity",
                    "user_id": cls.sales_own.id,
                    "stage_id": cls.stage_new.id,
                },
                {
                    "name": "Fresh deal",
                    "type": "opportunity",
                    "user_id": cls.sales_own.id,
                    "stage_id": cls.stage_new.id,
                },
            ]
        )
        cls.late.date_last_stage_update = NOW - timedelta(days=8)
        cls.fresh.date_last_stage_update = NOW - timedelta(days=2)

    def test_flag_and_filter(self):
        self.assertTrue(self.late.is_stage_overdue)
        self.assertFalse(self.fresh.is_stage_overdue)
        overdue = self.env["crm.lead"].search([("is_stage_overdue", "=", True)])
        self.assertIn(self.late, overdue)
        self.assertNotIn(self.fresh, overdue)
        not_overdue = self.env["crm.lead"].search([("is_stage_overdue", "=", False)])
        self.assertIn(self.fresh, not_overdue)
        self.assertNotIn(self.late, not_overdue)

    def test_won_and_lost_deals_are_not_overdue(self):
        self.late.action_set_lost()
        self.assertFalse(self.late.is_stage_overdue)

    def test_cron_one_activity_per_deal_and_stage(self):
        Lead = self.env["crm.lead"]
        reminded = Lead._cron_remind_stage_overdue()
        self.assertIn(self.late, reminded)
        self.assertNotIn(self.fresh, reminded)
        activity = self.late.activity_ids
        self.assertEqual(activity.user_id, self.sales_own)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("crm_suite.mail_activity_type_stage_overdue"),
        )
        self.assertIn("Overdue in Test New", activity.summary)
        self.assertFalse(Lead._cron_remind_stage_overdue() & self.late, "no duplicate")
        self.assertEqual(len(self.late.activity_ids), 1)
        # overdue again in the next stage: a new reminder
        self.late.stage_id = self.stage_proposition
        self.late.date_last_stage_update = NOW - timedelta(days=31)
        self.assertIn(self.late, Lead._cron_remind_stage_overdue())
        self.assertEqual(len(self.late.activity_ids), 2)

    def test_cron_batches(self):
        cron = self.env.ref("crm_suite.ir_cron_remind_stage_overdue")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Lead = self.env["crm.lead"].with_context(ir_cron_progress_id=progress.id)
        first = Lead._cron_remind_stage_overdue(batch_size=1)
        self.assertEqual(len(first), 1)
        self.assertEqual(progress.done, 1)
        while Lead._cron_remind_stage_overdue(batch_size=50):
            pass
        self.assertEqual(progress.remaining, 0)
        self.assertIn(self.late, Lead.search([("stage_overdue_stage_id", "!=", False)]))


@tagged("crm_suite", "crm_suite_deal")
class TestLostReason(StageCommon):
    def test_loss_needs_a_reason(self):
        wizard = self.env["crm.lead.lost"].create(
            {"lead_ids": [Command.set(self.lead.ids)]}
        )
        with self.assertRaisesRegex(UserError, "choose a lost reason"):
            wizard.action_lost_reason_apply()
        self.assertTrue(self.lead.active)

    @users("sales_own")
    def test_shipped_reasons(self):
        names = set(self.env["crm.lost.reason"].search([]).mapped("name"))
        for name in (
            "Lost to a competitor",
            "Too expensive",
            "Timing",
            "No budget",
            "No decision",
        ):
            self.assertIn(name, names)


@tagged("crm_suite", "crm_suite_deal", "post_install", "-at_install")
class TestStageMenuUi(HttpCase):
    """Issue 17, item 12: crm shows its Stages menu in debug mode only; the README
    sends managers to CRM > Configuration > Stages."""

    def test_stages_menu_tour(self):
        new_test_user(
            self.env,
            "tour_stage_manager",
            groups="base.group_user,sales_team.group_sale_manager",
            name="Stage Manager",
        )
        self.start_tour(
            "/odoo/crm", "crm_suite_stages_menu_tour", login="tour_stage_manager"
        )

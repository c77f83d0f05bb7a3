from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_territory", "crm_suite_security")
class TestContactLogSecurity(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.log_own = cls._class_log(user=cls.sales_own, summary="Own log")
        cls.log_own2 = cls._class_log(
            user=cls.sales_own2, partner_id=cls.blue.id, summary="Colleague"
        )
        cls.log_on_own_deal = cls._class_log(
            user=cls.sales_all, lead_id=cls.lead.id, summary="On my deal"
        )
        cls.log_outsider = cls._class_log(
            user=cls.sales_all, partner_id=cls.blue.id, summary="Other"
        )
        cls.all_logs = (
            cls.log_own | cls.log_own2 | cls.log_on_own_deal | cls.log_outsider
        )

    def _visible(self):
        return self.env["crm.contact.log"].search([("id", "in", self.all_logs.ids)])

    @users("sales_own")
    def test_salesperson_own_documents(self):
        self.assertEqual(self._visible(), self.log_own | self.log_on_own_deal)
        self.log_own.with_env(self.env).summary = "Corrected"
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.log_own2.with_env(self.env).summary = "Not mine"
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.log_outsider.with_env(self.env).read(["summary"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self._log(user=self.env.user, user_id=self.sales_own2.id)
        self.log_own.with_env(self.env).unlink()

    @users("sales_leader")
    def test_team_leader_reads_team(self):
        # the team's members' logs, and the logs of the team's deals
        self.assertEqual(
            self._visible(), self.log_own | self.log_own2 | self.log_on_own_deal
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.log_own.with_env(self.env).summary = "Leader edits"
        own = self._log(user=self.env.user, summary="Leader's own")
        own.summary = "Leader edits own"

    @users("sales_all")
    def test_all_documents(self):
        self.assertEqual(self._visible(), self.all_logs)
        self.log_own2.with_env(self.env).summary = "Edited by all-docs user"

    @users("sales_manager")
    def test_manager(self):
        self.assertEqual(self._visible(), self.all_logs)
        self.log_outsider.with_env(self.env).unlink()
        result = self.env["crm.contact.result"].create({"name": "Manager result"})
        result.unlink()

    @users("sales_own")
    def test_salesperson_cannot_configure_results(self):
        self.assertTrue(self.result_offer.with_env(self.env).name)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.contact.result"].create({"name": "Not allowed"})

    @users("accountant")
    def test_accountant_reads_only(self):
        self.assertEqual(self._visible(), self.all_logs)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.log_own.with_env(self.env).summary = "Accountant edits"
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._log(user=self.env.user)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.log_own.with_env(self.env).unlink()

    @users("employee")
    def test_employee_without_sales_rights(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._visible()

    @users("portal_user")
    def test_portal_sees_nothing(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._visible()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.contact.log.call"].create({"summary": "x"})

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.sales_all.write({"company_ids": [(4, other_company.id)]})
        other_log = (
            self.env["crm.contact.log"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": self.blue.id,
                    "summary": "In the other company",
                    "user_id": self.sales_own.id,
                }
            )
        )
        self.assertEqual(other_log.company_id, other_company)
        logs = (
            self.env["crm.contact.log"]
            .with_user(self.sales_all)
            .with_context(allowed_company_ids=[self.env.company.id])
        )
        self.assertNotIn(other_log, logs.search([]), "only the current company")
        logs = logs.with_context(
            allowed_company_ids=[other_company.id, self.env.company.id]
        )
        self.assertIn(other_log, logs.search([]))
        self.sales_own.write({"company_ids": [(4, other_company.id)]})
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            other_log.with_user(self.sales_own).with_context(
                allowed_company_ids=[self.env.company.id]
            ).read(["summary"])

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_territory", "crm_suite_security", "crm_suite_access")
class TestDelegationAccess(CrmSuiteCommon):
    """Issue 13: a salesperson ("Own Documents Only") must not write a delegation into
    a state where the delegation rules hand them a colleague's deals and logs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.log_own2 = cls._class_log(user=cls.sales_own2, summary="Own2's call")
        cls.lead_own2 = cls.env["crm.lead"].create(
            {
                "name": "Blue: 3 printers",
                "type": "opportunity",
                "partner_id": cls.blue.id,
                "user_id": cls.sales_own2.id,
            }
        )
        today = date.today()
        cls.values = {"date_from": today, "date_to": today}

    def _assert_blind(self, user):
        self.env.invalidate_all()
        for record in (self.lead_own2, self.log_own2):
            with (
                self.assertRaises(AccessError),
                mute_logger("odoo.addons.base.models.ir_rule"),
            ):
                record.with_user(user).read(["display_name"])

    def test_own_delegation_cannot_be_turned_around(self):
        """Create an own delegation, then write the absent user to a colleague and the
        delegate to oneself."""
        delegation = (
            self.env["crm.delegation"]
            .with_user(self.sales_own)
            .create({**self.values, "delegate_id": self.sales_all.id})
        )
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            delegation.write(
                {"user_id": self.sales_own2.id, "delegate_id": self.sales_own.id}
            )
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            delegation.user_id = self.sales_own2
        self.assertEqual(delegation.user_id, self.sales_own)
        self._assert_blind(self.sales_own)

    def test_cannot_create_a_delegation_for_a_colleague(self):
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            self.env["crm.delegation"].with_user(self.sales_own).create(
                {
                    **self.values,
                    "user_id": self.sales_own2.id,
                    "delegate_id": self.sales_own.id,
                }
            )
        self._assert_blind(self.sales_own)

    def test_sales_manager_delegates_for_anyone(self):
        delegation = (
            self.env["crm.delegation"]
            .with_user(self.sales_manager)
            .create(
                {
                    **self.values,
                    "user_id": self.sales_own2.id,
                    "delegate_id": self.sales_own.id,
                }
            )
        )
        self.env.invalidate_all()
        self.assertEqual(delegation.user_id, self.sales_own2)
        self.assertTrue(self.lead_own2.with_user(self.sales_own).read(["name"]))

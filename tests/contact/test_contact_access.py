from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_contact", "crm_suite_security", "crm_suite_access")
class TestContactLogAccess(CrmSuiteCommon):
    """Issue 13: a contact log's responsible is a rule's owner field; its deal must be
    one the author may read; the call wizard's records are private."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_own2 = cls.env["crm.lead"].create(
            {
                "name": "Blue: 3 printers",
                "type": "opportunity",
                "partner_id": cls.blue.id,
                "user_id": cls.sales_own2.id,
            }
        )

    def test_log_in_a_colleague_name_refused(self):
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            self._log(user=self.sales_own, user_id=self.sales_own2.id)
        log = self._log(user=self.sales_own)
        with self.assertRaisesRegex(AccessError, "only set yourself"):
            log.with_user(self.sales_own).user_id = self.sales_own2
        # "All Documents" users log for their colleagues
        other = self._log(user=self.sales_all, user_id=self.sales_own2.id)
        self.assertEqual(other.user_id, self.sales_own2)

    def test_log_on_an_unreadable_deal_refused(self):
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self._log(
                user=self.sales_own, partner_id=self.blue.id, lead_id=self.lead_own2.id
            )
        log = self._log(user=self.sales_own)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            log.with_user(self.sales_own).write(
                {"partner_id": self.blue.id, "lead_id": self.lead_own2.id}
            )

    def test_call_wizard_private_to_its_creator(self):
        wizard = (
            self.env["crm.contact.log.call"]
            .with_user(self.sales_own)
            .create({"partner_id": self.ardent.id})
        )
        self.env.invalidate_all()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            wizard.with_user(self.sales_own2).read(["partner_id"])

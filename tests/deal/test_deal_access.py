from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import CrmTicketCommon

RULE_LOGGER = "odoo.addons.base.models.ir_rule"


@tagged("crm_suite", "crm_suite_deal", "crm_suite_security", "crm_suite_access")
class TestMoneyGateAccess(CrmTicketCommon):
    """Issue 13: a salesperson granted themselves a customer's money figures and all
    its tickets by creating a deal on it or by setting themselves as its
    salesperson. The gate now depends on what a manager assigned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.blue_ticket = cls._ticket(name="Blue outage", partner_id=cls.blue.id)

    def _sees_money(self, user, partner, owns_deal=True):
        return partner.with_user(user)._crm_suite_sees_money(owns_deal=owns_deal)

    def test_own_deal_grants_no_money(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.sales_own2)
            .create({"name": "Blue: a pretext", "partner_id": self.blue.id})
        )
        self.assertEqual(lead.user_id, self.sales_own2)
        self.assertFalse(lead.is_assigned_by_manager)
        self.assertFalse(self._sees_money(self.sales_own2, self.blue))
        figures = self.blue.with_user(self.sales_own2).crm_suite_customer_360()
        self.assertFalse(figures["show_money"])
        # taking an unassigned deal is no manager's assignment either
        free = self.env["crm.lead"].create(
            {"name": "Blue: unassigned", "partner_id": self.blue.id, "user_id": False}
        )
        free.with_user(self.sales_own2).user_id = self.sales_own2
        self.assertFalse(free.is_assigned_by_manager)
        self.assertFalse(self._sees_money(self.sales_own2, self.blue))

    def test_deal_assigned_by_a_manager_grants_money(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.sales_manager)
            .create(
                {
                    "name": "Blue: assigned",
                    "partner_id": self.blue.id,
                    "user_id": self.sales_own2.id,
                }
            )
        )
        self.assertTrue(lead.is_assigned_by_manager)
        self.assertTrue(self._sees_money(self.sales_own2, self.blue))
        # the salesperson giving it back and taking it again loses the flag
        lead.with_user(self.sales_own2).write({"user_id": False})
        self.assertFalse(lead.is_assigned_by_manager)

    def test_flag_not_written_by_hand(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.sales_own2)
            .create({"name": "Blue: a pretext", "partner_id": self.blue.id})
        )
        with self.assertRaises(AccessError):
            lead.write({"is_assigned_by_manager": True})
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.sales_own2).create(
                {"name": "Blue: forged", "is_assigned_by_manager": True}
            )

    def test_salesperson_cannot_take_a_customer(self):
        blue = self.blue.with_user(self.sales_own2)
        with self.assertRaisesRegex(AccessError, "change the salesperson"):
            blue.user_id = self.sales_own2
        with self.assertRaisesRegex(AccessError, "change the salesperson"):
            self.ardent.with_user(self.sales_own2).user_id = False
        self.assertFalse(self.blue.user_id)
        self.assertFalse(self._sees_money(self.sales_own2, self.blue, owns_deal=False))
        self.env.invalidate_all()
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            self.blue_ticket.with_user(self.sales_own2).read(["name"])
        # a manager assigns the customer: figures and tickets follow
        self.blue.with_user(self.sales_manager).user_id = self.sales_own2
        self.env.invalidate_all()
        self.assertTrue(self._sees_money(self.sales_own2, self.blue, owns_deal=False))
        self.assertTrue(self.blue_ticket.with_user(self.sales_own2).read(["name"]))

    def test_debt_report_private(self):
        report = self.env["crm.debt.report"].with_user(self.sales_manager).create({})
        self.env.invalidate_all()
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            report.with_user(self.accountant).read(["date"])

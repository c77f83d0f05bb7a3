from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_customer", "crm_suite_partner_product")
class TestPartnerProduct(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.printer = Product.create({"name": "Test Printer"})
        cls.toner = Product.create({"name": "Test Toner"})

    def _own(self, partner, product, **values):
        return self.env["crm.partner.product"].create(
            {"partner_id": partner.id, "product_id": product.id, **values}
        )

    @users("sales_own")
    def test_owned_by_the_commercial_entity(self):
        owned = self._own(self.ann, self.printer, quantity=2, date_since="2024-05-01")
        self.assertEqual(owned.partner_id, self.ardent, "a person's company owns it")
        owned.partner_id = self.carl
        self.assertEqual(owned.partner_id, self.blue)

    @users("sales_own")
    def test_button_opens_the_entity_list(self):
        self._own(self.ardent, self.printer)
        self._own(self.ardent, self.toner, quantity=12, active=False)
        self._own(self.blue, self.toner)
        for partner in (self.ardent, self.bob):
            action = partner.with_env(self.env).action_view_owned_products()
            self.assertEqual(action["context"]["default_partner_id"], self.ardent.id)
            owned = self.env["crm.partner.product"].search(action["domain"])
            self.assertEqual(owned.product_id, self.printer, "archived ones hidden")
        groups = self.env["crm.partner.product"]._read_group(
            [
                ("partner_id", "in", (self.ardent | self.blue).ids),
                ("active", "in", (True, False)),
            ],
            ["product_id"],
            ["quantity:sum"],
        )
        self.assertEqual(
            {product: qty for product, qty in groups},
            {self.printer: 1.0, self.toner: 13.0},
        )

    @users("sales_own")
    def test_competitor_button(self):
        """The competitors a customer uses moved from a tab to a button."""
        competitor = self.env["crm.competitor"].sudo().create({"name": "Test Rival"})
        usage = self.env["crm.competitor.usage"].create(
            {"partner_id": self.ardent.id, "competitor_id": competitor.id}
        )
        action = self.ardent.with_env(self.env).action_view_competitor_usages()
        self.assertEqual(
            self.env["crm.competitor.usage"].search(action["domain"]), usage
        )
        self.assertEqual(action["context"]["default_partner_id"], self.ardent.id)

    def test_quantity_positive(self):
        for quantity in (0, -1):
            with (
                self.assertRaises(IntegrityError),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self._own(self.ardent, self.printer, quantity=quantity)

    @users("employee")
    def test_employee_reads_only(self):
        owned = (
            self.env["crm.partner.product"]
            .sudo()
            .create({"partner_id": self.ardent.id, "product_id": self.printer.id})
            .sudo(False)
        )
        self.env.invalidate_all()
        self.assertEqual(owned.product_id, self.printer)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            self._own(self.ardent, self.toner)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            owned.quantity = 3

    @users("portal_user")
    def test_portal_sees_none(self):
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            self.env["crm.partner.product"].search([])

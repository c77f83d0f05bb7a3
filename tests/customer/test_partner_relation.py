from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_customer", "crm_suite_partner_relation")
class TestPartnerRelation(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_of = cls.env.ref("crm_suite.crm_partner_relation_type_employee")
        cls.spouse_of = cls.env.ref("crm_suite.crm_partner_relation_type_spouse")
        cls.accountant_for = cls.env.ref(
            "crm_suite.crm_partner_relation_type_accountant"
        )
        cls.dora = cls.env["res.partner"].create({"name": "Dora Freelance"})

    def _relate(self, left, rel_type, right, sudo=False, **values):
        return (
            self.env["crm.partner.relation"]
            .sudo(sudo)
            .create(
                {
                    "left_partner_id": left.id,
                    "type_id": rel_type.id,
                    "right_partner_id": right.id,
                    **values,
                }
            )
        )

    def _sides(self, partner):
        return {
            (row.name, row.other_partner_id.name)
            for row in self.env["crm.partner.relation.all"].search(
                [("this_partner_id", "=", partner.id)]
            )
        }

    @users("sales_own")
    def test_shown_from_both_sides(self):
        self._relate(self.ann, self.employee_of, self.blue, date_start="2024-01-01")
        self._relate(self.ardent, self.accountant_for, self.blue)
        self.assertEqual(self._sides(self.ann), {("Employee of", "Blue Harbour")})
        self.assertEqual(
            self._sides(self.blue),
            {
                ("Employer of", "Ann Ardent"),
                ("Client of the accountant", "Ardent Tools"),
            },
        )

    @users("sales_own")
    def test_symmetric_reads_the_same(self):
        self._relate(self.ann, self.spouse_of, self.bob)
        self.assertEqual(self._sides(self.bob), {("Spouse of", "Ann Ardent")})
        with self.assertRaisesRegex(ValidationError, "already recorded"):
            self._relate(self.bob, self.spouse_of, self.ann)

    @users("sales_own")
    def test_search_who_works_for(self):
        """A person working for two companies is found from either."""
        self._relate(self.dora, self.employee_of, self.ardent)
        self._relate(self.dora, self.employee_of, self.blue)
        Partner = self.env["res.partner"]
        for company in (self.ardent, self.blue):
            found = Partner.search(
                [
                    ("relation_all_ids.type_id", "=", self.employee_of.id),
                    ("relation_all_ids.is_inverse", "=", False),
                    ("relation_all_ids.other_partner_id", "=", company.id),
                ]
            )
            self.assertEqual(found, self.dora)
        self.assertIn(
            self.dora,
            Partner.search([("relation_all_ids.other_partner_id", "ilike", "Blue")]),
        )

    def test_current_relations(self):
        with freeze_time("2026-06-01"):
            ended = self._relate(
                self.dora,
                self.employee_of,
                self.ardent,
                date_start="2020-01-01",
                date_end="2025-12-31",
            )
            current = self._relate(
                self.dora, self.employee_of, self.blue, date_start="2026-01-01"
            )
            Relation = self.env["crm.partner.relation"]
            self.assertEqual(
                Relation.search(
                    [("left_partner_id", "=", self.dora.id), ("is_current", "=", True)]
                ),
                current,
            )
            self.assertFalse(ended.is_current)

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "must be a company"):
            self._relate(self.ann, self.employee_of, self.bob)
        with self.assertRaisesRegex(ValidationError, "must be a person"):
            self._relate(self.ardent, self.employee_of, self.blue)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._relate(self.ann, self.accountant_for, self.ann)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self._relate(
                    self.dora,
                    self.employee_of,
                    self.blue,
                    date_start="2026-02-01",
                    date_end="2026-01-01",
                )
        with self.assertRaisesRegex(ValidationError, "same kind"):
            self.env["crm.partner.relation.type"].create(
                {"name": "Test mentor", "left_kind": "person", "right_kind": "any"}
            )

    @users("employee")
    def test_employee_reads_only(self):
        relation = self._relate(self.ann, self.spouse_of, self.bob, sudo=True)
        self.assertEqual(self._sides(self.ann), {("Spouse of", "Bob Ardent")})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            relation.with_env(self.env).date_end = date(2026, 1, 1)

    @users("portal_user")
    def test_portal_sees_none(self):
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            self.env["crm.partner.relation.all"].search([])

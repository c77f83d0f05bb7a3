from odoo.exceptions import AccessError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

DEFINITION = [
    {"name": "fleet_size", "string": "Fleet Size", "type": "integer"},
    {
        "name": "segment",
        "string": "Segment",
        "type": "selection",
        "selection": [["small", "Small"], ["key", "Key Account"]],
    },
    {"name": "audited", "string": "Audited", "type": "boolean"},
    {"name": "date_audit", "string": "Audit Date", "type": "date"},
    {"name": "note", "string": "Note", "type": "char"},
]


@tagged("crm_suite", "crm_suite_customer", "crm_suite_partner_attributes")
class TestPartnerAttributes(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.attribute_set = cls.ardent.crm_attribute_set_id
        cls.attribute_set.attribute_definition = DEFINITION
        cls.ardent.crm_attributes = {"fleet_size": 40, "segment": "key"}
        cls.blue.crm_attributes = {
            "fleet_size": 3,
            "segment": "small",
            "audited": True,
            "date_audit": "2026-03-01",
        }
        cls.ann.crm_attributes = {"segment": "key", "note": "Prefers e-mail"}
        cls.partners = cls.ardent | cls.ann | cls.bob | cls.blue | cls.carl

    def test_one_set_per_company(self):
        AttributeSet = self.env["crm.partner.attribute.set"]
        company = self.env.company
        self.assertEqual(self.attribute_set.company_id, company)
        self.assertEqual(self.partners.crm_attribute_set_id, self.attribute_set)
        self.assertEqual(
            self.env.ref("base.partner_root").crm_attribute_set_id,
            self.attribute_set,
            "contacts existing at install got the set too",
        )
        other = self.env["res.company"].create({"name": "Test Other Company"})
        partner = self.env["res.partner"].create(
            {"name": "Test Local", "company_id": other.id}
        )
        self.assertEqual(partner.crm_attribute_set_id.company_id, other)
        self.assertEqual(
            AttributeSet.search_count([("company_id", "in", (company | other).ids)]),
            2,
        )
        # a contact moved to another company takes that company's attributes
        shared = self.env["res.partner"].create({"name": "Test Shared"})
        self.assertEqual(shared.crm_attribute_set_id, self.attribute_set)
        shared.company_id = other
        self.assertEqual(shared.crm_attribute_set_id, partner.crm_attribute_set_id)

    @users("sales_own")
    def test_values_read_with_their_definition(self):
        values = {
            prop["name"]: prop["value"]
            for prop in self.blue.with_env(self.env).read(["crm_attributes"])[0][
                "crm_attributes"
            ]
        }
        self.assertEqual(values["fleet_size"], 3)
        self.assertEqual(values["segment"], "small")
        self.assertIs(values["audited"], True)
        self.assertEqual(str(values["date_audit"]), "2026-03-01")

    @users("sales_own")
    def test_filter_on_attributes(self):
        Partner = self.env["res.partner"]
        scope = [("id", "in", self.partners.ids)]
        self.assertEqual(
            Partner.search(scope + [("crm_attributes.segment", "=", "key")]),
            self.ardent | self.ann,
        )
        # an unset value is stored as JSON false, which PostgreSQL orders after
        # every number and compares as the text 'false' with dates: "greater than"
        # needs "is set" beside it
        self.assertEqual(
            Partner.search(
                scope
                + [
                    ("crm_attributes.fleet_size", ">", 10),
                    ("crm_attributes.fleet_size", "!=", False),
                ]
            ),
            self.ardent,
        )
        self.assertEqual(
            Partner.search(scope + [("crm_attributes.fleet_size", "<", 10)]),
            self.blue,
        )
        self.assertEqual(
            Partner.search(scope + [("crm_attributes.audited", "=", True)]),
            self.blue,
        )
        self.assertEqual(
            Partner.search(
                scope
                + [
                    ("crm_attributes.date_audit", ">=", "2026-01-01"),
                    ("crm_attributes.date_audit", "!=", False),
                ]
            ),
            self.blue,
        )
        self.assertEqual(
            Partner.search(scope + [("crm_attributes.note", "ilike", "e-mail")]),
            self.ann,
        )

    @users("sales_own")
    def test_group_by_attribute(self):
        groups = self.env["res.partner"]._read_group(
            [("id", "in", self.partners.ids)],
            ["crm_attributes.segment"],
            ["__count"],
        )
        self.assertEqual(
            dict(groups), {"key": 2, "small": 1, False: 2}, "Bob and Carl have none"
        )
        # the web client's public API, as the search panel calls it
        web_groups = self.env["res.partner"].web_read_group(
            [("id", "in", self.partners.ids)],
            ["crm_attributes.fleet_size"],
            ["crm_attributes.fleet_size"],
        )["groups"]
        self.assertEqual(
            {
                g["crm_attributes.fleet_size"]: g["crm_attributes.fleet_size_count"]
                for g in web_groups
            },
            {40: 1, 3: 1, False: 3},
        )

    def test_segment_wizard_with_attribute(self):
        campaign = self.env["utm.campaign"].create({"title": "Test Key Accounts"})
        wizard = Form(
            self.env["crm.campaign.segment"].with_context(
                default_campaign_id=campaign.id
            )
        )
        wizard.partner_type = "all"
        wizard.extra_domain = repr(
            [
                ("crm_attributes.segment", "=", "key"),
                ("id", "in", self.partners.ids),
            ]
        )
        self.assertEqual(wizard.match_count, 2)
        wizard.partner_type = "company"
        self.assertEqual(wizard.match_count, 1)
        wizard.save().action_apply()
        self.assertEqual(campaign.member_ids.partner_id, self.ardent)

    @users("sales_own")
    def test_salesperson_sets_values_not_definitions(self):
        partner = self.ardent.with_env(self.env)
        partner.crm_attributes = {"fleet_size": 41}
        self.assertEqual(partner.crm_attributes["fleet_size"], 41)
        values = partner.read(["crm_attributes"])[0]["crm_attributes"]
        values.append(
            {
                "name": "region",
                "string": "Region",
                "type": "char",
                "value": "North",
                "definition_changed": True,
            }
        )
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            partner.write({"crm_attributes": values})

    @users("sales_manager")
    def test_manager_adds_attribute_from_the_contact(self):
        """The properties widget saves a new attribute through the contact: it lands
        on the company's definitions, for every contact."""
        partner = self.ardent.with_env(self.env)
        values = partner.read(["crm_attributes"])[0]["crm_attributes"]
        values.append(
            {
                "name": "region",
                "string": "Region",
                "type": "char",
                "value": "North",
                "definition_changed": True,
            }
        )
        partner.write({"crm_attributes": values})
        definition = self.attribute_set.with_env(self.env).attribute_definition
        self.assertIn("region", [prop["name"] for prop in definition])
        self.assertEqual(partner.crm_attributes["region"], "North")
        carl = self.carl.with_env(self.env).read(["crm_attributes"])[0]
        self.assertIn("region", [prop["name"] for prop in carl["crm_attributes"]])

    @users("employee")
    def test_employee_reads_attributes(self):
        partner = self.ardent.with_env(self.env)
        self.assertEqual(partner.crm_attributes["fleet_size"], 40)
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            self.attribute_set.with_env(self.env).attribute_definition = []

    @users("sales_own")
    def test_origin_source(self):
        fair = self.env["utm.source"].sudo().create({"name": "Test Trade Fair"})
        self.ardent.with_env(self.env).source_id = fair
        self.blue.with_env(self.env).source_id = fair
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("source_id", "=", fair.id)]), self.ardent | self.blue
        )
        self.assertEqual(
            Partner.search([("source_id", "ilike", "trade fair")]),
            self.ardent | self.blue,
        )
        groups = Partner._read_group(
            [("id", "in", self.partners.ids)], ["source_id"], ["__count"]
        )
        self.assertEqual(
            {source.name: count for source, count in groups},
            {"Test Trade Fair": 2, False: 3},
        )

    def test_search_view_offers_attributes(self):
        arch = self.env["res.partner"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        for needle in ('name="crm_attributes"', 'name="group_source"'):
            self.assertIn(needle, arch)

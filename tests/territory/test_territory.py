from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_territory", "crm_suite_security")
class TestTerritory(CrmSuiteCommon):
    """Territories: Belgium (member ``sales_own``), the Netherlands (member
    ``sales_own2``, manager ``sales_leader``), California before the rest of the US.
    Blue Harbour has no country, hence no territory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Territory = cls.env["crm.territory"]
        cls.t_be = Territory.create(
            {
                "name": "Belgium",
                "country_ids": [Command.link(cls.env.ref("base.be").id)],
                "member_ids": [Command.link(cls.sales_own.id)],
            }
        )
        cls.t_nl = Territory.create(
            {
                "name": "Netherlands",
                "country_ids": [Command.link(cls.env.ref("base.nl").id)],
                "member_ids": [Command.link(cls.sales_own2.id)],
                "manager_id": cls.sales_leader.id,
            }
        )
        cls.us = cls.env.ref("base.us")
        cls.t_california = Territory.create(
            {
                "name": "California",
                "sequence": 1,
                "country_ids": [Command.link(cls.us.id)],
                "state_ids": [Command.link(cls._state("CA").id)],
            }
        )
        cls.t_us = Territory.create(
            {
                "name": "United States",
                "sequence": 20,
                "country_ids": [Command.link(cls.us.id)],
            }
        )
        # the common customers predate the territories
        cls.env["res.partner"]._crm_suite_reassign_all_territories(batch_size=2)

        Partner = cls.env["res.partner"]
        cls.nl_corp = Partner.create(
            {
                "name": "Dutch Dykes BV",
                "is_company": True,
                "country_id": cls.env.ref("base.nl").id,
            }
        )
        cls.nl_person = Partner.create(
            {"name": "Daan Dyke", "parent_id": cls.nl_corp.id}
        )
        Lead = cls.env["crm.lead"]
        deal = {"type": "opportunity", "stage_id": cls.stage_new.id}
        cls.lead_be_free = Lead.create(
            {
                **deal,
                "name": "BE unassigned",
                "partner_id": cls.bob.id,
                "user_id": False,
            }
        )
        cls.lead_nl_free = Lead.create(
            {
                **deal,
                "name": "NL unassigned",
                "partner_id": cls.nl_person.id,
                "user_id": False,
            }
        )
        cls.lead_nl_own2 = Lead.create(
            {
                **deal,
                "name": "NL of own2",
                "partner_id": cls.nl_corp.id,
                "user_id": cls.sales_own2.id,
            }
        )
        cls.lead_nl_own = Lead.create(
            {
                **deal,
                "name": "NL of own",
                "partner_id": cls.nl_corp.id,
                "user_id": cls.sales_own.id,
            }
        )
        cls.lead_blue_free = Lead.create(
            {
                **deal,
                "name": "Blue unassigned",
                "partner_id": cls.blue.id,
                "user_id": False,
            }
        )
        cls.all_leads = (
            cls.lead
            | cls.lead_be_free
            | cls.lead_nl_free
            | cls.lead_nl_own2
            | cls.lead_nl_own
            | cls.lead_blue_free
        )
        cls.log_be = cls._class_log(user=cls.sales_own, summary="BE by own")
        cls.log_nl = cls._class_log(
            user=cls.sales_own2, partner_id=cls.nl_corp.id, summary="NL by own2"
        )
        # sales_own2 cannot read sales_own's deal: since issue 13 they cannot log on
        # it either, so the log is written as superuser in their name
        cls.log_nl_on_own_deal = cls._class_log(
            user_id=cls.sales_own2.id,
            partner_id=cls.nl_corp.id,
            lead_id=cls.lead_nl_own.id,
            summary="NL on own's deal",
        )
        cls.log_blue = cls._class_log(
            user=cls.sales_own2, partner_id=cls.blue.id, summary="Blue by own2"
        )
        cls.all_logs = cls.log_be | cls.log_nl | cls.log_nl_on_own_deal | cls.log_blue
        cls.all_partners = (
            cls.ardent
            | cls.ann
            | cls.bob
            | cls.blue
            | cls.carl
            | cls.nl_corp
            | cls.nl_person
        )

    @classmethod
    def _state(cls, code):
        return cls.env["res.country.state"].search(
            [("country_id", "=", cls.env.ref("base.us").id), ("code", "=", code)]
        )

    def _restrict(self, enabled=True):
        self.env["res.config.settings"].create(
            {"group_crm_suite_territory_restricted": enabled}
        ).execute()

    def _visible(self, user, records):
        return records.with_user(user).search([("id", "in", records.ids)])

    # ------------------------------------------------------------
    # assignment
    # ------------------------------------------------------------

    def test_assign_existing_partners_in_batches(self):
        self.assertEqual(self.ardent.crm_territory_id, self.t_be)
        self.assertEqual((self.ann | self.bob).crm_territory_id, self.t_be, "people")
        self.assertFalse((self.blue | self.carl).crm_territory_id, "no country")

    def test_assign_by_country_and_state(self):
        Partner = self.env["res.partner"]
        california = Partner.create(
            {
                "name": "Golden Gate Inc",
                "is_company": True,
                "country_id": self.us.id,
                "state_id": self._state("CA").id,
            }
        )
        texas = Partner.create(
            {
                "name": "Lone Star LLC",
                "is_company": True,
                "country_id": self.us.id,
                "state_id": self._state("TX").id,
            }
        )
        self.assertEqual(california.crm_territory_id, self.t_california, "first wins")
        self.assertEqual(texas.crm_territory_id, self.t_us)
        self.assertEqual(self.nl_corp.crm_territory_id, self.t_nl)
        self.assertEqual(self.nl_person.crm_territory_id, self.t_nl, "a new person")

        # the company moves: its people move along
        self.nl_corp.write({"country_id": self.us.id, "state_id": self._state("CA").id})
        self.assertEqual(self.nl_corp.crm_territory_id, self.t_california)
        self.assertEqual(self.nl_person.crm_territory_id, self.t_california)
        # a person's own address does not decide: the company's does
        self.nl_person.country_id = self.env.ref("base.be")
        self.assertEqual(self.nl_person.crm_territory_id, self.t_california)
        # leaving the company, the person gets a territory of their own
        self.nl_person.parent_id = False
        self.assertEqual(self.nl_person.crm_territory_id, self.t_be)
        # no territory covers France
        texas.write({"country_id": self.env.ref("base.fr").id, "state_id": False})
        self.assertFalse(texas.crm_territory_id)

    def test_set_by_hand(self):
        self.ardent.crm_territory_id = self.t_nl
        self.assertEqual(self.ann.crm_territory_id, self.t_nl, "shared with people")
        self.ardent.phone = "+32 2 555 00 00"
        self.assertEqual(self.ardent.crm_territory_id, self.t_nl, "kept")
        self.env["res.partner"]._crm_suite_reassign_all_territories()
        self.assertEqual(self.ardent.crm_territory_id, self.t_be, "reassigned")

    def test_partner_filter(self):
        industry = self.env["res.partner.industry"].create({"name": "Dykes"})
        self.t_nl.write({"sequence": 1})
        self.env["crm.territory"].create(
            {
                "name": "Dutch dyke builders",
                "sequence": 0,
                "country_ids": [Command.link(self.env.ref("base.nl").id)],
                "partner_domain": f"[('industry_id', '=', {industry.id})]",
            }
        )
        self.nl_corp.industry_id = industry
        self.assertEqual(self.nl_corp.crm_territory_id.name, "Dutch dyke builders")
        with self.assertRaisesRegex(ValidationError, "not a valid condition"):
            self.t_be.partner_domain = "[('no_such_field', '=', 1)]"

    def test_reassign_cost_does_not_grow_with_customers(self):
        Partner = self.env["res.partner"]

        def reassign_queries():
            self.env.flush_all()
            self.env.cr.execute("UPDATE res_partner SET crm_territory_id = NULL")
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Partner._crm_suite_reassign_all_territories()
            return self.cr.sql_log_count - before

        def add_customers(count):
            companies = Partner.create(
                [
                    {
                        "name": f"Brussels Sprouts {index}",
                        "is_company": True,
                        "country_id": self.env.ref("base.be").id,
                    }
                    for index in range(count)
                ]
            )
            Partner.create(
                [{"name": f"Sprout {c.id}", "parent_id": c.id} for c in companies]
            )

        add_customers(3)
        few = reassign_queries()
        add_customers(30)
        self.assertEqual(reassign_queries(), few)
        self.assertEqual(
            Partner.search_count([("name", "=like", "Sprout %")]),
            Partner.search_count(
                [("name", "=like", "Sprout %"), ("crm_territory_id", "=", self.t_be.id)]
            ),
            "the people follow their company",
        )

    def test_reassign_button(self):
        self.ardent.crm_territory_id = False
        self.t_be.with_user(self.sales_manager).action_reassign_partners()
        self.assertEqual(self.ardent.crm_territory_id, self.t_be)

    def test_territory_cost_on_partner_form(self):
        """The territory on the customer form: one query for its display name."""
        partner = self.bob.with_user(self.sales_own)
        spec = {"display_name": {}, "user_id": {"fields": {"display_name": {}}}}

        def queries(spec):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partner.web_read(spec)
            return self.cr.sql_log_count - before

        with_territory = {**spec, "crm_territory_id": {"fields": {"display_name": {}}}}
        queries(with_territory)  # warm up the rules' cache
        extra = queries(with_territory) - queries(spec)
        self.assertEqual(extra, 1)

    # ------------------------------------------------------------
    # restriction
    # ------------------------------------------------------------

    def test_restriction_off_by_default(self):
        self.assertEqual(
            self._visible(self.sales_own, self.all_partners), self.all_partners
        )
        self.assertIn(self.lead_nl_free, self._visible(self.sales_own, self.all_leads))

    def test_salesperson_restricted_to_territory(self):
        self._restrict()
        self.assertTrue(
            self.sales_own.has_group("crm_suite.group_crm_suite_territory_restricted")
        )
        self.assertEqual(
            self._visible(self.sales_own, self.all_partners),
            self.ardent | self.ann | self.bob | self.blue | self.carl,
        )
        self.assertEqual(
            self._visible(self.sales_own, self.all_leads),
            self.lead | self.lead_be_free | self.lead_blue_free | self.lead_nl_own,
            "own deals stay visible outside the territory",
        )
        self.assertEqual(
            self._visible(self.sales_own, self.all_logs),
            self.log_be | self.log_nl_on_own_deal,
        )
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.nl_corp.with_user(self.sales_own).read(["name"])
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.lead_nl_free.with_user(self.sales_own).name = "Taken over"
        # Odoo itself needs these: the colleagues' and the company's partners
        company_partner = self.env.company.partner_id
        self.assertEqual(company_partner.crm_territory_id, self.t_be)
        self.assertTrue(company_partner.with_user(self.sales_own2).read(["name"]))
        self.assertTrue(
            self.sales_own2.partner_id.with_user(self.sales_own).read(["name"])
        )

        self.assertEqual(
            self._visible(self.sales_own2, self.all_leads),
            self.lead_nl_free | self.lead_nl_own2 | self.lead_blue_free,
        )
        self.assertEqual(
            self._visible(self.sales_own2, self.all_partners),
            self.nl_corp | self.nl_person | self.blue | self.carl,
        )

    def test_territory_manager_sees_all_of_territory(self):
        self._restrict()
        self.assertEqual(
            self._visible(self.sales_leader, self.all_leads),
            self.lead_nl_free
            | self.lead_nl_own2
            | self.lead_nl_own
            | self.lead_blue_free,
        )
        self.assertEqual(
            self._visible(self.sales_leader, self.all_logs),
            self.log_nl | self.log_nl_on_own_deal | self.log_blue,
            "team leader of own2's team: the NL logs and the one on Blue",
        )
        self.lead_nl_own.with_user(self.sales_leader).name = "Reviewed by manager"
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.log_be.with_user(self.sales_leader).read(["summary"])

    def test_all_documents_unaffected(self):
        self._restrict()
        for user in (self.sales_all, self.sales_manager):
            self.assertEqual(self._visible(user, self.all_partners), self.all_partners)
            self.assertEqual(self._visible(user, self.all_leads), self.all_leads)
            self.assertEqual(self._visible(user, self.all_logs), self.all_logs)
        self.assertEqual(
            self._visible(self.accountant, self.all_partners), self.all_partners
        )

    def test_restriction_switched_off_again(self):
        self._restrict()
        self.assertNotIn(self.nl_corp, self._visible(self.sales_own, self.all_partners))
        self._restrict(False)
        self.assertFalse(
            self.sales_own.has_group("crm_suite.group_crm_suite_territory_restricted")
        )
        self.assertIn(self.nl_corp, self._visible(self.sales_own, self.all_partners))
        self.assertIn(self.lead_nl_free, self._visible(self.sales_own, self.all_leads))

    def test_membership_change_applies_at_once(self):
        self._restrict()
        self.assertNotIn(
            self.lead_nl_free, self._visible(self.sales_own, self.all_leads)
        )
        self.t_nl.member_ids = [Command.link(self.sales_own.id)]
        self.assertIn(self.lead_nl_free, self._visible(self.sales_own, self.all_leads))

    def test_delegate_outside_own_territory(self):
        """A Dutch delegate works the Belgian deals of the absent colleague."""
        self._restrict()
        today = self.sales_own._crm_suite_today()
        self.env["crm.delegation"].create(
            {
                "user_id": self.sales_own.id,
                "delegate_id": self.sales_own2.id,
                "date_from": today,
                "date_to": today,
            }
        )
        self.assertIn(self.lead, self._visible(self.sales_own2, self.all_leads))
        self.assertIn(self.log_be, self._visible(self.sales_own2, self.all_logs))
        self.assertNotIn(
            self.lead_be_free,
            self._visible(self.sales_own2, self.all_leads),
            "not the rest of the territory",
        )


@tagged("crm_suite", "crm_suite_territory")
class TestTerritoryFormCount(CrmSuiteCommon):
    """Issue 17, item 11: the territory form said '37 record(s)', the count of
    every contact its empty customer filter matches; it now counts the customers
    the territory gets."""

    def _counted(self, territory):
        return self.env["res.partner"].search(
            literal_eval(territory.partner_match_domain)
        )

    def test_count_is_the_territory_match(self):
        territory = self.env["crm.territory"].create(
            {
                "name": "Belgium",
                "country_ids": [Command.link(self.env.ref("base.be").id)],
                "partner_domain": "[]",
            }
        )
        counted = self._counted(territory)
        self.assertIn(self.ardent, counted)
        # its people follow their company: not counted twice
        self.assertNotIn(self.ann, counted)
        self.assertNotIn(self.blue, counted)
        self.assertFalse(counted.filtered(lambda p: p.country_id.code != "BE"))
        self.assertEqual(
            counted,
            self.env["res.partner"].search(
                [
                    ("country_id.code", "=", "BE"),
                    "|",
                    ("is_company", "=", True),
                    ("parent_id", "=", False),
                ]
            ),
        )

    def test_territory_without_place_counts_nobody(self):
        territory = self.env["crm.territory"].create(
            {"name": "Nowhere yet", "partner_domain": "[]"}
        )
        self.assertFalse(self._counted(territory))

    def test_form_counts_with_the_match(self):
        arch = self.env["crm.territory"].get_view(
            self.env.ref("crm_suite.crm_territory_view_form").id, "form"
        )["arch"]
        self.assertIn("'count_field': 'partner_match_domain'", arch)

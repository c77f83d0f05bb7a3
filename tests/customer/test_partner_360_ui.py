from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_customer", "post_install", "-at_install")
class TestPartner360Ui(HttpCase):
    def test_relations_tour(self):
        """A salesperson links a person to a company, sees the relation from both
        sides and records the person's birthday."""
        new_test_user(
            self.env,
            "tour_relations",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "base.group_partner_manager",
            name="Tour Relations",
        )
        Partner = self.env["res.partner"]
        works = Partner.create({"name": "Tour Works", "is_company": True})
        person = Partner.create({"name": "Tour Person"})
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{person.id}",
            "crm_suite_relations_tour",
            login="tour_relations",
        )
        relation = self.env["crm.partner.relation"].search(
            [("left_partner_id", "=", person.id)]
        )
        self.assertRecordValues(
            relation,
            [
                {
                    "type_id": self.env.ref(
                        "crm_suite.crm_partner_relation_type_employee"
                    ).id,
                    "right_partner_id": works.id,
                }
            ],
        )
        self.assertEqual(
            works.relation_all_ids.mapped("name"), ["Employer of"], "seen from both"
        )
        occasion = self.env["crm.partner.occasion"].search(
            [("partner_id", "=", person.id)]
        )
        self.assertRecordValues(
            occasion, [{"kind": "birthday", "date": date(1980, 5, 14)}]
        )

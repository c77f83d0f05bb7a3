from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import AnalysisCommon


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestDealDimensions(AnalysisCommon):
    def test_deal_carries_the_customer_dimensions(self):
        self.assertRecordValues(
            self.deals,
            [
                {
                    "crm_territory_id": self.t_north.id,
                    "partner_industry_id": self.tools.id,
                    "partner_category_ids": self.tag_key.ids,
                },
                {
                    "crm_territory_id": self.t_north.id,
                    "partner_industry_id": self.food.id,
                    "partner_category_ids": self.tag_small.ids,
                },
                {
                    "crm_territory_id": self.t_south.id,
                    "partner_industry_id": self.tools.id,
                    "partner_category_ids": (self.tag_key | self.tag_small).ids,
                },
            ],
        )

    def test_follows_the_customer(self):
        """A deal on a contact takes its company's values, and follows them."""
        deal = self.env["crm.lead"].create(
            {"name": "Ada's deal", "partner_id": self.acme_contact.id}
        )
        self.acme.write(
            {
                "industry_id": self.food.id,
                "crm_territory_id": self.t_south.id,
                "category_id": [Command.set(self.tag_small.ids)],
            }
        )
        self.assertRecordValues(
            deal | self.deal_acme,
            [
                {
                    "crm_territory_id": self.t_south.id,
                    "partner_industry_id": self.food.id,
                    "partner_category_ids": self.tag_small.ids,
                }
            ]
            * 2,
        )
        self.deal_acme.partner_id = self.dune
        self.assertRecordValues(
            self.deal_acme,
            [
                {
                    "crm_territory_id": False,
                    "partner_industry_id": False,
                    "partner_category_ids": [],
                }
            ],
        )

    def test_searchable_and_groupable(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        self.assertEqual(
            Lead.search(
                [
                    ("id", "in", self.deals.ids),
                    ("partner_category_ids", "in", self.tag_small.ids),
                ]
            ),
            self.deal_bolt | self.deal_cora,
        )
        groups = dict(
            Lead._read_group(
                [("id", "in", self.deals.ids)], ["crm_territory_id"], ["__count"]
            )
        )
        self.assertEqual(groups, {self.t_north: 2, self.t_south: 1})

    @users("an_sales_a")
    def test_salesperson_cannot_set_them(self):
        """The territory rules key on the customer's territory: a salesperson must
        not give a deal a territory, industry or tags of its own."""
        deal = self.deal_acme.with_env(self.env)
        for vals in (
            {"crm_territory_id": self.t_south.id},
            {"partner_industry_id": self.food.id},
            {"partner_category_ids": [Command.set(self.tag_small.ids)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                deal.write(vals)
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.env["crm.lead"].create(
                    {"name": "Forced", "partner_id": self.acme.id, **vals}
                )
        self.assertEqual(deal.sudo().crm_territory_id, self.t_north)

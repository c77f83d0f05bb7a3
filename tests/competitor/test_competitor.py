from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


class CompetitorCommon(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.direct = cls.env.ref("crm_suite.crm_competitor_type_direct")
        cls.competition = cls.env.ref("crm_suite.crm_lost_reason_competition")
        cls.officeline, cls.deskdirect = cls.env["crm.competitor"].create(
            [
                {"name": "Test OfficeLine", "type_id": cls.direct.id},
                {"name": "Test DeskDirect", "type_id": cls.direct.id},
            ]
        )
        cls.desk_pro = cls.env["crm.competitor.product"].create(
            {
                "name": "Desk Pro",
                "competitor_id": cls.officeline.id,
                "price_ids": [
                    Command.create({"date": date(2026, 1, 1), "price": 500.0}),
                    Command.create({"date": date(2026, 6, 1), "price": 450.0}),
                ],
            }
        )
        cls.other_desk = cls.env["crm.competitor.product"].create(
            {"name": "Desk Basic", "competitor_id": cls.deskdirect.id}
        )
        cls.lead.write({"expected_revenue": 10000.0, "date_deadline": date(2026, 7, 1)})
        cls.lead2 = cls.env["crm.lead"].create(
            {
                "name": "Blue: meeting room",
                "type": "opportunity",
                "partner_id": cls.blue.id,
                "user_id": cls.sales_own2.id,
                "expected_revenue": 4000.0,
            }
        )

    def _lose(self, leads, competitor, **values):
        wizard = (
            self.env["crm.lead.lost"]
            .with_context(active_ids=leads.ids, active_model="crm.lead")
            .create(
                {
                    "lead_ids": [Command.set(leads.ids)],
                    "lost_reason_id": self.competition.id,
                    "competitor_id": competitor.id if competitor else False,
                    **values,
                }
            )
        )
        return wizard.action_lost_reason_apply()


@tagged("crm_suite", "crm_suite_competitor")
class TestCompetitorPrices(CompetitorCommon):
    def test_price_at_a_date(self):
        self.assertFalse(self.desk_pro._price_at(date(2025, 12, 31)))
        self.assertEqual(self.desk_pro._price_at(date(2026, 1, 1)).price, 500.0)
        self.assertEqual(self.desk_pro._price_at(date(2026, 5, 31)).price, 500.0)
        self.assertEqual(self.desk_pro._price_at(date(2026, 6, 1)).price, 450.0)
        self.assertEqual(self.desk_pro._price_at(date(2030, 1, 1)).price, 450.0)

    def test_prices_of_many_products_in_one_query(self):
        products = self.desk_pro | self.other_desk
        with self.assertQueryCount(1):
            prices = products._prices_at(date(2026, 3, 1))
        self.assertEqual(prices[self.desk_pro.id].price, 500.0)
        self.assertNotIn(self.other_desk.id, prices)

    def test_current_price(self):
        self.assertEqual(self.desk_pro.current_price, 450.0)
        self.assertFalse(self.other_desk.current_price)

    def test_negative_prices_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.desk_pro.price_ids = [Command.create({"price": -1.0})]
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["crm.lead.competitor"].create(
                {
                    "lead_id": self.lead.id,
                    "competitor_id": self.officeline.id,
                    "price": -5,
                }
            )

    def test_product_of_another_competitor_refused(self):
        with self.assertRaisesRegex(ValidationError, "Desk Basic is not a product of"):
            self.env["crm.lead.competitor"].create(
                {
                    "lead_id": self.lead.id,
                    "competitor_id": self.officeline.id,
                    "competitor_product_id": self.other_desk.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "is not a product of"):
            self.env["crm.competitor.usage"].create(
                {
                    "partner_id": self.ardent.id,
                    "competitor_id": self.officeline.id,
                    "competitor_product_id": self.other_desk.id,
                }
            )

    def test_usage_takes_competitor_from_product(self):
        usage = self.env["crm.competitor.usage"].create(
            {"partner_id": self.ardent.id, "competitor_product_id": self.desk_pro.id}
        )
        self.assertEqual(usage.competitor_id, self.officeline)
        self.assertEqual(self.ardent.competitor_usage_ids, usage)
        self.assertEqual(self.officeline.customer_count, 1)

    def test_line_proposes_price_at_deal_date(self):
        with Form(self.env["crm.lead.competitor"]) as line:
            line.lead_id = self.lead
            line.competitor_id = self.officeline
            line.competitor_product_id = self.desk_pro
            self.assertEqual(line.price, 450.0, "price valid on 2026-07-01")

    def test_competitor_once_per_deal(self):
        Line = self.env["crm.lead.competitor"]
        Line.create({"lead_id": self.lead.id, "competitor_id": self.officeline.id})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                Line.create(
                    {"lead_id": self.lead.id, "competitor_id": self.officeline.id}
                )


@tagged("crm_suite", "crm_suite_competitor")
class TestLostToCompetitor(CompetitorCommon):
    @users("sales_own")
    def test_lost_dialog_records_the_winner(self):
        lead = self.lead.with_env(self.env)
        lead.competitor_line_ids = [
            Command.create({"competitor_id": self.officeline.id, "price": 9000.0}),
            Command.create({"competitor_id": self.deskdirect.id, "price": 9500.0}),
        ]
        self._lose(lead, self.officeline, competitor_price=8800.0)
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_reason_id, self.competition)
        officeline_line = lead.competitor_line_ids.filtered(
            lambda line: line.competitor_id == self.officeline
        )
        self.assertEqual(officeline_line.status, "they_won")
        self.assertEqual(officeline_line.price, 8800.0)
        self.assertEqual(officeline_line.revenue_lost, 10000.0)
        self.assertEqual(officeline_line.price_difference, -1200.0)
        other = lead.competitor_line_ids - officeline_line
        self.assertEqual(other.status, "in_play")

    def test_lost_to_competitor_not_yet_on_deal(self):
        self._lose(self.lead, self.deskdirect, competitor_product_id=self.other_desk.id)
        line = self.lead.competitor_line_ids
        self.assertEqual(line.competitor_id, self.deskdirect)
        self.assertEqual(line.competitor_product_id, self.other_desk)
        self.assertEqual(line.status, "they_won")

    def test_competition_reason_needs_the_winner(self):
        with self.assertRaisesRegex(UserError, "say which competitor won"):
            self._lose(self.lead, None)
        self.assertTrue(self.lead.active, "nothing lost")
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            self._lose(self.lead, self.officeline, competitor_price=-10.0)
        with self.assertRaisesRegex(UserError, "is not a product of"):
            self._lose(
                self.lead, self.officeline, competitor_product_id=self.other_desk.id
            )
        self.assertTrue(self.lead.active)

    def test_other_reason_records_no_competitor(self):
        reason = self.env["crm.lost.reason"].create({"name": "Test budget cut"})
        self.env["crm.lead.lost"].create(
            {"lead_ids": [Command.set(self.lead.ids)], "lost_reason_id": reason.id}
        ).action_lost_reason_apply()
        self.assertFalse(self.lead.active)
        self.assertFalse(self.lead.competitor_line_ids)

    def test_won_deal_beats_competitors_in_play(self):
        self.lead.competitor_line_ids = [
            Command.create({"competitor_id": self.officeline.id}),
            Command.create(
                {"competitor_id": self.deskdirect.id, "status": "withdrawn"}
            ),
        ]
        self.lead.action_set_won()
        statuses = dict(
            (line.competitor_id, line.status) for line in self.lead.competitor_line_ids
        )
        self.assertEqual(statuses[self.officeline], "we_won")
        self.assertEqual(statuses[self.deskdirect], "withdrawn")

    def test_competitor_figures(self):
        self.lead.competitor_line_ids = [
            Command.create({"competitor_id": self.officeline.id, "price": 11000.0})
        ]
        self.lead2.competitor_line_ids = [
            Command.create({"competitor_id": self.officeline.id, "price": 3000.0})
        ]
        self.lead.action_set_won()
        self._lose(self.lead2, self.officeline)
        officeline = self.officeline
        officeline.invalidate_recordset()
        self.assertEqual(officeline.deal_count, 2)
        self.assertEqual(officeline.won_count, 1)
        self.assertEqual(officeline.lost_count, 1)
        self.assertEqual(officeline.win_rate, 50.0)
        self.assertEqual(officeline.revenue_lost, 4000.0)
        # (11000 - 10000) and (3000 - 4000): on average even
        self.assertEqual(officeline.avg_price_difference, 0.0)
        self.assertEqual(self.deskdirect.deal_count, 0)
        self.assertEqual(self.deskdirect.win_rate, 0.0)
        groups = self.env["crm.lead.competitor"]._read_group(
            [("competitor_id", "=", officeline.id)],
            ["competitor_id"],
            ["won_count:sum", "lost_count:sum", "revenue_lost:sum"],
        )
        self.assertEqual(groups, [(officeline, 1, 1, 4000.0)])


@tagged("crm_suite", "crm_suite_competitor")
class TestCompetitorCurrency(CompetitorCommon):
    def test_price_converted_at_deal_date(self):
        company = self.env.company
        foreign = self.env["res.currency"].create(
            {"name": "XCT", "symbol": "X", "rounding": 0.01}
        )
        self.env["res.currency.rate"].create(
            [
                # 1 company unit = 2 XCT before July, 4 XCT from July
                {"currency_id": foreign.id, "name": "2026-01-01", "rate": 2.0},
                {"currency_id": foreign.id, "name": "2026-07-01", "rate": 4.0},
            ]
        )
        line = self.env["crm.lead.competitor"].create(
            {
                "lead_id": self.lead.id,
                "competitor_id": self.officeline.id,
                "price": 36000.0,
                "currency_id": foreign.id,
            }
        )
        self.assertEqual(line.date_deal, date(2026, 7, 1))
        self.assertEqual(line.company_currency_id, company.currency_id)
        self.assertAlmostEqual(line.price_company, 9000.0)
        self.assertAlmostEqual(line.price_difference, -1000.0)
        self.lead.date_deadline = date(2026, 3, 1)
        self.assertAlmostEqual(line.price_company, 18000.0, msg="rate of March")
        self.assertAlmostEqual(line.price_difference, 8000.0)


@tagged("crm_suite", "crm_suite_competitor", "crm_suite_security")
class TestCompetitorAccess(CompetitorCommon):
    @users("sales_own")
    def test_salesperson_reads_competitor_base(self):
        officeline = self.officeline.with_env(self.env)
        self.assertEqual(officeline.name, "Test OfficeLine")
        self.assertEqual(
            officeline.product_ids.price_ids.mapped("price"), [450.0, 500.0]
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            officeline.name = "Renamed"
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.competitor"].create({"name": "New"})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            officeline.unlink()
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.desk_pro.with_env(self.env).price_ids = [
                Command.create({"price": 1.0})
            ]

    @users("sales_own")
    def test_salesperson_tracks_competition_on_own_deals(self):
        line = self.env["crm.lead.competitor"].create(
            {"lead_id": self.lead.id, "competitor_id": self.officeline.id, "price": 1.0}
        )
        line.price = 2.0
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.env["crm.lead.competitor"].create(
                {"lead_id": self.lead2.id, "competitor_id": self.officeline.id}
            )

    @users("sales_manager")
    def test_manager_edits_and_deletes(self):
        competitor = self.env["crm.competitor"].create({"name": "Manager's competitor"})
        competitor.name = "Renamed"
        competitor.unlink()
        self.env["crm.competitor.type"].create({"name": "Test type"}).unlink()

    @users("employee")
    def test_employee_without_sales_rights(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.officeline.with_env(self.env).read(["name"])


@tagged("crm_suite", "crm_suite_competitor", "crm_suite_perf")
class TestCompetitorListQueries(CompetitorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        competitors = cls.env["crm.competitor"].create(
            [{"name": f"Perf competitor {index}"} for index in range(20)]
        )
        leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Perf deal {index}",
                    "type": "opportunity",
                    "expected_revenue": 100,
                }
                for index in range(20)
            ]
        )
        cls.env["crm.lead.competitor"].create(
            [
                {
                    "lead_id": lead.id,
                    "competitor_id": competitor.id,
                    "status": "they_won" if index % 2 else "we_won",
                    "price": 90.0,
                }
                for index, lead in enumerate(leads)
                for competitor in competitors[:5]
            ]
        )
        cls.competitors = competitors | cls.officeline | cls.deskdirect
        cls.env.flush_all()

    @users("sales_manager")
    def test_competitor_list_with_figures(self):
        fields_read = [
            "name",
            "type_id",
            "deal_count",
            "won_count",
            "lost_count",
            "win_rate",
            "revenue_lost",
            "avg_price_difference",
            "customer_count",
        ]
        self.competitors.with_env(self.env).read(fields_read)  # warm-up
        self.env.invalidate_all()
        with self.assertQueryCount(sales_manager=8):
            self.competitors.with_env(self.env).read(fields_read)
        self.env.invalidate_all()
        with self.assertQueryCount(sales_manager=8):  # the same for 2 as for 22
            self.competitors[:2].with_env(self.env).read(fields_read)
        self.assertEqual(self.competitors[0].with_env(self.env).deal_count, 20)
        self.assertEqual(self.competitors[0].with_env(self.env).win_rate, 50.0)


@tagged("crm_suite", "crm_suite_competitor", "post_install", "-at_install")
class TestCompetitorReport(CompetitorCommon):
    @users("sales_own")
    def test_competitor_report_renders_figures(self):
        self.lead.competitor_line_ids = [
            Command.create({"competitor_id": self.officeline.id, "price": 9000.0})
        ]
        self._lose(self.lead, self.officeline)
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_competitor", self.officeline.ids
        )
        html = html.decode()
        self.assertIn("Test OfficeLine", html)
        self.assertIn("Desk Pro", html)
        self.assertIn(self.lead.name, html)


class TestWinLossPivot(CompetitorCommon):
    """Issue 17, item 13: the Win/Loss pivot is readable by default and shows the
    deals met and the win rate the README promises."""

    def test_pivot_default_layout(self):
        arch = self.env["crm.lead.competitor"].get_view(
            self.env.ref("crm_suite.crm_lead_competitor_view_pivot").id, "pivot"
        )["arch"]
        self.assertIn('<field name="competitor_id" type="row"/>', arch)
        self.assertNotIn('type="col"', arch)
        for measure in ("deal_met_count", "won_count", "lost_count", "win_rate"):
            self.assertIn(f'<field name="{measure}" type="measure"/>', arch)

    def test_pivot_figures_per_group(self):
        """Deals met counts each deal once; the win rate is over decided deals,
        not an average of the lines; both match the competitor's figures."""
        lead3 = self.env["crm.lead"].create(
            {
                "name": "Ardent: chairs",
                "type": "opportunity",
                "partner_id": self.ardent.id,
            }
        )
        for lead in (self.lead, self.lead2, lead3):
            lead.competitor_line_ids = [
                Command.create({"competitor_id": self.officeline.id}),
                Command.create({"competitor_id": self.deskdirect.id}),
            ]
        self.lead.action_set_won()
        self._lose(self.lead2, self.officeline)
        Line = self.env["crm.lead.competitor"]
        groups = Line.web_read_group(
            [],
            ["deal_met_count:sum", "won_count:sum", "lost_count:sum", "win_rate:avg"],
            ["competitor_id"],
        )["groups"]
        officeline = next(
            group for group in groups if group["competitor_id"][0] == self.officeline.id
        )
        self.assertEqual(officeline["deal_met_count"], 3)
        self.assertEqual(officeline["won_count"], 1)
        self.assertEqual(officeline["lost_count"], 1)
        # one won, one lost, one in play: 50 %, not the 33 % an average would give
        self.assertAlmostEqual(officeline["win_rate"], 50.0)
        # both competitors on the same three deals: three deals met in all
        [(total,)] = Line._read_group(
            [("competitor_id", "in", (self.officeline | self.deskdirect).ids)],
            [],
            ["deal_met_count:sum"],
        )
        self.assertEqual(total, 3)
        self.officeline.invalidate_recordset()
        self.assertEqual(self.officeline.deal_count, 3)
        self.assertEqual(self.officeline.win_rate, 50.0)

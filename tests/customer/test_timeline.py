from datetime import datetime

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_customer", "crm_suite_timeline")
class TestTimeline(CrmSuiteCommon):
    """Ardent Tools' history, one entry a day in June 2026 (newest last):

    1 log of sales_own with Ardent (May 31), 2 log of sales_own with Ann,
    3 stage change of sales_own's deal, 4 log of sales_own2 with Bob,
    5 stage change of sales_own2's deal, 6 deal of sales_own won, 7 deal of
    sales_own lost, 8 campaign response of Ann, 9 invoice to Bob, 10 its payment.
    Blue Harbour has a log of its own on June 20."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_accountant = new_test_user(
            cls.env,
            "sales_accountant",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "account.group_account_invoice",
        )
        cls.log_ardent = cls._class_log(
            user=cls.sales_own, date=datetime(2026, 5, 31, 9), summary="Intro call"
        )
        cls.log_ann = cls._class_log(
            user=cls.sales_own,
            partner_id=cls.ann.id,
            date=datetime(2026, 6, 2, 9),
            summary="Ann asked for prices",
        )
        cls.log_bob = cls._class_log(
            user=cls.sales_own2,
            partner_id=cls.bob.id,
            date=datetime(2026, 6, 4, 9),
            summary="Bob's own talk",
        )
        cls._class_log(
            user=cls.sales_own,
            partner_id=cls.carl.id,
            date=datetime(2026, 6, 20, 9),
            summary="Blue Harbour call",
        )
        Lead = cls.env["crm.lead"]
        cls.lead_other = Lead.create(
            {
                "name": "Ardent: sales_own2's deal",
                "type": "opportunity",
                "partner_id": cls.bob.id,
                "user_id": cls.sales_own2.id,
                "stage_id": cls.stage_new.id,
            }
        )
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        cls.lead_won, cls.lead_lost = Lead.create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": cls.ann.id,
                    "user_id": cls.sales_own.id,
                    "stage_id": cls.stage_new.id,
                    "expected_revenue": revenue,
                }
                for name, revenue in (("Won deal", 3000.0), ("Lost deal", 7000.0))
            ]
        )
        cls._track_stage(cls.lead, cls.stage_proposition, datetime(2026, 6, 3, 9))
        cls._track_stage(cls.lead_other, cls.stage_proposition, datetime(2026, 6, 5, 9))
        # a move to a won stage is the "won" entry, not a stage change
        cls._track_stage(cls.lead_won, cls.won_stage, datetime(2026, 6, 6, 9))
        cls.lead_won.date_closed = datetime(2026, 6, 6, 9)
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Test too expensive"})
        cls.lead_lost.action_set_lost(lost_reason_id=cls.reason.id)
        cls.lead_lost.date_closed = datetime(2026, 6, 7, 9)
        campaign = cls.env["utm.campaign"].create({"title": "Test spring fair"})
        cls.member = cls.env["crm.campaign.member"].create(
            {
                "campaign_id": campaign.id,
                "partner_id": cls.ann.id,
                "status": "accepted",
                "date_response": "2026-06-08",
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.bob.id,
                "invoice_date": "2026-06-09",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Workstations",
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.invoice.action_post()
        cls.payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=cls.invoice.ids)
            .create({"amount": 400.0, "payment_date": "2026-06-10"})
            ._create_payments()
        )

    @classmethod
    def _track_stage(cls, lead, stage, date):
        """Move ``lead`` to ``stage`` with the chatter's tracking on, dated ``date``."""
        Message = cls.env["mail.message"]
        before = Message.search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        # leads created without tracking are excluded from it until the next commit
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        lead.with_context(tracking_disable=False, mail_notrack=False).stage_id = stage
        cls.env.flush_all()
        cls.env.cr.precommit.run()  # tracking values are written at commit time
        messages = (
            Message.search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
            - before
        )
        assert messages.tracking_value_ids, "the stage change was tracked"
        messages.date = date

    def _timeline(self, partner=None, **kwargs):
        return (partner or self.ardent).with_env(self.env).crm_suite_timeline(**kwargs)

    def _keys(self, result):
        return [(e["kind"], e["res_model"], e["res_id"]) for e in result["entries"]]

    def _full_history(self):
        return [
            ("payment", "account.payment", self.payment.id),
            ("invoice", "account.move", self.invoice.id),
            ("campaign", "crm.campaign.member", self.member.id),
            ("lost", "crm.lead", self.lead_lost.id),
            ("won", "crm.lead", self.lead_won.id),
            ("stage", "crm.lead", self.lead_other.id),
            ("contact", "crm.contact.log", self.log_bob.id),
            ("stage", "crm.lead", self.lead.id),
            ("contact", "crm.contact.log", self.log_ann.id),
            ("contact", "crm.contact.log", self.log_ardent.id),
        ]

    @users("sales_accountant")
    def test_order_newest_first_across_kinds(self):
        result = self._timeline()
        self.assertEqual(self._keys(result), self._full_history())
        self.assertFalse(result["has_more"])
        self.assertEqual(
            [k["kind"] for k in result["kinds"]],
            [
                "contact",
                "stage",
                "won",
                "lost",
                "campaign",
                "invoice",
                "payment",
                "ticket",
            ],
        )
        # the newest entry of each kind
        entries = {e["kind"]: e for e in reversed(result["entries"])}
        self.assertEqual(entries["stage"]["title"], "Ardent: sales_own2's deal")
        self.assertEqual(entries["stage"]["subtitle"], "Test New → Test Proposition")
        self.assertEqual(entries["won"]["amount"], 3000.0)
        self.assertIn("Test too expensive", entries["lost"]["subtitle"])
        self.assertEqual(entries["campaign"]["title"], "Test spring fair")
        self.assertEqual(entries["campaign"]["date"], "2026-06-08")
        self.assertTrue(entries["campaign"]["is_day"])
        self.assertEqual(entries["invoice"]["amount"], 1000.0)
        self.assertEqual(entries["payment"]["amount"], 400.0)
        self.assertEqual(entries["contact"]["title"], "Bob's own talk")
        self.assertEqual(entries["contact"]["date"], "2026-06-04 09:00:00")
        self.assertEqual(entries["contact"]["user_name"], self.sales_own2.name)

    @users("sales_accountant")
    def test_person_shows_the_whole_company(self):
        result = self._timeline(self.ann)
        self.assertEqual(self._keys(result), self._full_history())
        self.assertFalse(result["is_entity"])
        self.assertEqual(result["partner_id"], self.ardent.id)

    @users("sales_accountant")
    def test_pagination(self):
        history = self._full_history()
        pages = []
        for offset in range(0, 12, 4):
            page = self._timeline(offset=offset, limit=4)
            pages.append(page)
            self.assertEqual(self._keys(page), history[offset : offset + 4])
        self.assertEqual([p["has_more"] for p in pages], [True, True, False])
        exact = self._timeline(offset=6, limit=4)
        self.assertEqual(len(exact["entries"]), 4)
        self.assertFalse(exact["has_more"], "the last page, exactly full")
        self.assertEqual(self._keys(self._timeline(offset=20)), [])

    @users("sales_accountant")
    def test_kind_filter(self):
        result = self._timeline(kinds=["contact", "won"])
        self.assertEqual(
            self._keys(result),
            [key for key in self._full_history() if key[0] in ("contact", "won")],
        )
        self.assertEqual(len(result["kinds"]), 8, "all chips stay offered")

    @users("sales_accountant")
    def test_date_filter(self):
        result = self._timeline(date_from="2026-06-04", date_to="2026-06-09")
        self.assertEqual(self._keys(result), self._full_history()[1:7])
        result = self._timeline(date_to="2026-06-02")
        self.assertEqual(self._keys(result), self._full_history()[-2:])

    @users("sales_accountant")
    def test_date_filter_in_users_time_zone(self):
        """A log at 23:30 UTC on June 1 happened on June 2 in Brussels."""
        self.env.user.tz = "Europe/Brussels"
        late = self._log(date=datetime(2026, 6, 1, 23, 30), summary="Late call")
        keys = self._keys(self._timeline(date_from="2026-06-02", date_to="2026-06-02"))
        self.assertIn(("contact", "crm.contact.log", late.id), keys)
        keys = self._keys(self._timeline(date_to="2026-06-01"))
        self.assertNotIn(("contact", "crm.contact.log", late.id), keys)

    @users("sales_own")
    def test_salesperson_sees_own_history_only(self):
        result = self._timeline()
        self.assertEqual(
            self._keys(result),
            [
                ("campaign", "crm.campaign.member", self.member.id),
                ("lost", "crm.lead", self.lead_lost.id),
                ("won", "crm.lead", self.lead_won.id),
                ("stage", "crm.lead", self.lead.id),
                ("contact", "crm.contact.log", self.log_ann.id),
                ("contact", "crm.contact.log", self.log_ardent.id),
            ],
            "neither sales_own2's log and deal nor the invoice and payment",
        )
        kinds = [k["kind"] for k in result["kinds"]]
        self.assertNotIn("invoice", kinds, "no accounting rights")
        self.assertNotIn("payment", kinds)
        # asking for them explicitly changes nothing
        self.assertEqual(self._timeline(kinds=["invoice", "payment"])["entries"], [])

    @users("sales_own2")
    def test_other_salesperson_does_not_see_their_colleagues_deals(self):
        keys = self._keys(self._timeline())
        self.assertIn(("stage", "crm.lead", self.lead_other.id), keys)
        self.assertIn(("contact", "crm.contact.log", self.log_bob.id), keys)
        self.assertNotIn(("stage", "crm.lead", self.lead.id), keys)
        self.assertNotIn(("won", "crm.lead", self.lead_won.id), keys)
        self.assertNotIn(("contact", "crm.contact.log", self.log_ann.id), keys)

    @users("accountant")
    def test_accountant_sees_money(self):
        keys = self._keys(self._timeline())
        self.assertIn(("invoice", "account.move", self.invoice.id), keys)
        self.assertIn(("payment", "account.payment", self.payment.id), keys)

    @users("sales_accountant")
    def test_other_company_not_in_timeline(self):
        keys = self._keys(self._timeline(self.blue))
        self.assertEqual(len(keys), 1)
        self.assertEqual(keys[0][0], "contact")

    @users("employee", "portal_user")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_no_sales_rights_refused(self):
        with self.assertRaises(AccessError):
            self._timeline()

    @users("sales_own")
    def test_form_page_reads_no_field(self):
        """The Timeline page holds the widget only: opening a customer reads nothing
        more, the widget fetches its entries itself once the page is opened."""
        views = self.env["res.partner"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        [page] = arch.xpath("//page[@name='crm_suite_timeline']")
        self.assertEqual(
            [node.get("name") for node in page.iter("widget")],
            ["crm_suite_customer_timeline"],
        )
        self.assertFalse(page.xpath(".//field"))

    @users("sales_accountant")
    def test_query_count_is_flat(self):
        self._timeline()  # warm the caches of the groups, rules and fields
        with self.assertQueryCount(sales_accountant=5):
            self.env.invalidate_all()
            self._timeline()
        # many more entries of every kind: the same queries
        self.env["crm.contact.log"].sudo().create(
            [
                {
                    "partner_id": self.bob.id,
                    "summary": f"Bulk {n}",
                    "user_id": self.sales_own.id,
                    "date": datetime(2026, 7, 1 + n % 28, 9),
                }
                for n in range(60)
            ]
        )
        leads = (
            self.env["crm.lead"]
            .sudo()
            .create(
                [
                    {
                        "name": f"Bulk deal {n}",
                        "type": "opportunity",
                        "partner_id": self.ann.id,
                    }
                    for n in range(10)
                ]
            )
        )
        leads.stage_id = self.won_stage
        self.env.invalidate_all()
        with self.assertQueryCount(sales_accountant=5):
            self.env.invalidate_all()
            result = self._timeline(limit=30)
        self.assertEqual(len(result["entries"]), 30)
        self.assertTrue(result["has_more"])

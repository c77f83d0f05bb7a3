from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


class CampaignCommon(CrmSuiteCommon):
    """Adds to CrmSuiteCommon: tag "Campaign Target" on Ardent Tools and Delta Soft
    (Germany); Delta Soft's people Dora (IT Director) and Dirk (Accountant); Ann
    Ardent is "Head of IT director office"; a seminar owned by ``sales_own``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.tag = cls.env["res.partner.category"].create({"name": "Campaign Target"})
        cls.ardent.category_id = cls.tag
        cls.ann.function = "Head of IT Director office"
        cls.bob.function = "Sales"
        cls.delta = Partner.create(
            {
                "name": "Delta Soft",
                "is_company": True,
                "category_id": [Command.link(cls.tag.id)],
                "country_id": cls.env.ref("base.de").id,
                "email": "info@delta.example.com",
            }
        )
        cls.dora = Partner.create(
            {
                "name": "Dora Delta",
                "parent_id": cls.delta.id,
                "function": "it director",
                "email": "dora@delta.example.com",
            }
        )
        cls.dirk = Partner.create(
            {
                "name": "Dirk Delta",
                "parent_id": cls.delta.id,
                "function": "Accountant",
                "email": "dirk@delta.example.com",
            }
        )
        cls.seminar = (
            cls.env["utm.campaign"]
            .with_user(cls.sales_own)
            .create(
                {
                    "title": "Test Seminar",
                    "campaign_type": "seminar",
                    "date_planned_start": date(2026, 5, 5),
                    "date_planned_end": date(2026, 5, 6),
                }
            )
            .sudo(False)
            .with_env(cls.env)
        )

    def _segment(self, campaign=None, **values):
        campaign = campaign or self.seminar.with_env(self.env)
        wizard = self.env["crm.campaign.segment"].create(
            {"campaign_id": campaign.id, **values}
        )
        wizard.action_apply()
        return campaign.member_ids


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignSegment(CampaignCommon):
    @users("sales_own")
    def test_static_segment_by_tag(self):
        members = self._segment(category_ids=[Command.set(self.tag.ids)])
        self.assertEqual(members.partner_id, self.ardent | self.delta)
        self.assertTrue(all(m.status == "targeted" for m in members))
        self.assertFalse(members.filtered("is_from_segment"), "static members")
        self.assertFalse(self.seminar.is_segment_dynamic)

    @users("sales_own")
    def test_filters_narrow_the_match(self):
        wizard = Form(
            self.env["crm.campaign.segment"].with_context(
                default_campaign_id=self.seminar.id
            )
        )
        wizard.category_ids.add(self.tag)
        self.assertEqual(wizard.match_count, 2)
        wizard.country_ids.add(self.env.ref("base.de"))
        self.assertEqual(wizard.match_count, 1)
        wizard.partner_type = "person"
        self.assertEqual(wizard.match_count, 0, "people carry no tag here")

    @users("sales_own")
    def test_no_duplicates(self):
        self.env["crm.campaign.member"].create(
            {"campaign_id": self.seminar.id, "partner_id": self.delta.id}
        )
        members = self._segment(category_ids=[Command.set(self.tag.ids)])
        self.assertEqual(len(members), 2)
        members = self._segment(category_ids=[Command.set(self.tag.ids)])
        self.assertEqual(len(members), 2, "a second run adds nobody")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["crm.campaign.member"].create(
                {"campaign_id": self.seminar.id, "partner_id": self.delta.id}
            )

    def test_members_created_in_batches(self):
        campaign = self.seminar
        query = campaign._segment_partner_query(
            [("category_id", "in", self.tag.ids)], "director, accountant"
        )
        added = campaign._add_segment_members(query, batch_size=1)
        self.assertEqual(added, 3)
        self.assertEqual(
            campaign.member_ids.partner_id, self.ann | self.dora | self.dirk
        )

    @users("sales_own")
    def test_job_positions_pick_people_inside_companies(self):
        members = self._segment(
            category_ids=[Command.set(self.tag.ids)], job_positions="IT DIRECTOR, cio"
        )
        # case-insensitive, contained: Ann's and Dora's positions match; Bob, Dirk
        # and the companies themselves do not
        self.assertEqual(members.partner_id, self.ann | self.dora)

    @users("sales_own")
    def test_job_positions_default_from_campaign(self):
        self.seminar.with_env(self.env).target_job_positions = "Accountant"
        wizard = self.env["crm.campaign.segment"].create(
            {
                "campaign_id": self.seminar.id,
                "category_ids": [Command.set(self.tag.ids)],
            }
        )
        self.assertEqual(wizard.job_positions, "Accountant")
        wizard.action_apply()
        self.assertEqual(self.seminar.member_ids.partner_id, self.dirk)

    def test_history_filters(self):
        self.lead.partner_id = self.delta
        members = self._segment(
            category_ids=[Command.set(self.tag.ids)], history="open_deals"
        )
        self.assertEqual(members.partner_id, self.delta)
        campaign = self.env["utm.campaign"].create({"title": "No deals yet"})
        members = self._segment(
            campaign,
            category_ids=[Command.set(self.tag.ids)],
            history="no_open_deals",
        )
        self.assertEqual(members.partner_id, self.ardent)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.ann.id,
                "invoice_line_ids": [
                    Command.create({"name": "Chairs", "price_unit": 100.0})
                ],
            }
        )
        invoice.action_post()
        campaign = self.env["utm.campaign"].create({"title": "Invoiced"})
        members = self._segment(
            campaign, category_ids=[Command.set(self.tag.ids)], history="invoiced"
        )
        self.assertEqual(members.partner_id, self.ardent, "Ann's company")
        campaign = self.env["utm.campaign"].create({"title": "Never invoiced"})
        members = self._segment(
            campaign, category_ids=[Command.set(self.tag.ids)], history="not_invoiced"
        )
        self.assertEqual(members.partner_id, self.delta)

    def test_last_contact_filter(self):
        self._log(partner_id=self.delta.id, date=datetime(2026, 1, 10, 9, 0))
        members = self._segment(
            category_ids=[Command.set(self.tag.ids)],
            last_contact_after=date(2026, 1, 1),
        )
        self.assertEqual(members.partner_id, self.delta)
        campaign = self.env["utm.campaign"].create({"title": "Forgotten"})
        members = self._segment(
            campaign,
            category_ids=[Command.set(self.tag.ids)],
            last_contact_before=date(2026, 1, 1),
        )
        self.assertEqual(members.partner_id, self.ardent, "never contacted")
        with self.assertRaisesRegex(UserError, "no customer can match"):
            self.env["crm.campaign.segment"].create(
                {
                    "campaign_id": campaign.id,
                    "last_contact_before": date(2026, 1, 1),
                    "last_contact_after": date(2026, 2, 1),
                }
            )

    @users("sales_own")
    def test_dynamic_segment(self):
        campaign = self.seminar.with_env(self.env)
        members = self._segment(
            category_ids=[Command.set(self.tag.ids)], mode="dynamic"
        )
        self.assertTrue(campaign.is_segment_dynamic)
        self.assertIn(str(self.tag.id), campaign.segment_domain)
        self.assertEqual(members.partner_id, self.ardent | self.delta)
        self.assertTrue(all(members.mapped("is_from_segment")))
        # a new match, a member who answered and no longer matches, and one who
        # was never contacted and no longer matches
        newcomer = self.env["res.partner"].create(
            {"name": "Echo Labs", "is_company": True, "category_id": self.tag.ids}
        )
        answered = members.filtered(lambda m: m.partner_id == self.ardent)
        answered.status = "refused"
        (self.ardent | self.delta).sudo().category_id = False
        campaign.action_refresh_segment()
        self.assertEqual(campaign.member_ids.partner_id, self.ardent | newcomer)
        self.assertEqual(answered.status, "refused")
        self.assertTrue(campaign.date_segment_refresh)

    def test_cron_refreshes_running_dynamic_campaigns(self):
        self._segment(category_ids=[Command.set(self.tag.ids)], mode="dynamic")
        ended = self.env["utm.campaign"].create({"title": "Ended"})
        self._segment(ended, category_ids=[Command.set(self.tag.ids)], mode="dynamic")
        ended.write({"date_start": date(2020, 1, 1), "date_end": date(2020, 1, 2)})
        newcomer = self.env["res.partner"].create(
            {"name": "Echo Labs", "is_company": True, "category_id": self.tag.ids}
        )
        self.env["utm.campaign"]._cron_refresh_segments()
        self.assertIn(newcomer, self.seminar.member_ids.partner_id)
        self.assertNotIn(newcomer, ended.member_ids.partner_id, "campaign is over")

    def test_bad_segment_filter(self):
        with self.assertRaisesRegex(ValidationError, "not a valid contact filter"):
            self.seminar.segment_domain = "[('no_such_field', '=', 1)]"
        with self.assertRaisesRegex(ValidationError, "not a valid contact filter"):
            self.seminar.segment_domain = "[('name', '=',"


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignMembers(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result_interested = cls.env["crm.contact.result"].create(
            {"name": "Test interested", "campaign_member_status": "interested"}
        )
        Member = cls.env["crm.campaign.member"]
        cls.member_delta = Member.create(
            {"campaign_id": cls.seminar.id, "partner_id": cls.delta.id}
        )
        cls.member_dora = Member.create(
            {"campaign_id": cls.seminar.id, "partner_id": cls.dora.id}
        )
        cls.member_bob = Member.create(
            {"campaign_id": cls.seminar.id, "partner_id": cls.bob.id}
        )

    @users("sales_own")
    def test_call_result_sets_status(self):
        member = self.member_dora.with_env(self.env)
        action = member.action_log_call()
        # the Log a Call dialog, not the raw contact-log form (issue 17, item 10)
        self.assertEqual(action["res_model"], "crm.contact.log.call")
        self.assertEqual(action["target"], "new")
        context = action["context"]
        self.assertEqual(context["default_partner_id"], self.delta.id)
        self.assertEqual(context["default_contact_id"], self.dora.id)
        wizard = (
            self.env["crm.contact.log.call"]
            .with_context(**context)
            .create(
                {
                    "summary": "Dora will come with a colleague",
                    "result_id": self.result_interested.id,
                }
            )
        )
        self.assertEqual(wizard.campaign_member_id, member)
        self.assertEqual(wizard.partner_id, self.delta)
        wizard.action_confirm()
        log = member.contact_log_ids
        self.assertEqual(log.summary, "Dora will come with a colleague")
        self.assertEqual(log.contact_id, self.dora)
        self.assertEqual(member.status, "interested")
        self.assertEqual(member.date_response, log.date.date())
        self.assertEqual(self.seminar.response_count, 1)

    @users("sales_own")
    def test_result_without_status_leaves_member(self):
        self._log(
            partner_id=self.delta.id,
            campaign_member_id=self.member_delta.id,
            result_id=self.result_none.id,
        )
        self.assertEqual(self.member_delta.status, "targeted")
        self.assertFalse(self.member_delta.date_response)

    @users("sales_own")
    def test_status_set_by_hand_is_dated(self):
        member = self.member_bob.with_env(self.env)
        member.status = "accepted"
        self.assertEqual(member.date_response, fields.Date.context_today(member))

    @users("sales_own")
    def test_convert_interested_members_to_deals(self):
        campaign = self.seminar.with_env(self.env)
        self.member_dora.with_env(self.env).status = "interested"
        self.member_bob.with_env(self.env).status = "refused"
        action = campaign.action_create_leads()
        lead = self.env["crm.lead"].search(action["params"]["next"]["domain"])
        self.assertEqual(len(lead), 1)
        self.assertEqual(self.member_dora.lead_id, lead)
        self.assertEqual(lead.partner_id, self.dora)
        self.assertEqual(lead.campaign_id, campaign)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.user_id, self.sales_own)
        self.assertFalse(self.member_bob.lead_id)
        self.assertEqual(campaign.deal_count, 1)
        with self.assertRaisesRegex(UserError, "No member to convert"):
            campaign.action_create_leads()

    @users("sales_own")
    def test_send_mail(self):
        campaign = self.seminar.with_env(self.env)
        campaign.mail_template_id = self.env.ref(
            "crm_suite.mail_template_campaign_invitation"
        )
        # Bob has no e-mail address, Dirk opted out
        self.env["mail.blacklist"].sudo()._add("dirk@delta.example.com")
        member_dirk = self.env["crm.campaign.member"].create(
            {"campaign_id": campaign.id, "partner_id": self.dirk.id}
        )
        mails_before = self.env["mail.mail"].sudo().search([])
        campaign.action_send_mail()
        mails = self.env["mail.mail"].sudo().search([]) - mails_before
        self.assertEqual(mails.recipient_ids, self.delta | self.dora)
        self.assertTrue(all(mails.mapped("auto_delete")))
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued")
        mail = mails.filtered(lambda m: m.recipient_ids == self.dora)
        self.assertIn("Dear Dora Delta", mail.body_html)
        self.assertEqual(mail.subject, "Invitation: Test Seminar")
        self.assertEqual(self.member_dora.status, "invited")
        self.assertTrue(self.member_dora.date_last_mailing)
        self.assertEqual(self.member_bob.status, "targeted")
        self.assertFalse(member_dirk.date_last_mailing)
        note = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "=", self.dora.id)])
        )
        self.assertIn("Invitation: Test Seminar", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        # the next run mails nobody again
        campaign.action_send_mail()
        self.assertEqual(
            self.env["mail.mail"].sudo().search_count([("id", "not in", mails.ids)]),
            len(mails_before),
        )

    @users("sales_own")
    def test_campaign_mail_skips_answered_members(self):
        campaign = self.seminar.with_env(self.env)
        campaign.mail_template_id = self.env.ref(
            "crm_suite.mail_template_campaign_invitation"
        )
        member_delta = self.member_delta.with_env(self.env)
        member_delta.status = "refused"
        campaign.action_send_mail()
        self.assertTrue(self.member_dora.date_last_mailing)
        self.assertFalse(member_delta.date_last_mailing)
        # selected by hand, the member is mailed and keeps the answer
        member_delta.action_send_mail()
        self.assertTrue(member_delta.date_last_mailing)
        self.assertEqual(member_delta.status, "refused")
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.delta.ids)])
        )
        self.assertEqual(len(mail), 1)

    def test_mail_in_batches(self):
        template = self.env.ref("crm_suite.mail_template_campaign_invitation")
        members = self.member_delta | self.member_dora | self.member_bob
        mails_before = self.env["mail.mail"].search([])
        sent = members._send_campaign_mail(template, batch_size=1)
        self.assertEqual(sent, self.member_delta | self.member_dora, "Bob: no e-mail")
        mails = self.env["mail.mail"].search([]) - mails_before
        self.assertEqual(mails.recipient_ids, self.delta | self.dora)
        self.assertEqual(len(mails), 2, "one e-mail per member")

    @users("sales_own")
    def test_mail_through_composer(self):
        """Odoo's mass-mail composer makes the mails: outgoing mass mails on the
        member, and an address Odoo cannot mail is cancelled, the member not
        counted as invited."""
        campaign = self.seminar.with_env(self.env)
        campaign.mail_template_id = self.env.ref(
            "crm_suite.mail_template_campaign_invitation"
        )
        self.dora.sudo().email = "dora at delta"  # not an address
        mails_before = self.env["mail.mail"].sudo().search([])
        campaign.action_send_mail()
        mails = self.env["mail.mail"].sudo().search([]) - mails_before
        self.assertEqual(
            set(mails.mapped("mail_message_id.message_type")), {"email_outgoing"}
        )
        self.assertEqual(set(mails.mapped("model")), {"crm.campaign.member"})
        to_dora = mails.filtered(lambda m: m.res_id == self.member_dora.id)
        self.assertEqual(
            (to_dora.state, to_dora.failure_type), ("cancel", "mail_email_invalid")
        )
        self.assertEqual(self.member_dora.status, "targeted")
        self.assertFalse(self.member_dora.date_last_mailing)
        to_delta = mails.filtered(lambda m: m.res_id == self.member_delta.id)
        self.assertEqual(to_delta.state, "outgoing")
        self.assertEqual(self.member_delta.status, "invited")

    @users("sales_own")
    def test_send_mail_needs_template(self):
        with self.assertRaisesRegex(UserError, "template"):
            self.seminar.with_env(self.env).action_send_mail()


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignMoney(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "Test Won", "sequence": 90, "is_won": True}
        )
        cls.lead.write({"campaign_id": cls.seminar.id, "expected_revenue": 1000.0})
        cls.lead_lost = cls.env["crm.lead"].create(
            {
                "name": "Delta: lost",
                "type": "opportunity",
                "partner_id": cls.delta.id,
                "campaign_id": cls.seminar.id,
                "expected_revenue": 5000.0,
            }
        )
        cls.lead_lost.action_set_lost()
        cls.env["crm.lead"].create(
            {
                "name": "Delta: open",
                "type": "opportunity",
                "partner_id": cls.delta.id,
                "campaign_id": cls.seminar.id,
                "expected_revenue": 3000.0,
            }
        )
        cls.seminar.sudo().cost_ids = [
            Command.create({"name": "Venue", "amount": 300.0}),
            Command.create({"name": "Catering", "amount": 200.0}),
        ]

    def _pay(self, invoice, amount):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": fields.Date.today()})
            ._create_payments()
        )

    def test_figures_against_invoices_and_payments(self):
        campaign = self.seminar
        self.assertEqual(campaign.actual_cost, 500.0)
        self.assertEqual(campaign.deal_count, 3, "lost deals count as deals")
        self.assertEqual(campaign.won_count, 0)
        self.assertAlmostEqual(campaign.cost_per_lead, 166.67)
        self.assertEqual(campaign.cost_per_won, 0.0)
        self.assertEqual(campaign.roi, -100.0)

        self.lead.action_set_won()
        invoice = self.env["account.move"].browse(
            self.lead.action_create_invoice()["res_id"]
        )
        self.assertEqual(invoice.campaign_id, campaign, "taken from the deal")
        campaign.invalidate_recordset()
        self.assertEqual(campaign.won_count, 1)
        self.assertEqual(campaign.won_revenue, 1000.0)
        self.assertEqual(campaign.cost_per_won, 500.0)
        self.assertEqual(campaign.amount_invoiced, 0.0, "draft invoices do not count")

        invoice.action_post()
        self._pay(invoice, 400.0)
        campaign.invalidate_recordset()
        self.assertEqual(invoice.amount_untaxed, 1000.0)
        self.assertEqual(campaign.amount_invoiced, 1000.0)
        self.assertEqual(campaign.amount_paid, 400.0)
        self.assertEqual(campaign.roi, 100.0, "(1000 - 500) / 500")

        # a credit note of 100 lowers the invoiced revenue
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "date": fields.Date.today()})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(credit_note.campaign_id, campaign)
        credit_note.invoice_line_ids.price_unit = 100.0
        credit_note.action_post()
        campaign.invalidate_recordset()
        self.assertEqual(campaign.amount_invoiced, 900.0)
        self.assertEqual(campaign.roi, 80.0)

    def test_other_campaigns_are_not_mixed(self):
        other = self.env["utm.campaign"].create({"title": "Other"})
        self.assertEqual(other.deal_count, 0)
        self.assertEqual(other.actual_cost, 0.0)
        self.assertEqual((self.seminar | other).mapped("deal_count"), [3, 0])

    def test_member_figures(self):
        Member = self.env["crm.campaign.member"]
        Member.create(
            [
                {"campaign_id": self.seminar.id, "partner_id": partner.id, **values}
                for partner, values in (
                    (self.ardent, {"status": "invited"}),
                    (self.delta, {"status": "accepted"}),
                    (self.dora, {"status": "attended"}),
                    (self.dirk, {"status": "refused"}),
                )
            ]
        )
        campaign = self.seminar
        self.assertEqual(campaign.member_count, 4)
        # every member past "targeted" was invited (issue 17, item 9)
        self.assertEqual(campaign.member_invited_count, 4)
        self.assertEqual(campaign.member_attended_count, 1)
        self.assertEqual(campaign.response_count, 3)
        self.assertEqual(campaign.response_rate, 75.0)

    @users("sales_own")
    def test_salesperson_reads_figures_without_accounting(self):
        self.lead.action_set_won()
        invoice = (
            self.env["account.move"]
            .sudo()
            .browse(self.lead.sudo().action_create_invoice()["res_id"])
        )
        invoice.action_post()
        campaign = self.seminar.with_env(self.env)
        self.assertEqual(campaign.amount_invoiced, 1000.0)
        self.assertEqual(campaign.deal_count, 3, "other salespeople's deals count")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            invoice.with_env(self.env).read(["amount_total"])

    @users("sales_own")
    def test_report_renders(self):
        html = (
            self.env["ir.actions.report"]
            .sudo(False)
            ._render_qweb_html("crm_suite.action_report_campaign", self.seminar.ids)[0]
            .decode()
        )
        self.assertIn("Test Seminar", html)
        self.assertIn("Venue", html)


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignConstraints(CampaignCommon):
    def test_actual_end_before_start(self):
        with (
            self.assertRaisesRegex(ValidationError, "actual end .* is before"),
            self.env.cr.savepoint(),
        ):
            self.seminar.write(
                {"date_start": date(2026, 5, 5), "date_end": date(2026, 5, 4)}
            )
        with (
            self.assertRaisesRegex(ValidationError, "planned end .* is before"),
            self.env.cr.savepoint(),
        ):
            self.seminar.date_planned_end = date(2026, 5, 1)
        self.seminar.write({"date_start": date(2026, 5, 5), "date_end": False})

    def test_negative_amounts(self):
        with (
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.env["crm.campaign.cost"].create(
                {"campaign_id": self.seminar.id, "name": "Refund", "amount": -10.0}
            )
        with (
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.seminar.budget = -1.0
        with (
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.seminar.expected_revenue = -1.0

    def test_form_sums_costs(self):
        with Form(self.env["utm.campaign"]) as form:
            form.title = "Fair"
            with form.cost_ids.new() as line:
                line.name = "Stand"
                line.amount = 700.0
            self.assertEqual(form.actual_cost, 700.0)
        self.assertEqual(form.record.actual_cost, 700.0)


@tagged("crm_suite", "crm_suite_campaign", "crm_suite_security")
class TestCampaignSecurity(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cost = cls.env["crm.campaign.cost"].create(
            {"campaign_id": cls.seminar.id, "name": "Venue", "amount": 300.0}
        )

    @users("sales_own")
    def test_salesperson_does_marketing_work(self):
        campaign = self.env["utm.campaign"].create(
            {"title": "Own mailshot", "campaign_type": "mailshot"}
        )
        campaign.date_planned_start = date(2026, 6, 1)
        member = self.env["crm.campaign.member"].create(
            {"campaign_id": campaign.id, "partner_id": self.delta.id}
        )
        member.status = "interested"
        self._segment(campaign, category_ids=[Command.set(self.tag.ids)])
        self.assertEqual(len(campaign.member_ids), 2)
        member.unlink()

    @users("sales_own")
    def test_salesperson_reads_costs_only(self):
        campaign = self.seminar.with_env(self.env)
        self.assertEqual(campaign.cost_ids.amount, 300.0)
        self.assertFalse(campaign.can_edit_costs)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.cost.with_env(self.env).amount = 1.0
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.campaign.cost"].create(
                {"campaign_id": campaign.id, "name": "Extra", "amount": 1.0}
            )
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            campaign.budget = 1000.0
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            self.env["utm.campaign"].create({"title": "Rich", "budget": 10.0})

    @users("sales_manager")
    def test_manager_sets_budget_and_costs(self):
        campaign = self.seminar.with_env(self.env)
        self.assertTrue(campaign.can_edit_costs)
        campaign.budget = 1000.0
        self.cost.with_env(self.env).amount = 350.0
        self.env["crm.campaign.cost"].create(
            {"campaign_id": campaign.id, "name": "Extra", "amount": 50.0}
        )
        self.assertEqual(campaign.actual_cost, 400.0)
        self.cost.with_env(self.env).unlink()

    @users("employee")
    def test_employee_without_sales_rights(self):
        # Odoo lets every employee edit UTM campaigns; the money and members stay
        # with sales
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            self.seminar.with_env(self.env).budget = 5.0
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.campaign.member"].search([])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.campaign.segment"].create({"campaign_id": self.seminar.id})

    @users("portal_user")
    def test_portal_sees_nothing(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.campaign.member"].search([])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["crm.campaign.cost"].search([])


@tagged("crm_suite", "crm_suite_campaign", "crm_suite_perf")
class TestCampaignQueries(CampaignCommon):
    """The comparison list reads its figures in a fixed number of queries."""

    FIGURES = [
        "title",
        "campaign_type",
        "member_count",
        "response_rate",
        "deal_count",
        "won_count",
        "won_revenue",
        "amount_invoiced",
        "amount_paid",
        "actual_cost",
        "cost_per_lead",
        "cost_per_won",
        "roi",
    ]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaigns = cls.env["utm.campaign"].create(
            [{"title": f"Campaign {index}"} for index in range(20)]
        )
        cls.env["crm.campaign.member"].create(
            [
                {"campaign_id": campaign.id, "partner_id": partner.id}
                for campaign in cls.campaigns
                for partner in cls.ardent | cls.delta | cls.dora
            ]
        )
        cls.env["crm.lead"].create(
            [
                {"name": f"Deal {c.title}", "campaign_id": c.id, "type": "opportunity"}
                for c in cls.campaigns
            ]
        )
        cls.env["crm.campaign.cost"].create(
            [
                {"campaign_id": c.id, "name": "Cost", "amount": 10.0}
                for c in cls.campaigns
            ]
        )
        cls.env.flush_all()

    def _read_queries(self, campaigns):
        campaigns = campaigns.with_env(self.env)
        campaigns.invalidate_model()
        start = self.env.cr.sql_log_count
        values = campaigns.read(self.FIGURES)
        return self.env.cr.sql_log_count - start, values

    @users("sales_own")
    def test_comparison_fixed_queries(self):
        self._read_queries(self.campaigns[:1])  # warm-up
        with self.assertQueryCount(sales_own=6):
            self._read_queries(self.campaigns[:1])
        with self.assertQueryCount(sales_own=6):
            __, values = self._read_queries(self.campaigns)
        self.assertEqual(len(values), 20)
        self.assertTrue(all(v["deal_count"] == 1 for v in values))
        self.assertTrue(all(v["member_count"] == 3 for v in values))
        self.assertTrue(all(v["cost_per_lead"] == 10.0 for v in values))

from ast import literal_eval

from odoo import Command
from odoo.tests import tagged, users

from .test_campaign import CampaignCommon


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignFiguresWalkthrough(CampaignCommon):
    """Issue 17, item 9: the campaign's figures as a new user reads them."""

    @users("sales_own")
    def test_invited_counts_every_invitation(self):
        """'Invited 5' after 9 invitations: answering must not undo the
        invitation; a mailed member still targeted counts too."""
        campaign = self.seminar.with_env(self.env)
        Member = self.env["crm.campaign.member"]
        partners = self.env["res.partner"].create(
            [{"name": f"Guest {index}"} for index in range(6)]
        )
        statuses = ["invited", "invited", "accepted", "refused", "attended", "targeted"]
        members = Member.create(
            [
                {"campaign_id": campaign.id, "partner_id": partner.id, "status": status}
                for partner, status in zip(partners, statuses, strict=True)
            ]
        )
        # mailed, but the mail queue has not changed its status yet
        members[-1].sudo().date_last_mailing = "2026-04-01 10:00:00"
        Member.create({"campaign_id": campaign.id, "partner_id": self.delta.id})
        campaign.invalidate_recordset()
        self.assertEqual(campaign.member_count, 7)
        self.assertEqual(campaign.member_invited_count, 6)
        self.assertEqual(campaign.response_count, 3)

    @users("sales_own")
    def test_create_deals_warns_about_zero_revenue(self):
        """'Create Deals' made $0 deals silently: it now says so and opens them."""
        campaign = self.seminar.with_env(self.env)
        member = self.env["crm.campaign.member"].create(
            {
                "campaign_id": campaign.id,
                "partner_id": self.delta.id,
                "status": "accepted",
            }
        )
        action = campaign.action_create_leads()
        self.assertEqual(action["tag"], "display_notification")
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertIn("without an expected revenue", params["message"])
        self.assertEqual(params["next"]["domain"], [("id", "in", member.lead_id.ids)])

    def test_form_shows_one_deals_button_and_stage_bar_on_mailshots(self):
        """Duplicate Deals/Opportunities buttons; the e-mail stage bar on a
        seminar."""
        arch = self.env["utm.campaign"].get_view(
            self.env.ref("utm.utm_campaign_view_form").id, "form"
        )["arch"]
        self.assertIn('name="action_view_deals"', arch)
        self.assertRegex(
            arch,
            r'<button name="action_redirect_to_leads_opportunities"[^>]*'
            r'invisible="1"',
        )
        self.assertRegex(
            arch,
            r"<field name=\"stage_id\"[^>]*invisible=\"campaign_type not in "
            r"\('mailshot', 'other'\)\"",
        )

    @users("sales_own")
    def test_refresh_segment_gives_feedback(self):
        campaign = self.seminar.with_env(self.env)
        campaign.write(
            {
                "is_segment_dynamic": True,
                "segment_domain": repr([("category_id", "in", self.tag.ids)]),
            }
        )
        action = campaign.action_refresh_segment()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("2 member(s) added, 0 removed", action["params"]["message"])


@tagged("crm_suite", "crm_suite_campaign")
class TestCampaignResponsesWalkthrough(CampaignCommon):
    """Issue 17, item 10: recording the answers."""

    @users("sales_own")
    def test_kanban_shows_every_status_in_order(self):
        self.env["crm.campaign.member"].create(
            [
                {"campaign_id": self.seminar.id, "partner_id": self.delta.id},
                {
                    "campaign_id": self.seminar.id,
                    "partner_id": self.dora.id,
                    "status": "refused",
                },
            ]
        )
        groups = self.env["crm.campaign.member"].web_read_group(
            [("campaign_id", "=", self.seminar.id)], ["status"], ["status"]
        )["groups"]
        self.assertEqual(
            [group["status"] for group in groups],
            [
                "targeted",
                "invited",
                "interested",
                "accepted",
                "refused",
                "attended",
                "no_show",
            ],
        )

    def test_status_editable_in_members_list_and_tab(self):
        """The badge widget made the status read-only in the editable lists."""
        Member = self.env["crm.campaign.member"]
        list_arch = Member.get_view(
            self.env.ref("crm_suite.crm_campaign_member_view_list").id, "list"
        )["arch"]
        form_arch = self.env["utm.campaign"].get_view(
            self.env.ref("utm.utm_campaign_view_form").id, "form"
        )["arch"]
        for arch in (list_arch, form_arch):
            status = arch[arch.index('<field name="status"') :]
            status = status[: status.index(">")]
            self.assertNotIn("widget=", status)
            self.assertNotIn("readonly", status)

    def test_shipped_results_set_member_statuses(self):
        shipped = self.env["crm.contact.result"].browse(
            self.env.ref(f"crm_suite.crm_contact_result_campaign_{name}").id
            for name in ("interested", "accepted", "refused", "attended", "no_show")
        )
        self.assertEqual(
            set(shipped.mapped("campaign_member_status")),
            {"interested", "accepted", "refused", "attended", "no_show"},
        )

    @users("sales_own")
    def test_shipped_result_answers_through_log_a_call(self):
        member = self.env["crm.campaign.member"].create(
            {"campaign_id": self.seminar.id, "partner_id": self.delta.id}
        )
        action = member.action_log_call()
        wizard = (
            self.env["crm.contact.log.call"]
            .with_context(**action["context"])
            .create(
                {
                    "result_id": self.env.ref(
                        "crm_suite.crm_contact_result_campaign_accepted"
                    ).id
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(member.status, "accepted")
        self.assertEqual(member.contact_log_ids.partner_id, self.delta)


@tagged("crm_suite", "crm_suite_campaign")
class TestSegmentCountWalkthrough(CampaignCommon):
    """Issue 17, item 11: the counts next to a segment say what it adds."""

    @users("sales_own")
    def test_wizard_domain_counts_what_is_added(self):
        """The filter's 'N record(s)' counted every contact while 'N contacts
        match' counted the job positions: the widget now counts ``domain``."""
        wizard = self.env["crm.campaign.segment"].create(
            {
                "campaign_id": self.seminar.id,
                "category_ids": [Command.set(self.tag.ids)],
                "job_positions": "IT director",
            }
        )
        Partner = self.env["res.partner"]
        matched = Partner.search(literal_eval(wizard.domain))
        self.assertEqual(matched, self.ann | self.dora)
        self.assertEqual(wizard.match_count, 2)
        wizard.action_apply()
        self.assertEqual(self.seminar.member_ids.partner_id, matched)

    @users("sales_own")
    def test_dynamic_segment_count_keeps_job_positions(self):
        campaign = self.seminar.with_env(self.env)
        self.env["crm.campaign.segment"].create(
            {
                "campaign_id": campaign.id,
                "mode": "dynamic",
                "category_ids": [Command.set(self.tag.ids)],
                "job_positions": "IT director",
            }
        ).action_apply()
        Partner = self.env["res.partner"]
        counted = Partner.search(literal_eval(campaign.segment_match_domain))
        self.assertEqual(counted, self.ann | self.dora)
        self.assertEqual(counted, campaign.member_ids.partner_id)
        # the stored filter alone would count the two companies
        self.assertEqual(
            Partner.search(literal_eval(campaign.segment_domain)),
            self.ardent | self.delta,
        )

    def test_views_count_with_the_full_domain(self):
        wizard_arch = self.env["crm.campaign.segment"].get_view(
            self.env.ref("crm_suite.crm_campaign_segment_view_form").id, "form"
        )["arch"]
        self.assertIn("'count_field': 'domain'", wizard_arch)
        campaign_arch = self.env["utm.campaign"].get_view(
            self.env.ref("utm.utm_campaign_view_form").id, "form"
        )["arch"]
        self.assertIn("'count_field': 'segment_match_domain'", campaign_arch)

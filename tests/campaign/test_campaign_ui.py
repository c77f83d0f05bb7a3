from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("crm_suite", "crm_suite_campaign", "post_install", "-at_install")
class TestCampaignUi(HttpCase):
    def test_campaign_tour(self):
        """Build a segment, invite, record a response, convert it into a deal."""
        user = new_test_user(
            self.env,
            "tour_marketing",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Tour Marketer",
            email="marketer@example.com",
        )
        tag = self.env["res.partner.category"].create({"name": "Tour Target"})
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Company",
                "is_company": True,
                "email": "tour@example.com",
                "category_id": tag.ids,
            }
        )
        self.env["crm.contact.result"].create(
            {"name": "Tour interested", "campaign_member_status": "interested"}
        )
        campaign = self.env["utm.campaign"].create(
            {
                "title": "Tour Seminar",
                "campaign_type": "seminar",
                "user_id": user.id,
                "mail_template_id": self.env.ref(
                    "crm_suite.mail_template_campaign_invitation"
                ).id,
            }
        )
        self.start_tour(
            f"/odoo/utm.campaign/{campaign.id}",
            "crm_suite_campaign_tour",
            login=user.login,
        )
        member = campaign.member_ids
        self.assertEqual(member.partner_id, partner)
        self.assertEqual(member.status, "interested")
        self.assertTrue(member.date_last_mailing)
        self.assertEqual(member.contact_log_ids.result_id.name, "Tour interested")
        self.assertEqual(member.lead_id.campaign_id, campaign)
        self.assertEqual(member.lead_id.partner_id, partner)
        self.assertEqual(member.lead_id.user_id, user)

    def test_campaign_views_tour(self):
        """The campaign views, the comparison and the members kanban open."""
        new_test_user(
            self.env,
            "tour_marketing_manager",
            groups="base.group_user,sales_team.group_sale_manager",
            name="Tour Marketing Manager",
        )
        today = fields.Date.context_today(self.env["utm.campaign"])
        campaign = self.env["utm.campaign"].create(
            {
                "title": "Views Seminar",
                "campaign_type": "seminar",
                "date_planned_start": today,
                "date_planned_end": today,
            }
        )
        partners = self.env["res.partner"].create(
            [{"name": "Views Member"}, {"name": "Views Other"}]
        )
        self.env["crm.campaign.member"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": partners[0].id,
                    "status": "accepted",
                },
                {"campaign_id": campaign.id, "partner_id": partners[1].id},
            ]
        )
        self.start_tour(
            "/odoo/action-crm_suite.utm_campaign_action_marketing",
            "crm_suite_campaign_views_tour",
            login="tour_marketing_manager",
        )


@tagged("crm_suite", "crm_suite_campaign", "post_install", "-at_install")
class TestCampaignWalkthroughUi(HttpCase):
    """Issue 17, items 9 and 10, on the screen: the seminar form without stage
    bar nor duplicate button, undefined ratios left empty, every invitation
    counted, the answer edited in the Members tab and logged from a member row."""

    def test_campaign_walkthrough_tour(self):
        user = new_test_user(
            self.env,
            "tour_walk_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
            name="Walk Salesperson",
        )
        guest, caller = self.env["res.partner"].create(
            [{"name": "Walk Guest"}, {"name": "Walk Caller"}]
        )
        campaign = self.env["utm.campaign"].create(
            {"title": "Walk Seminar", "campaign_type": "seminar", "user_id": user.id}
        )
        members = self.env["crm.campaign.member"].create(
            [
                {
                    "campaign_id": campaign.id,
                    "partner_id": guest.id,
                    "status": "invited",
                },
                {
                    "campaign_id": campaign.id,
                    "partner_id": caller.id,
                    "status": "interested",
                },
            ]
        )
        self.start_tour(
            f"/odoo/utm.campaign/{campaign.id}",
            "crm_suite_campaign_walkthrough_tour",
            login=user.login,
        )
        self.assertEqual(members.mapped("status"), ["accepted", "accepted"])
        self.assertEqual(
            members[1].contact_log_ids.result_id,
            self.env.ref("crm_suite.crm_contact_result_campaign_accepted"),
        )

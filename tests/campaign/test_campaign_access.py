from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_campaign import CampaignCommon

RULE_LOGGER = "odoo.addons.base.models.ir_rule"


@tagged("crm_suite", "crm_suite_campaign", "crm_suite_security", "crm_suite_access")
class TestCampaignAccess(CampaignCommon):
    """Issue 13: a salesperson added any partner id as a member and read its e-mail
    through the member's related fields; a dynamic segment saved by anyone was re-run
    nightly as superuser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.foreign = cls.env["res.partner"].create(
            {
                "name": "Foreign Target",
                "is_company": True,
                "email": "secret@foreign.example.com",
                "phone": "+32 2 555 00 00",
                "company_id": cls.other_company.id,
                "category_id": [Command.link(cls.tag.id)],
            }
        )

    def test_member_of_another_company_partner_refused(self):
        Member = self.env["crm.campaign.member"].with_user(self.sales_own)
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            Member.create(
                {"campaign_id": self.seminar.id, "partner_id": self.foreign.id}
            )
        member = Member.create(
            {"campaign_id": self.seminar.id, "partner_id": self.delta.id}
        )
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            member.partner_id = self.foreign
        self.assertEqual(member.email, "info@delta.example.com")

    def test_nightly_refresh_runs_as_the_author(self):
        wizard = (
            self.env["crm.campaign.segment"]
            .with_user(self.sales_own)
            .create(
                {
                    "campaign_id": self.seminar.id,
                    "category_ids": [Command.set(self.tag.ids)],
                    "mode": "dynamic",
                }
            )
        )
        wizard.action_apply()
        self.assertEqual(self.seminar.segment_user_id, self.sales_own)
        self.env["utm.campaign"]._cron_refresh_segments()
        self.assertEqual(self.seminar.member_ids.partner_id, self.ardent | self.delta)
        self.assertNotIn(self.foreign, self.seminar.member_ids.partner_id)

    def test_segment_author_not_set_by_hand(self):
        with self.assertRaises(AccessError):
            self.seminar.with_user(self.sales_own).write(
                {"segment_user_id": self.sales_manager.id}
            )
        self.seminar.with_user(self.sales_own).segment_domain = "[]"
        self.assertEqual(self.seminar.segment_user_id, self.sales_own)

    def test_segment_wizard_private(self):
        wizard = (
            self.env["crm.campaign.segment"]
            .with_user(self.sales_own)
            .create({"campaign_id": self.seminar.id})
        )
        self.env.invalidate_all()
        with self.assertRaises(AccessError), mute_logger(RULE_LOGGER):
            wizard.with_user(self.sales_own2).read(["campaign_id"])

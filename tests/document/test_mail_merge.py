import io

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from ..common import CrmSuiteCommon

BODY = (
    '<p class="o_salutation" t-out="object.partner_id.crm_letter_salutation"/>'
    '<p t-out="object.partner_id.crm_letter_address"/>'
    "<p>Welcome to our seminar.</p>"
)
FAILED_LOGGERS = (
    "odoo.addons.crm_suite.models.document.crm_mail_merge",
    "odoo.addons.base.models.ir_qweb",
    "odoo.addons.mail.models.mail_render_mixin",
    "odoo.addons.base.models.ir_actions_report",
)


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestMailMerge(CrmSuiteCommon, HttpCase):
    """A mail merge prints one letter per member (or customer) in one PDF, in the
    background: the cron renders batches, logs a Letter contact per recipient and
    merges the batches. HttpCase: wkhtmltopdf fetches the report's styles from the
    test server, which must see the test transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.Template = cls.env["crm.document.template"]
        cls.template = cls.Template.create(
            {
                "name": "Seminar letter",
                "kind": "letter",
                "res_model": "crm.campaign.member",
                "body_html": BODY,
            }
        )
        cls.template.with_context(lang="fr_FR").body_html = BODY.replace(
            "Welcome to our seminar.", "Bienvenue à notre séminaire."
        )
        Partner = cls.env["res.partner"]
        cls.recipients = Partner.create(
            [
                {
                    "name": f"Merge Person {i}",
                    "parent_id": cls.ardent.id if i % 2 else False,
                    "street": f"{i} Merge Road",
                    "zip": "1000",
                    "city": "Brussels",
                    "country_id": cls.env.ref("base.be").id,
                    "lang": "fr_FR" if i == 4 else "en_US",
                }
                for i in range(5)
            ]
        )
        cls.campaign = cls.env["utm.campaign"].create(
            {"title": "Autumn seminar", "user_id": cls.sales_own.id}
        )
        cls.members = cls.env["crm.campaign.member"].create(
            [
                {"campaign_id": cls.campaign.id, "partner_id": partner.id}
                for partner in cls.recipients
            ]
        )
        cls.letter = cls.env.ref("crm_suite.mail_activity_type_letter")

    def _merge(self, user=None, **values):
        values.setdefault("template_id", self.template.id)
        values.setdefault("campaign_id", self.campaign.id)
        Merge = self.env["crm.mail.merge"]
        if user:
            Merge = Merge.with_user(user)
        return Merge.create(values)

    # Debian's wkhtmltopdf is built on an unpatched Qt: Odoo warns that it ignores
    # the header/footer switches
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def _run_cron(self, batch_size=10, limit=20):
        """Call the cron as Odoo's runner does, until it reports nothing left."""
        Merge = self.env["crm.mail.merge"].with_context(force_report_rendering=True)
        for __ in range(limit):
            Merge._cron_run_mail_merge(batch_size=batch_size)
            if not Merge._remaining_steps():
                return
        self.fail("the mail merge cron did not finish")

    def _pages(self, merge):
        reader = PdfFileReader(io.BytesIO(merge.attachment_id.raw), strict=False)
        # wkhtmltopdf separates the words with tabs
        return [" ".join(page.extract_text().split()) for page in reader.pages]

    def _logs(self):
        return self.env["crm.contact.log"].search(
            [("campaign_member_id", "in", self.members.ids)]
        )

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_merge_one_page_per_member(self):
        """5 members in batches of 2: 3 batches then the merge; the PDF has 5
        pages, each with its member's salutation and address, in member order."""
        merge = self._merge(user=self.sales_own)
        merge.action_start()
        self.assertEqual(merge.state, "queued")
        self.assertEqual(merge.total_count, 5)
        self.assertEqual(merge.member_ids, self.members)
        Merge = self.env["crm.mail.merge"].with_context(force_report_rendering=True)
        Merge._cron_run_mail_merge(batch_size=2)
        self.assertRecordValues(merge, [{"state": "running", "done_count": 2}])
        self.assertEqual(len(merge.batch_attachment_ids), 1)
        self.assertEqual(merge.progress, 40.0)
        self._run_cron(batch_size=2)
        self.assertRecordValues(
            merge, [{"state": "done", "done_count": 5, "progress": 100.0}]
        )
        self.assertFalse(merge.batch_attachment_ids, "the batches are deleted")
        pages = self._pages(merge)
        self.assertEqual(len(pages), 5)
        for page, member in zip(pages, self.members, strict=True):
            partner = member.partner_id
            self.assertIn(partner._crm_letter_salutation(), page)
            for line in partner._crm_letter_address():
                self.assertIn(line, page)
        # the requester is told, in their inbox
        message = merge.message_ids[:1]
        self.assertIn(self.sales_own.partner_id, message.partner_ids)
        self.assertIn("5 letters", message.body)

    def test_letter_in_recipient_language(self):
        """Each letter is in its recipient's language."""
        merge = self._merge()
        merge.action_start()
        self._run_cron(batch_size=10)
        pages = self._pages(merge)
        self.assertIn("Bienvenue", pages[4])
        self.assertNotIn("Welcome", pages[4])
        self.assertIn("Welcome", pages[0])

    def test_contact_log_per_member(self):
        """Each member's letter is logged once, as a Letter by the requester, on
        the member's customer (the company of a contact person)."""
        merge = self._merge(user=self.sales_own)
        merge.action_start()
        self._run_cron()
        logs = self._logs()
        self.assertEqual(len(logs), 5)
        self.assertEqual(logs.campaign_member_id, self.members)
        self.assertEqual(logs.activity_type_id, self.letter)
        self.assertEqual(logs.user_id, self.sales_own)
        person = self.members[1]
        log = logs.filtered(lambda log: log.campaign_member_id == person)
        self.assertEqual(log.partner_id, self.ardent)
        self.assertEqual(log.contact_id, person.partner_id)

    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_cron_twice_no_duplicates(self):
        """Running the cron again after the merge (or a second worker) adds no
        log, page or result."""
        merge = self._merge()
        merge.action_start()
        self._run_cron()
        result = merge.attachment_id
        Merge = self.env["crm.mail.merge"].with_context(force_report_rendering=True)
        Merge._cron_run_mail_merge(batch_size=2)
        Merge._cron_run_mail_merge(batch_size=2)
        self.assertEqual(len(self._logs()), 5)
        self.assertEqual(merge.attachment_id, result)
        self.assertEqual(len(self._pages(merge)), 5)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", "crm.mail.merge"), ("res_id", "=", merge.id)]
            ),
            1,
        )

    def test_selection_of_members_and_customers(self):
        """A merge of selected members prints only them; a template on customers
        prints a letter per selected customer."""
        merge = self.members[:2].with_user(self.sales_own).action_mail_merge()
        self.assertEqual(
            merge["context"]["default_member_ids"], [Command.set(self.members[:2].ids)]
        )
        merge = self._merge(member_ids=[Command.set(self.members[:2].ids)])
        merge.action_start()
        self._run_cron()
        self.assertEqual(len(self._pages(merge)), 2)
        customer_template = self.Template.create(
            {
                "name": "Customer letter",
                "kind": "letter",
                "res_model": "res.partner",
                "body_html": '<p t-out="object.crm_letter_salutation"/>',
            }
        )
        merge = self._merge(
            template_id=customer_template.id,
            campaign_id=False,
            partner_ids=[Command.set((self.ardent | self.blue).ids)],
        )
        merge.action_start()
        self._run_cron()
        self.assertEqual(merge.state, "done")
        self.assertEqual(len(self._pages(merge)), 2)
        logs = self.env["crm.contact.log"].search(
            [
                ("activity_type_id", "=", self.letter.id),
                ("summary", "ilike", "Customer letter"),
            ]
        )
        self.assertEqual(logs.partner_id, self.ardent | self.blue)

    @mute_logger(*FAILED_LOGGERS)
    def test_failed_render(self):
        """A template broken after the start (its body edited in the database)
        fails the merge with the reason; nothing of the failed batch is kept."""
        merge = self._merge(user=self.sales_own)
        merge.action_start()
        self.env.cr.execute(
            "UPDATE crm_document_template SET body_html = %s WHERE id = %s",
            ['{"en_US": "<p t-out=\\"object.no_such_field\\"/>"}', self.template.id],
        )
        self.env.invalidate_all()
        self._run_cron()
        self.assertEqual(merge.state, "failed")
        self.assertIn("no_such_field", merge.error_message)
        self.assertFalse(merge.batch_attachment_ids)
        self.assertFalse(self._logs())
        self.assertEqual(merge.done_count, 0)

    def test_merge_is_the_requesters(self):
        """Another salesperson neither sees the merge nor downloads its PDF."""
        merge = self._merge(user=self.sales_own)
        merge.action_start()
        self._run_cron()
        other = merge.with_user(self.sales_own2)
        with self.assertRaises(AccessError):
            other.read(["name"])
        with self.assertRaises(AccessError):
            merge.attachment_id.with_user(self.sales_own2).read(["datas"])
        self.assertTrue(merge.attachment_id.with_user(self.sales_own).datas)
        self.assertFalse(
            self.env["crm.mail.merge"].with_user(self.sales_own2).search([])
        )
        with self.assertRaises(AccessError):
            self._merge(user=self.employee)

    def test_unreadable_contacts_are_skipped(self):
        """The letters are the requester's: a member whose contact belongs to a
        company the salesperson is not in gets no letter."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        hidden = self.env["res.partner"].create(
            {"name": "Hidden Person", "company_id": other_company.id}
        )
        self.env["crm.campaign.member"].create(
            {"campaign_id": self.campaign.id, "partner_id": hidden.id}
        )
        merge = self._merge(user=self.sales_own)
        merge.action_start()
        self.assertEqual(merge.total_count, 5)
        self.assertEqual(merge.skipped_count, 1)
        self._run_cron()
        self.assertEqual(len(self._pages(merge)), 5)

    def test_invitation_uses_salutation(self):
        """The campaign invitation e-mail opens with the letters' salutation."""
        member = self.members[0]
        member.partner_id.crm_salutation = "Dear Professor Zero,"
        template = self.env.ref("crm_suite.mail_template_campaign_invitation")
        body = template._render_field("body_html", member.ids)[member.id]
        self.assertIn("Dear Professor Zero,", body)
        self.assertNotIn("Dear Merge Person 0", body)

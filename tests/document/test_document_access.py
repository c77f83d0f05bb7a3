from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DocumentCommon


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestDocumentAccess(DocumentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = (
            cls.env["crm.document"]
            .with_user(cls.sales_own)
            ._generate(
                cls.proposal.with_user(cls.sales_own), cls.lead.with_user(cls.sales_own)
            )
        )

    def test_other_salesperson_sees_neither_document_nor_pdf(self):
        other = self.sales_own2
        Document = self.env["crm.document"].with_user(other)
        self.assertFalse(Document.search([("id", "=", self.document.id)]))
        with self.assertRaises(AccessError):
            self.document.with_user(other).read(["name"])
        attachment = self.document.attachment_id.with_user(other)
        with self.assertRaises(AccessError):
            attachment.read(["raw"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(other)
            .search([("res_model", "=", "crm.document")])
        )

    def test_other_salesperson_cannot_generate_on_a_deal_they_cannot_read(self):
        other = self.sales_own2
        with self.assertRaises(AccessError):
            self.env["crm.document"].with_user(other)._generate(
                self.proposal.with_user(other), self.lead.with_user(other)
            )

    def test_documents_of_own_records(self):
        """The owner of the deal sees a document another user generated on it."""
        document = self.env["crm.document"]._generate(self.letter, self.lead)
        self.assertNotEqual(document.user_id, self.sales_own)
        self.assertTrue(document.with_user(self.sales_own).read(["name"]))
        self.assertTrue(document.attachment_id.with_user(self.sales_own).read(["raw"]))

    def test_team_leader_reads_only(self):
        leader_document = self.document.with_user(self.sales_leader)
        self.assertTrue(leader_document.read(["name"]))
        with self.assertRaises(AccessError):
            leader_document.write({"name": "Renamed"})

    def test_salesperson_cannot_approve_nor_edit_templates(self):
        with self.assertRaises(AccessError):
            self.document.with_user(self.sales_own).action_approve()
        with self.assertRaises(AccessError):
            self.proposal.with_user(self.sales_own).write({"requires_approval": False})
        with self.assertRaises(AccessError):
            self.env["crm.document.template"].with_user(self.sales_own).create(
                {"name": "Mine", "res_model": "crm.lead", "body_html": "<p>x</p>"}
            )
        # they read the templates, to generate
        self.assertTrue(self.proposal.with_user(self.sales_own).read(["name"]))
        self.assertTrue(self.letter.with_user(self.sales_manager).write({"name": "P"}))

    def test_all_documents_and_manager(self):
        for user in (self.sales_all, self.sales_manager):
            self.assertTrue(self.document.with_user(user).read(["name"]))
            self.assertTrue(self.document.attachment_id.with_user(user).read(["raw"]))

    def test_portal_and_employee_none(self):
        for user in (self.portal_user, self.employee):
            with self.assertRaises(AccessError):
                self.document.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.document.attachment_id.with_user(user).read(["raw"])
            with self.assertRaises(AccessError):
                self.proposal.with_user(user).read(["name"])

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Doc Other Co"})
        self.sales_all.company_ids |= other_company
        self.proposal.company_id = False  # a template shared by the companies
        self.document.sudo().company_id = other_company
        Document = self.env["crm.document"].with_user(self.sales_all)
        main = Document.with_context(allowed_company_ids=[self.env.company.id])
        self.assertFalse(main.search([("id", "=", self.document.id)]))
        self.assertTrue(
            Document.with_context(allowed_company_ids=[other_company.id]).search(
                [("id", "=", self.document.id)]
            )
        )

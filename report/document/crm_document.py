from odoo import api, models


class ReportCrmDocument(models.AbstractModel):
    """The PDF of documents: one page block per document on the company
    letterhead, in the customer's language. Printed from generated documents (their
    stored body), or from a template on records (``data``: template_id, res_model,
    res_ids), which renders the body on the fly (preview, mail merge)."""

    _name = "report.crm_suite.report_crm_document"
    _description = "Document PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        if data.get("template_id"):
            template = self.env["crm.document.template"].browse(data["template_id"])
            docs = self.env[data["res_model"]].browse(data["res_ids"])
            template._check_records(docs)
            bodies = template._render_body(docs)
            langs = template._render_lang(docs.ids)
            company = template.company_id or self.env.company
            companies = dict.fromkeys(docs.ids, company)
        else:
            docs = self.env["crm.document"].browse(docids)
            bodies = {doc.id: doc.body_html for doc in docs}
            langs = {doc.id: doc.lang for doc in docs}
            companies = {doc.id: doc.company_id for doc in docs}
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            "bodies": bodies,
            "langs": langs,
            "companies": companies,
        }

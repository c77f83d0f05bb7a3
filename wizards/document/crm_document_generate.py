from odoo import api, fields, models
from odoo.exceptions import UserError

from ...models.document.crm_document_template import DOCUMENT_MODELS


class CrmDocumentGenerate(models.TransientModel):
    """Generate a document from a template on the record the wizard was opened
    from (a customer, a deal, a support contract), with a preview."""

    _name = "crm.document.generate"
    _description = "Generate a Document"

    res_model = fields.Selection(DOCUMENT_MODELS, required=True, readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "crm.document.template",
        domain="[('res_model', '=', res_model), "
        "('company_id', 'in', [company_id, False])]",
    )
    requires_approval = fields.Boolean(related="template_id.requires_approval")
    preview = fields.Html(compute="_compute_preview", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        model, res_id = context.get("active_model"), context.get("active_id")
        if model in dict(DOCUMENT_MODELS) and res_id:
            record = self.env[model].browse(res_id)
            values.setdefault("res_model", model)
            values.setdefault("res_id", res_id)
            if "company_id" in record and record.company_id:
                values.setdefault("company_id", record.company_id.id)
        return values

    def _record(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to generate from no longer exists."))
        return record

    @api.depends("template_id", "res_model", "res_id")
    def _compute_preview(self):
        for wizard in self:
            if wizard.template_id and wizard.res_model and wizard.res_id:
                record = wizard._record()
                wizard.preview = wizard.template_id._render_body(record)[record.id]
            else:
                wizard.preview = False

    def action_generate(self):
        self.ensure_one()
        if not self.template_id:
            raise UserError(self.env._("Choose the template to generate from."))
        document = self.env["crm.document"]._generate(self.template_id, self._record())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.document",
            "res_id": document.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

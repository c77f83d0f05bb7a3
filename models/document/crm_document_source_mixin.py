from odoo import api, fields, models

from .crm_document import SOURCE_FIELDS
from .crm_document_template import DOCUMENT_PLACEHOLDERS


class CrmDocumentSourceMixin(models.AbstractModel):
    """What a record documents are generated from (deal, support contract,
    customer) offers: the "Generate Document" wizard and the "Documents" smart
    button."""

    _name = "crm.document.source.mixin"
    _description = "Documents Generated from a Record"

    crm_document_count = fields.Integer(
        string="Documents",
        compute="_compute_crm_document_count",
        help="Documents generated from this record that you may read.",
    )

    @api.model
    def mail_allowed_qweb_expressions(self):
        # the document placeholders, offered by the dynamic placeholder picker
        return (
            *super().mail_allowed_qweb_expressions(),
            *DOCUMENT_PLACEHOLDERS[self._name],
        )

    def _crm_document_domain(self):
        return [(SOURCE_FIELDS[self._name], "in", self.ids)]

    def _compute_crm_document_count(self):
        if not self.env["crm.document"].has_access("read"):
            self.crm_document_count = 0
            return
        fname = SOURCE_FIELDS[self._name]
        counts = dict(
            self.env["crm.document"]._read_group(
                self._crm_document_domain(), [fname], ["__count"]
            )
        )
        for record in self:
            record.crm_document_count = counts.get(record, 0)

    def action_crm_document_generate(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_document_generate_action"
        )
        action["context"] = {"active_model": self._name, "active_id": self.id}
        return action

    def action_crm_document_view(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_document_action"
        )
        action["domain"] = self._crm_document_domain()
        action["context"] = {"create": False}
        return action

from odoo import api, fields, models
from odoo.tools import format_amount, format_date


class CrmSupportContract(models.Model):
    """Documents generated from the support contract, and its dates and rate as
    a document shows them, in the customer's language."""

    _name = "crm.support.contract"
    _inherit = ["crm.support.contract", "crm.document.source.mixin"]

    crm_document_date_start = fields.Char(
        string="Start Date (Document)", compute="_compute_crm_document_texts"
    )
    crm_document_date_end = fields.Char(
        string="End Date (Document)", compute="_compute_crm_document_texts"
    )
    crm_document_hourly_rate = fields.Char(
        string="Hourly Rate (Document)",
        compute="_compute_crm_document_texts",
        help="The rate of the hours beyond the included ones, with its currency.",
    )

    @api.depends("date_start", "date_end", "hourly_rate", "currency_id")
    @api.depends_context("lang")
    def _compute_crm_document_texts(self):
        env = self.env
        for contract in self:
            contract.crm_document_date_start = format_date(env, contract.date_start)
            contract.crm_document_date_end = format_date(env, contract.date_end)
            contract.crm_document_hourly_rate = format_amount(
                env, contract.hourly_rate, contract.currency_id
            )

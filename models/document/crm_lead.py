from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import format_amount


class CrmLead(models.Model):
    """Documents (proposals, contracts...) generated from the deal, and the deal's
    figures as a document shows them, in the customer's language."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.document.source.mixin"]

    crm_document_amount = fields.Char(
        string="Amount (Document)",
        compute="_compute_crm_document_texts",
        help="The expected revenue with its currency, as a document prints it "
        "(taxes as entered on the deal).",
    )
    crm_document_products = fields.Html(
        string="Products (Document)",
        compute="_compute_crm_document_texts",
        sanitize=False,
        help="A table of the products of the deal's quotations and orders "
        "(cancelled ones left out): quantity, unit price and untaxed subtotal.",
    )

    @api.depends(
        "expected_revenue",
        "company_currency",
        "order_ids.state",
        "order_ids.order_line.price_subtotal",
    )
    @api.depends_context("lang")
    def _compute_crm_document_texts(self):
        env = self.env
        for lead in self:
            lead.crm_document_amount = format_amount(
                env, lead.expected_revenue, lead.company_currency
            )
            lines = lead.order_ids.filtered(
                lambda order: order.state != "cancel"
            ).order_line.filtered(lambda line: not line.display_type)
            if not lines:
                lead.crm_document_products = False
                continue
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td style='text-align: right'>%s</td>"
                    "<td style='text-align: right'>%s</td>"
                    "<td style='text-align: right'>%s</td></tr>"
                )
                % (
                    line.name,
                    escape(f"{line.product_uom_qty:g} {line.product_uom.name}"),
                    format_amount(env, line.price_unit, line.currency_id),
                    format_amount(env, line.price_subtotal, line.currency_id),
                )
                for line in lines
            )
            lead.crm_document_products = Markup(
                "<table class='table table-sm'><thead><tr><th>%s</th>"
                "<th style='text-align: right'>%s</th>"
                "<th style='text-align: right'>%s</th>"
                "<th style='text-align: right'>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                env._("Product"),
                env._("Quantity"),
                env._("Unit Price"),
                env._("Subtotal"),
                rows,
            )

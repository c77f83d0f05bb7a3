from odoo import api, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.suite.same.customer.mixin"]

    @api.constrains("opportunity_id")
    def _check_opportunity_id(self):
        """A quotation is made for an open deal (a deal lost later keeps its
        orders)."""
        for order in self.filtered("opportunity_id"):
            if not order.opportunity_id.active:
                raise ValidationError(
                    self.env._(
                        "The deal %(deal)s is lost or archived: restore it before "
                        "making a quotation for it.",
                        deal=order.opportunity_id.name,
                    )
                )

    @api.constrains("opportunity_id", "partner_id")
    def _check_opportunity_partner(self):
        """An order of a deal is with the deal's customer."""
        self._crm_suite_check_same_customer(
            "opportunity_id",
            lambda order: self.env._(
                "The deal %(deal)s is with %(deal_partner)s, not with %(partner)s.",
                deal=order.opportunity_id.name,
                deal_partner=(
                    order.opportunity_id.partner_id.commercial_partner_id.display_name
                ),
                partner=order.partner_id.commercial_partner_id.display_name,
            ),
            linked_customer="partner_id.commercial_partner_id",
            customer="partner_id.commercial_partner_id",
        )

    def _get_invoice_grouping_keys(self):
        # an invoice belongs to one deal: orders of two deals are not merged
        return [*super()._get_invoice_grouping_keys(), "lead_id"]

    def _prepare_invoice(self):
        """The invoices of a deal's order carry the deal (``account.move.lead_id``),
        so its money figures, sales cycle, timeline and forecast count them."""
        values = super()._prepare_invoice()
        lead = self.opportunity_id
        invoiced = self.partner_invoice_id.commercial_partner_id
        # a deal's invoice is with the deal's customer (account.move._check_lead_id)
        if lead and (
            not lead.partner_id or lead.partner_id.commercial_partner_id == invoiced
        ):
            values["lead_id"] = lead.id
        else:
            values["lead_id"] = False
        return values

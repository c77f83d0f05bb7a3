from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "crm.suite.same.customer.mixin"]

    # a deal's margin and money figures look its orders up by deal
    opportunity_id = fields.Many2one(index="btree_not_null")
    crm_user_id = fields.Many2one(
        "res.users",
        string="Deal Salesperson",
        compute="_compute_crm_user_team",
        store=True,
        index=True,
        help="The salesperson of the order's deal, else the order's: the one "
        "the Profitability Analysis counts the order's lines for (and who sees "
        "them there).",
    )
    crm_team_id = fields.Many2one(
        "crm.team",
        string="Deal Sales Team",
        compute="_compute_crm_user_team",
        store=True,
        help="The sales team of the order's deal, else the order's.",
    )

    @api.depends(
        "opportunity_id.user_id", "opportunity_id.team_id", "user_id", "team_id"
    )
    def _compute_crm_user_team(self):
        # stored so that the Profitability Analysis and its salesperson rule read
        # the order alone (an indexed column), not every deal
        for order in self:
            lead = order.opportunity_id
            order.crm_user_id = lead.user_id or order.user_id
            order.crm_team_id = lead.team_id or order.team_id

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

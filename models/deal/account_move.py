from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.sql import column_exists, create_column, create_index


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "crm.suite.same.customer.mixin"]

    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        tracking=True,
        domain="[('type', '=', 'opportunity'), "
        "('partner_id', 'child_of', commercial_partner_id)]",
        help="The deal this customer invoice or credit note belongs to.",
    )
    # Odoo's UTM campaign; `sale` adds the same field through utm.mixin, crm_suite
    # does not depend on sale: defined here, and taken from the deal by default
    campaign_id = fields.Many2one(
        "utm.campaign",
        compute="_compute_campaign_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )

    def _auto_init(self):
        # a new stored compute is recomputed for every existing entry at install:
        # create the column first and fill it with one UPDATE from the deals instead
        cr = self.env.cr
        if not column_exists(cr, "account_move", "campaign_id"):
            create_column(cr, "account_move", "campaign_id", "int4")
            if column_exists(cr, "account_move", "lead_id"):
                cr.execute(
                    "UPDATE account_move move SET campaign_id = lead.campaign_id "
                    "FROM crm_lead lead WHERE move.lead_id = lead.id "
                    "AND lead.campaign_id IS NOT NULL"
                )
        return super()._auto_init()

    def init(self):
        res = super().init()
        # a customer's posted invoices and credit notes (Customer 360 panel):
        # without it every panel scans the whole ledger
        create_index(
            self.env.cr,
            "account_move_crm_suite_customer_index",
            self._table,
            ["commercial_partner_id", "company_id"],
            where="move_type IN ('out_invoice', 'out_refund') AND state = 'posted'",
        )
        return res

    @api.depends("lead_id")
    def _compute_campaign_id(self):
        for move in self.filtered("lead_id.campaign_id"):
            move.campaign_id = move.lead_id.campaign_id

    @api.constrains("lead_id", "partner_id", "move_type")
    def _check_lead_id(self):
        if any(
            move.move_type not in ("out_invoice", "out_refund")
            for move in self.filtered("lead_id")
        ):
            raise ValidationError(
                self.env._("Only customer invoices and credit notes carry a deal.")
            )
        self._crm_suite_check_same_customer(
            "lead_id",
            lambda move: self.env._(
                "The deal %(deal)s is with %(deal_partner)s, not with %(partner)s.",
                deal=move.lead_id.name,
                deal_partner=move.lead_id.partner_id.commercial_partner_id.display_name,
                partner=move.commercial_partner_id.display_name,
            ),
            linked_customer="partner_id.commercial_partner_id",
        )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        # a credit note stays on its invoice's deal
        reverses = super()._reverse_moves(default_values_list, cancel=cancel)
        for move, reverse in zip(self, reverses, strict=False):
            if move.lead_id and not reverse.lead_id:
                reverse.lead_id = move.lead_id
        return reverses

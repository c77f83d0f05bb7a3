from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTicket(models.Model):
    _inherit = "crm.ticket"

    invoice_ids = fields.Many2many(
        "account.move",
        "crm_ticket_account_move_dispute_rel",
        "ticket_id",
        "move_id",
        string="Disputed Invoices",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('move_type', 'in', ('out_invoice', 'out_refund')), "
        "('state', '=', 'posted')]",
        groups="account.group_account_invoice",
        help="The customer's invoices this ticket disputes: while the ticket is "
        "open they get no payment reminder and the statement marks them "
        '"in dispute".',
    )

    def write(self, vals):
        res = super().write(vals)
        if {"stage_id", "invoice_ids", "partner_id"} & set(vals):
            self._followup_refresh()
        return res

    def _followup_refresh(self):
        """A dispute opened or closed moves the customers' next follow-up date
        at once (the cron sends what is due on its next run)."""
        # sudo usage: the helpdesk agent closing a ticket has no rights on the
        # customer's follow-up state; only that state is recomputed.
        tickets_su = self.sudo().filtered("invoice_ids")
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"].sudo()
        for company in tickets_su.company_id:
            partners = tickets_su.filtered(
                lambda t, c=company: t.company_id == c
            ).commercial_partner_id
            Partner.with_company(company)._followup_plan(company, today, partners)

    @api.constrains("invoice_ids", "partner_id")
    def _check_invoice_ids(self):
        for ticket in self.sudo():
            others = ticket.invoice_ids.filtered(
                lambda move, t=ticket: (
                    move.commercial_partner_id != t.commercial_partner_id
                )
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s can only dispute invoices of its "
                        "customer %(customer)s, not %(invoices)s.",
                        ticket=ticket.display_name,
                        customer=ticket.commercial_partner_id.display_name,
                        invoices=", ".join(others.mapped("name")),
                    )
                )

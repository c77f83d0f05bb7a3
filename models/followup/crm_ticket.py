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

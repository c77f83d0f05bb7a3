from odoo import api, fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    lead_ids = fields.Many2many(
        "crm.lead",
        string="Deals Paid",
        compute="_compute_lead_ids",
        help="The deals of the invoices this payment settles.",
    )
    lead_user_ids = fields.Many2many(
        "res.users", string="Deal Salespeople", compute="_compute_lead_ids"
    )

    @api.depends("reconciled_invoice_ids")
    def _compute_lead_ids(self):
        for payment in self:
            leads = payment.reconciled_invoice_ids.lead_id
            payment.lead_ids = leads
            payment.lead_user_ids = leads.user_id

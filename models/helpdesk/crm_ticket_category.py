from odoo import fields, models


class CrmTicketCategory(models.Model):
    _name = "crm.ticket.category"
    _description = "Ticket Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        index="btree_not_null",
        help="Leave empty to share it between the companies.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

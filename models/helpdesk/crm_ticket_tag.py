from random import randint

from odoo import fields, models


class CrmTicketTag(models.Model):
    _name = "crm.ticket.tag"
    _description = "Ticket Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        index="btree_not_null",
        help="Leave empty to share it between the companies.",
    )
    color = fields.Integer(default=lambda self: randint(1, 11))

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A ticket tag with this name already exists."),
    ]

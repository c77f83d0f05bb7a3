from odoo import fields, models


class CrmCompetitorType(models.Model):
    _name = "crm.competitor.type"
    _description = "Competitor Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "A competitor type with this name exists."),
    ]

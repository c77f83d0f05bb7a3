from odoo import api, fields, models
from odoo.exceptions import ValidationError

PARTNER_KINDS = [
    ("any", "Company or Person"),
    ("company", "Company"),
    ("person", "Person"),
]


class CrmPartnerRelationType(models.Model):
    _name = "crm.partner.relation.type"
    _description = "Relation Type between Contacts"
    _order = "sequence, name, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="How the first contact relates to the second, e.g. “Employee of”.",
    )
    name_inverse = fields.Char(
        string="Inverse Name",
        translate=True,
        help="How the second contact relates to the first, e.g. “Employer of”. "
        "Empty for a symmetric relation such as “Spouse of”.",
    )
    is_symmetric = fields.Boolean(
        string="Symmetric",
        compute="_compute_is_symmetric",
        store=True,
        help="Reads the same from both sides.",
    )
    left_kind = fields.Selection(
        PARTNER_KINDS, string="First Contact", required=True, default="any"
    )
    right_kind = fields.Selection(
        PARTNER_KINDS, string="Second Contact", required=True, default="any"
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A relation type with this name exists."),
    ]

    @api.depends("name", "name_inverse")
    def _compute_is_symmetric(self):
        for rel_type in self:
            rel_type.is_symmetric = not rel_type.name_inverse or (
                rel_type.name_inverse == rel_type.name
            )

    @api.constrains("left_kind", "right_kind", "name_inverse")
    def _check_symmetric_kinds(self):
        for rel_type in self.filtered("is_symmetric"):
            if rel_type.left_kind != rel_type.right_kind:
                raise ValidationError(
                    self.env._(
                        "“%(name)s” reads the same from both sides: both contacts "
                        "must be of the same kind, or give it an inverse name.",
                        name=rel_type.name,
                    )
                )

    def _accepts(self, partner, side):
        kind = self.left_kind if side == "left" else self.right_kind
        return kind == "any" or (kind == "company") == partner.is_company

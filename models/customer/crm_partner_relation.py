from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class CrmPartnerRelation(models.Model):
    """A typed, dated relation between two contacts, stored once and read from both
    sides through ``crm.partner.relation.all``."""

    _name = "crm.partner.relation"
    _description = "Relation between Contacts"
    _order = "left_partner_id, type_id, right_partner_id, id"
    _rec_names_search = ["left_partner_id", "right_partner_id", "type_id"]

    left_partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    type_id = fields.Many2one(
        "crm.partner.relation.type",
        string="Relation",
        required=True,
        index=True,
        ondelete="restrict",
    )
    right_partner_id = fields.Many2one(
        "res.partner",
        string="Related Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date_start = fields.Date(string="Since")
    date_end = fields.Date(string="Until")
    note = fields.Char()
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
        help="The relation holds today: started (or no start) and not ended.",
    )

    _sql_constraints = [
        (
            "partners_differ",
            "CHECK(left_partner_id != right_partner_id)",
            "A contact cannot be related to itself.",
        ),
        (
            "dates_in_order",
            "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
            "A relation cannot end before it starts.",
        ),
    ]

    @api.depends("left_partner_id", "type_id", "right_partner_id")
    def _compute_display_name(self):
        for relation in self:
            relation.display_name = self.env._(
                "%(left)s %(type)s %(right)s",
                left=relation.left_partner_id.name or "",
                type=(relation.type_id.name or "").lower(),
                right=relation.right_partner_id.name or "",
            )

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for relation in self:
            relation.is_current = (
                not relation.date_start or relation.date_start <= today
            ) and (not relation.date_end or relation.date_end >= today)

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        current = [
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        if (operator == "=") == value:
            return current
        return ["!", *expression.normalize_domain(current)]

    @api.constrains("left_partner_id", "right_partner_id", "type_id")
    def _check_partner_kinds(self):
        for relation in self:
            rel_type = relation.type_id
            for side, partner in (
                ("left", relation.left_partner_id),
                ("right", relation.right_partner_id),
            ):
                if not rel_type._accepts(partner, side):
                    kind = dict(rel_type._fields["left_kind"].selection)[
                        rel_type.left_kind if side == "left" else rel_type.right_kind
                    ]
                    raise ValidationError(
                        self.env._(
                            "%(partner)s cannot be used in “%(type)s”: the contact "
                            "must be a %(kind)s.",
                            partner=partner.display_name,
                            type=rel_type.name,
                            kind=kind.lower(),
                        )
                    )

    @api.constrains("left_partner_id", "right_partner_id", "type_id", "date_start")
    def _check_duplicate(self):
        for relation in self:
            pairs = [
                [
                    ("left_partner_id", "=", relation.left_partner_id.id),
                    ("right_partner_id", "=", relation.right_partner_id.id),
                ]
            ]
            if relation.type_id.is_symmetric:
                # "A spouse of B" is "B spouse of A"
                pairs.append(
                    [
                        ("left_partner_id", "=", relation.right_partner_id.id),
                        ("right_partner_id", "=", relation.left_partner_id.id),
                    ]
                )
            twins = self.search_count(
                expression.AND(
                    [
                        [
                            ("id", "!=", relation.id),
                            ("type_id", "=", relation.type_id.id),
                            ("date_start", "=", relation.date_start),
                        ],
                        expression.OR(pairs),
                    ]
                ),
                limit=1,
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "This relation is already recorded: %(relation)s.",
                        relation=relation.display_name,
                    )
                )

from odoo import fields, models
from odoo.tools import SQL


class CrmPartnerRelationAll(models.Model):
    """Each relation seen from both of its contacts: one row per side, so that a
    contact's relations, and searches such as "works for X", are plain domains."""

    _name = "crm.partner.relation.all"
    _description = "Relation between Contacts, from Either Side"
    _auto = False
    _order = "this_partner_id, date_start desc, id"

    relation_id = fields.Many2one(
        "crm.partner.relation", string="Relation Record", readonly=True
    )
    this_partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    other_partner_id = fields.Many2one(
        "res.partner", string="Related Contact", readonly=True
    )
    type_id = fields.Many2one(
        "crm.partner.relation.type", string="Relation Type", readonly=True
    )
    name = fields.Char(string="Relation", readonly=True, translate=True)
    is_inverse = fields.Boolean(readonly=True)
    date_start = fields.Date(string="Since", readonly=True)
    date_end = fields.Date(string="Until", readonly=True)
    note = fields.Char(readonly=True)
    is_current = fields.Boolean(
        related="relation_id.is_current", string="Current", readonly=True
    )

    def init(self):
        # ids: twice the relation's id for its first contact's side, plus one for
        # the second's, so both rows stay stable and distinct
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT rel.id * 2 AS id, rel.id AS relation_id,
                       rel.left_partner_id AS this_partner_id,
                       rel.right_partner_id AS other_partner_id,
                       rel.type_id, type.name, FALSE AS is_inverse,
                       rel.date_start, rel.date_end, rel.note
                  FROM crm_partner_relation rel
                  JOIN crm_partner_relation_type type ON type.id = rel.type_id
                 UNION ALL
                SELECT rel.id * 2 + 1, rel.id,
                       rel.right_partner_id, rel.left_partner_id,
                       rel.type_id, COALESCE(type.name_inverse, type.name), TRUE,
                       rel.date_start, rel.date_end, rel.note
                  FROM crm_partner_relation rel
                  JOIN crm_partner_relation_type type ON type.id = rel.type_id
            )""",
                SQL.identifier(self._table),
            )
        )

    def action_new_relation(self):
        """From a contact's relations: record a new one for that contact."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.partner.relation",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_left_partner_id": self.env.context.get(
                    "default_left_partner_id"
                )
            },
        }

    def action_open_relation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.partner.relation",
            "res_id": self.relation_id.id,
            "views": [(False, "form")],
            "target": "new",
        }

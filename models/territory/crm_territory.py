import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

REASSIGN_BATCH_SIZE = 1000
# the partners a territory is set on: companies and people without a company (their
# contact persons follow, the territory being a commercial field)
COMMERCIAL_ENTITY_DOMAIN = ["|", ("is_company", "=", True), ("parent_id", "=", False)]


class CrmTerritory(models.Model):
    _name = "crm.territory"
    _description = "Sales Territory"
    _inherit = ["mail.thread", "crm.suite.access.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="When a customer matches several territories, the first wins."
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to match the customers of every company.",
    )
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Customers in one of these countries belong to the territory.",
    )
    state_ids = fields.Many2many(
        "res.country.state",
        string="States",
        domain="[('country_id', 'in', country_ids)]",
        help="Narrows their countries down to these states.",
    )
    partner_domain = fields.Char(
        string="Customer Filter",
        help="Further condition on the customers, e.g. their industry or tags.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Territory Manager",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Sees and works every customer, deal and contact log of the territory.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_territory_member_rel",
        "territory_id",
        "user_id",
        string="Salespeople",
        domain="[('share', '=', False)]",
    )
    partner_count = fields.Integer(compute="_compute_partner_count")
    partner_match_domain = fields.Char(
        compute="_compute_partner_match_domain",
        help="The customers (companies and people without a company) whose address "
        "and filter match the territory: those it gets when territories are "
        "reassigned, unless an earlier territory matches them first.",
    )

    @api.depends("country_ids", "state_ids", "partner_domain", "company_id")
    def _compute_partner_match_domain(self):
        for territory in self:
            try:
                domain = territory._partner_match_domain()
            except (ValueError, SyntaxError, TypeError):
                territory.partner_match_domain = False
                continue
            territory.partner_match_domain = repr(
                expression.AND([domain, COMMERCIAL_ENTITY_DOMAIN])
            )

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("crm_territory_id", "in", self.ids), ("is_company", "=", True)],
                ["crm_territory_id"],
                ["__count"],
            )
        )
        for territory in self:
            territory.partner_count = counts.get(territory, 0)

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for territory in self:
            try:
                self.env["res.partner"].search_count(territory._partner_match_domain())
            except (ValueError, SyntaxError, TypeError, KeyError) as error:
                raise ValidationError(
                    self.env._(
                        "The customer filter of territory %(name)s is not a valid "
                        "condition on contacts: %(error)s",
                        name=territory.name,
                        error=error,
                    )
                ) from error

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        territories = super().create(vals_list)
        self._crm_suite_reset_access()
        return territories

    def write(self, vals):
        res = super().write(vals)
        if vals.keys() & {"member_ids", "manager_id", "active", "company_id"}:
            self._crm_suite_reset_access()
        return res

    def unlink(self):
        res = super().unlink()
        self._crm_suite_reset_access()
        return res

    def _crm_suite_access_user_fields(self):
        # record rules read the users' territories: a membership change alters them
        return [
            *super()._crm_suite_access_user_fields(),
            "crm_suite_territory_ids",
            "crm_suite_managed_territory_ids",
        ]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_reassign_partners(self):
        """Button: every customer gets the territory its address now matches."""
        done = self.env["res.partner"]._crm_suite_reassign_all_territories()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customers checked against the territories.", count=done
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "base.action_partner_form"
        )
        action["domain"] = [("crm_territory_id", "=", self.id)]
        action["context"] = {"default_crm_territory_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _partner_match_domain(self):
        """The commercial entities this territory covers (company aside). A
        territory with no country, state nor filter covers nobody."""
        self.ensure_one()
        parts = []
        # a country is narrowed down to its states when some are chosen
        narrowed = self.state_ids.country_id
        places = []
        if self.state_ids:
            places.append(
                [
                    ("country_id", "in", narrowed.ids),
                    ("state_id", "in", self.state_ids.ids),
                ]
            )
        if self.country_ids - narrowed:
            places.append([("country_id", "in", (self.country_ids - narrowed).ids)])
        if places:
            parts.append(expression.OR(places))
        if self.partner_domain and self.partner_domain.strip() not in ("", "[]"):
            parts.append(ast.literal_eval(self.partner_domain))
        if not parts:
            return expression.FALSE_DOMAIN
        if self.company_id:
            parts.append([("company_id", "in", [False, self.company_id.id])])
        return expression.AND(parts)

    @api.model
    def _crm_suite_match(self, partners):
        """{territory: commercial entities} for the given commercial entities, the
        first territory in sequence winning; one query per territory."""
        matches = {}
        remaining = partners
        # sudo usage: every territory counts, not only those the user may read
        for territory in self.sudo().search([]):
            if not remaining:
                break
            # sudo usage: matching is about addresses, not about who is looking
            matched = (
                remaining.sudo()
                .with_context(active_test=False)
                .search(
                    expression.AND(
                        [
                            [("id", "in", remaining.ids)],
                            territory._partner_match_domain(),
                        ]
                    )
                )
            )
            if matched:
                matches[territory.with_env(self.env)] = matched.with_env(self.env)
                remaining -= matched.with_env(self.env)
        return matches, remaining

    @api.model
    def _crm_suite_write_territory(self, territory_id, entities):
        """Give the commercial entities and all their people a territory, in one
        UPDATE: the ORM would sync the commercial field to children one by one."""
        if not entities:
            return
        Partner = self.env["res.partner"]
        Partner.flush_model(["commercial_partner_id", "crm_territory_id"])
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET crm_territory_id = %s"
                " WHERE commercial_partner_id IN %s"
                " AND crm_territory_id IS DISTINCT FROM %s",
                territory_id,
                tuple(entities.ids),
                territory_id,
            )
        )
        Partner.invalidate_model(["crm_territory_id"])

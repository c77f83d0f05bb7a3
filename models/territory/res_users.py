from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_suite_reminder_date = fields.Date(
        string="Last Contact Reminder",
        copy=False,
        help="Day of the last reminder of due contacts sent to this user; keeps the "
        "morning reminder to one per user and day.",
    )

    # Read by record rules (security/crm_suite_security.xml) through ``user``, which
    # ir.rule browses as superuser; not stored, the rules' cache keeps them cheap.
    crm_suite_territory_ids = fields.Many2many(
        "crm.territory",
        string="Sales Territories",
        compute="_compute_crm_suite_territory_ids",
        help="Territories the user is a member or the manager of.",
    )
    crm_suite_managed_territory_ids = fields.Many2many(
        "crm.territory",
        string="Managed Territories",
        compute="_compute_crm_suite_territory_ids",
    )
    crm_suite_territory_restricted = fields.Boolean(
        compute="_compute_crm_suite_territory_restricted",
        help="Sees only the customers of the own territories: salespeople under the "
        "territory setting, except those who see all documents.",
    )
    crm_suite_delegator_ids = fields.Many2many(
        "res.users",
        string="Standing In For",
        compute="_compute_crm_suite_delegator_ids",
        help="Users who delegate their open deals to this user today.",
    )

    def _compute_crm_suite_territory_ids(self):
        # sudo usage: a user's territories decide what the user may read
        Territory = self.env["crm.territory"].sudo()
        territories = Territory.search(
            ["|", ("member_ids", "in", self.ids), ("manager_id", "in", self.ids)]
        )
        for user in self:
            user.crm_suite_managed_territory_ids = territories.filtered(
                lambda t, user=user: t.manager_id == user
            )
            user.crm_suite_territory_ids = territories.filtered(
                lambda t, user=user: t.manager_id == user or user in t.member_ids
            )

    @api.depends("groups_id")
    def _compute_crm_suite_territory_restricted(self):
        for user in self:
            user.crm_suite_territory_restricted = user._has_group(
                "crm_suite.group_crm_suite_territory_restricted"
            ) and not user._has_group("sales_team.group_sale_salesman_all_leads")

    def _compute_crm_suite_delegator_ids(self):
        # sudo usage: delegations decide what the delegate may read
        Delegation = self.env["crm.delegation"].sudo()
        for user in self:
            today = user._crm_suite_today()
            user.crm_suite_delegator_ids = Delegation.search(
                [
                    ("delegate_id", "=", user.id),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ]
            ).user_id

    def _crm_suite_today(self):
        """The user's own calendar day, whatever the request's context."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self.tz))

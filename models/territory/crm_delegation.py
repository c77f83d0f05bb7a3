from odoo import api, fields, models
from odoo.exceptions import ValidationError

# who may record a delegation for another absent user than themselves
DELEGATION_MANAGER_GROUPS = ("sales_team.group_sale_manager",)


class CrmDelegation(models.Model):
    """While ``user_id`` is away, ``delegate_id`` sees and works their open deals,
    their activities and their contact logs (record rules in
    security/crm_suite_security.xml). What the delegate does stays in the delegate's
    own name: nothing is reassigned."""

    _name = "crm.delegation"
    _inherit = ["crm.suite.access.mixin"]
    _description = "Sales Delegation"
    _order = "date_from desc, id desc"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users",
        string="Absent User",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    delegate_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
        help="Colleague who works the absent user's deals meanwhile.",
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="To", required=True, help="Last day of absence.")
    note = fields.Text()
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for delegation in self:
            if delegation.date_to < delegation.date_from:
                raise ValidationError(
                    self.env._(
                        "A delegation cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        end=delegation.date_to,
                        start=delegation.date_from,
                    )
                )

    @api.constrains("user_id", "delegate_id")
    def _check_delegate(self):
        for delegation in self:
            if delegation.user_id == delegation.delegate_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot delegate to themselves: choose a colleague.",
                        user=delegation.user_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.constrains("delegate_id")
    def _check_delegate_internal(self):
        for delegation in self:
            if delegation.delegate_id.share:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not an internal user: deals are delegated to "
                        "colleagues only.",
                        user=delegation.delegate_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # the rules give the delegate the absent user's deals: only the absent user
        # (or a sales manager) delegates them
        self.env["res.users"]._crm_suite_check_assignment(
            self, vals_list, ["user_id"], DELEGATION_MANAGER_GROUPS
        )
        delegations = super().create(vals_list)
        self._crm_suite_reset_access()
        return delegations

    def write(self, vals):
        self.env["res.users"]._crm_suite_check_assignment(
            self, [vals], ["user_id"], DELEGATION_MANAGER_GROUPS
        )
        res = super().write(vals)
        self._crm_suite_reset_access()
        return res

    def unlink(self):
        res = super().unlink()
        self._crm_suite_reset_access()
        return res

    def _crm_suite_access_user_fields(self):
        # record rules read the users' delegators: a delegation change alters them
        return [*super()._crm_suite_access_user_fields(), "crm_suite_delegator_ids"]

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_FORGOTTEN_DAYS = 90


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "crm.suite.access.mixin"]

    crm_suite_forgotten_days = fields.Integer(
        string="Forgotten After (Days)",
        config_parameter="crm_suite.forgotten_days",
        default=DEFAULT_FORGOTTEN_DAYS,
        help="A customer without any contact for this many days is listed among the "
        "forgotten customers.",
    )

    crm_suite_probability_mode = fields.Selection(
        [
            ("predictive", "Predictive scoring (Odoo)"),
            ("stage", "From the stage"),
        ],
        string="Deal Probability",
        config_parameter="crm_suite.probability_mode",
        default="predictive",
        help="From the stage: each stage change gives the deal the stage's "
        "probability, unless the salesperson typed one.",
    )

    group_crm_suite_territory_restricted = fields.Boolean(
        string="Restrict Salespeople to Their Territories",
        implied_group="crm_suite.group_crm_suite_territory_restricted",
        group="sales_team.group_sale_salesman",
        help="Salespeople see only the customers, deals and contact logs of their "
        "territories; territory managers see all of their territories.",
    )

    crm_ticket_portal_team_id = fields.Many2one(
        related="company_id.crm_ticket_portal_team_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )

    @api.constrains("crm_suite_forgotten_days")
    def _check_crm_suite_forgotten_days(self):
        if any(settings.crm_suite_forgotten_days < 1 for settings in self):
            raise ValidationError(
                self.env._(
                    "Customers are forgotten after at least one day without contact."
                )
            )

    def set_values(self):
        restricted = self.env.ref("crm_suite.group_crm_suite_territory_restricted")
        before = set(restricted.sudo().users.ids)
        res = super().set_values()
        if set(restricted.sudo().users.ids) != before:
            # res.groups only clears the groups cache: the record rules cached for
            # each user must be evaluated again with the new group
            self._crm_suite_reset_access()
        return res

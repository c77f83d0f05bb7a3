from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_FORGOTTEN_DAYS = 90


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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

    @api.constrains("crm_suite_forgotten_days")
    def _check_crm_suite_forgotten_days(self):
        if any(settings.crm_suite_forgotten_days < 1 for settings in self):
            raise ValidationError(
                self.env._(
                    "Customers are forgotten after at least one day without contact."
                )
            )

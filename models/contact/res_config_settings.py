from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_FORGOTTEN_DAYS = 90


class ResConfigSettings(models.TransientModel):
    """After how many days without contact a customer is forgotten."""

    _inherit = "res.config.settings"

    crm_suite_forgotten_days = fields.Integer(
        string="Forgotten After (Days)",
        config_parameter="crm_suite.forgotten_days",
        default=DEFAULT_FORGOTTEN_DAYS,
        help="A customer without any contact for this many days is listed among the "
        "forgotten customers.",
    )

    @api.constrains("crm_suite_forgotten_days")
    def _check_crm_suite_forgotten_days(self):
        if any(settings.crm_suite_forgotten_days < 1 for settings in self):
            raise ValidationError(
                self.env._(
                    "Customers are forgotten after at least one day without contact."
                )
            )

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Where a deal's probability comes from."""

    _inherit = "res.config.settings"

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

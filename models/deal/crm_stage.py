from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    default_probability = fields.Float(
        help="Probability given to a deal entering this stage, when the probability "
        "comes from the stages (CRM settings); a probability typed on the deal wins.",
    )
    expected_days = fields.Integer(
        string="Expected Days in Stage",
        help="Deals staying longer are flagged as overdue in this stage and their "
        "salesperson gets an activity; 0 means no limit.",
    )

    _sql_constraints = [
        (
            "default_probability_range",
            "CHECK(default_probability >= 0 AND default_probability <= 100)",
            "A stage's probability lies between 0 and 100.",
        ),
        (
            "expected_days_positive",
            "CHECK(expected_days >= 0)",
            "The expected days in a stage cannot be negative.",
        ),
    ]

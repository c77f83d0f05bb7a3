from odoo import fields, models


class CrmContactResult(models.Model):
    _name = "crm.contact.result"
    _description = "Contact Result"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    description = fields.Text(translate=True)
    is_positive = fields.Boolean(
        string="Positive Outcome",
        help="A contact log with this result is a positive contact: counted in the "
        "positive share of the Contact Success analysis. A log without a result is "
        "not positive.",
    )
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Proposed Next Kind",
        domain="[('is_contact_kind', '=', True)]",
        help="Kind of the next contact proposed when a log gets this result.",
    )
    next_delay_days = fields.Integer(
        string="Next Contact In (Days)",
        help="Days from today to the proposed next contact; 0 proposes none.",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        string="Move Deal To",
        help="When a log with this result is linked to a deal, the deal moves to this "
        "stage.",
    )
    log_count = fields.Integer(compute="_compute_log_count")

    _sql_constraints = [
        (
            "next_delay_days_positive",
            "CHECK(next_delay_days >= 0)",
            "The delay before the next contact cannot be negative.",
        ),
    ]

    def _next_contact_date(self):
        """The next contact this result proposes: today plus its delay, or None."""
        self.ensure_one()
        if not self.next_delay_days:
            return None
        return fields.Date.add(
            fields.Date.context_today(self), days=self.next_delay_days
        )

    def _compute_log_count(self):
        counts = dict(
            self.env["crm.contact.log"]._read_group(
                [("result_id", "in", self.ids)], ["result_id"], ["__count"]
            )
        )
        for result in self:
            result.log_count = counts.get(result, 0)

import calendar
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

OCCASION_KINDS = [
    ("birthday", "Birthday"),
    ("name_day", "Name Day"),
    ("wedding", "Wedding Anniversary"),
    ("anniversary", "Other Anniversary"),
]


def next_occurrence(original, today):
    """The first yearly recurrence of ``original`` on or after ``today``. A 29
    February is kept on 28 February in common years."""

    def in_year(year):
        day = min(original.day, calendar.monthrange(year, original.month)[1])
        return date(year, original.month, day)

    upcoming = in_year(today.year)
    return upcoming if upcoming >= today else in_year(today.year + 1)


class CrmPartnerOccasion(models.Model):
    _name = "crm.partner.occasion"
    _inherit = ["crm.suite.cron.mixin"]
    _description = "Occasion of a Contact"
    _order = "date_next, partner_id, id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    kind = fields.Selection(OCCASION_KINDS, required=True, default="birthday")
    name = fields.Char(
        string="Description", help="What is celebrated, for other anniversaries."
    )
    date = fields.Date(
        string="Original Date",
        required=True,
        help="The day it first happened (the year may be a guess: only the day and "
        "month recur).",
    )
    date_next = fields.Date(
        string="Next Occurrence",
        compute="_compute_date_next",
        store=True,
        index=True,
        help="Moved on to the next year by a daily job once the day has passed.",
    )
    user_id = fields.Many2one(
        related="partner_id.commercial_partner_id.user_id",
        string="Salesperson",
        store=True,
        index=True,
    )
    send_greeting = fields.Boolean(
        help="E-mail the contact a greeting on the day, from the greeting template.",
    )
    greeting_year = fields.Integer(
        string="Greeted in",
        readonly=True,
        copy=False,
        help="The last year a greeting was sent: at most one a year.",
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)

    @api.depends("date")
    def _compute_date_next(self):
        today = fields.Date.context_today(self)
        for occasion in self:
            occasion.date_next = (
                next_occurrence(occasion.date, today) if occasion.date else False
            )

    @api.depends("kind", "name", "partner_id", "date")
    def _compute_display_name(self):
        kinds = dict(OCCASION_KINDS)
        for occasion in self:
            label = occasion.name or kinds.get(occasion.kind, "")
            occasion.display_name = f"{occasion.partner_id.name or ''}: {label}"

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for occasion in self:
            if occasion.date and occasion.date > today:
                raise ValidationError(
                    self.env._(
                        "An occasion recurs from a day that has happened: "
                        "%(date)s is in the future.",
                        date=occasion.date,
                    )
                )

    @api.model
    def _cron_roll_and_greet(self, batch_size=500):
        """Daily: move past occasions to their next year, then greet today's
        contacts. A greeting is claimed with one conditional UPDATE before it is
        sent, so reruns and parallel workers greet nobody twice in a year."""
        today = fields.Date.context_today(self)
        past = self.search([("date_next", "<", today)], limit=batch_size)
        for occasion in past:
            occasion.date_next = next_occurrence(occasion.date, today)
        remaining = self.search_count([("date_next", "<", today)])
        template = self.env.ref(
            "crm_suite.mail_template_occasion_greeting", raise_if_not_found=False
        )
        greeted = self.browse()
        if template:
            candidates = self.search(
                [
                    ("date_next", "=", today),
                    ("send_greeting", "=", True),
                    ("partner_id.email", "!=", False),
                    "|",
                    ("greeting_year", "=", False),
                    ("greeting_year", "<", today.year),
                ],
                limit=batch_size,
            )
            if candidates:
                self.flush_model(["greeting_year"])
                self.env.cr.execute(
                    """UPDATE crm_partner_occasion SET greeting_year = %s
                        WHERE id = ANY(%s)
                          AND (greeting_year IS NULL OR greeting_year < %s)
                    RETURNING id""",
                    [today.year, candidates.ids, today.year],
                )
                greeted = self.browse(row[0] for row in self.env.cr.fetchall())
                greeted.invalidate_recordset(["greeting_year"])
                for occasion in greeted:
                    template.send_mail(occasion.id, email_layout_xmlid=False)
        self._crm_suite_cron_progress(len(past) + len(greeted), remaining)
        return greeted

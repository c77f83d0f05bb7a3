from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the levels a new company starts with: (delay, name, e-mail, letter, activity, block)
DEFAULT_LEVELS = [
    (15, "First reminder", True, False, False, False),
    (30, "Second reminder", True, False, "salesperson", False),
    (60, "Final notice", False, True, "manager", True),
]


class CrmFollowupLevel(models.Model):
    _name = "crm.followup.level"
    _description = "Payment Follow-up Level"
    _order = "company_id, delay, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    delay = fields.Integer(
        string="Days After Due Date",
        required=True,
        help="The level applies once the customer's oldest overdue item (each "
        "instalment at its own due date) is this many days late.",
    )
    send_email = fields.Boolean(
        string="E-mail with Statement",
        help="E-mail the customer's billing contact, the statement attached.",
    )
    print_letter = fields.Boolean(
        string="Printed Letter",
        help="The customer appears in the follow-up list as a letter to print.",
    )
    activity_user = fields.Selection(
        [
            ("salesperson", "Salesperson"),
            ("accountant", "Accountant"),
            ("manager", "Sales Team Leader"),
        ],
        string="Activity For",
        help="Plan an activity on the customer for this person (the accountant "
        "is the user who runs the follow-up).",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Kind",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        ),
    )
    block_customer = fields.Boolean(
        string="Block",
        help="The customer is flagged as blocked for new sales until paid.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("delay", "company_id")
    def _check_delay(self):
        for level in self:
            if level.delay < 0:
                raise ValidationError(
                    self.env._(
                        "The follow-up level %(name)s cannot start %(days)s days "
                        "after the due date: the delay cannot be negative.",
                        name=level.name,
                        days=level.delay,
                    )
                )
            twin = self.with_context(active_test=False).search_count(
                [
                    ("company_id", "=", level.company_id.id),
                    ("delay", "=", level.delay),
                    ("id", "!=", level.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a follow-up level %(days)s days "
                        "after the due date; give each level its own delay.",
                        company=level.company_id.name,
                        days=level.delay,
                    )
                )

    @api.model
    def _create_default_levels(self, companies):
        """Give each of ``companies`` without follow-up levels the shipped ones."""
        have = set(
            self.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        call = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        vals_list = [
            {
                "name": name,
                "company_id": company.id,
                "delay": delay,
                "send_email": email,
                "print_letter": letter,
                "activity_user": activity or False,
                "activity_type_id": (call if activity == "salesperson" else todo).id
                if activity and call and todo
                else False,
                "block_customer": block,
            }
            for company in companies
            if company.id not in have
            for delay, name, email, letter, activity, block in DEFAULT_LEVELS
        ]
        return self.create(vals_list)

    def action_create_default_levels(self):
        """Button of the levels list: the shipped levels for the user's companies
        that have none."""
        self._create_default_levels(self.env.companies)
        return True

    def _next_level(self):
        """The level after this one in its company, or an empty recordset."""
        self.ensure_one()
        return self.search(
            [("company_id", "=", self.company_id.id), ("delay", ">", self.delay)],
            order="delay",
            limit=1,
        )

import ast
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmTicketTeam(models.Model):
    _name = "crm.ticket.team"
    _description = "Helpdesk Team"
    # the alias turns each mail sent to the team's address into a ticket of the team
    _inherit = ["mail.alias.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_ticket_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        check_company=True,
        domain="[('share', '=', False)]",
    )
    # dashboard counters: non-stored, each filled for all the teams of the view by one
    # grouped query (see _dashboard_counter_domains)
    open_ticket_count = fields.Integer(
        string="Open Tickets", compute="_compute_dashboard_counts"
    )
    unassigned_ticket_count = fields.Integer(
        string="Unassigned", compute="_compute_dashboard_counts"
    )
    urgent_ticket_count = fields.Integer(
        string="Urgent or High", compute="_compute_dashboard_counts"
    )
    my_ticket_count = fields.Integer(
        string="My Open Tickets", compute="_compute_dashboard_counts"
    )
    today_ticket_count = fields.Integer(
        string="Opened Today", compute="_compute_dashboard_counts"
    )
    closed_week_ticket_count = fields.Integer(
        string="Closed in 7 Days", compute="_compute_dashboard_counts"
    )
    sla_failed_ticket_count = fields.Integer(
        string="Open with SLA Failed", compute="_compute_dashboard_counts"
    )
    sla_at_risk_ticket_count = fields.Integer(
        string="SLA at Risk", compute="_compute_dashboard_counts"
    )

    @api.depends_context("uid", "tz")
    def _compute_dashboard_counts(self):
        # the counts go through the user's record rules: a card shows the tickets
        # its reader may open
        Ticket = self.env["crm.ticket"]
        for field_name, domain in self._dashboard_counter_domains().items():
            counts = dict(
                Ticket._read_group(
                    [("team_id", "in", self.ids), *domain], ["team_id"], ["__count"]
                )
            )
            for team in self:
                team[field_name] = counts.get(team._origin, 0)

    # SLA: deadlines are counted in these working hours
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        help="SLA deadlines count these hours only. Empty: the company's working "
        "hours.",
    )
    sla_warning_hours = fields.Float(
        string="SLA Warning",
        default=1.0,
        help="Hours before an SLA deadline at which the assignee and the team "
        "leader get a to-do.",
    )

    _sql_constraints = [
        (
            "sla_warning_hours_positive",
            "CHECK (sla_warning_hours >= 0)",
            "The SLA warning cannot come after the deadline.",
        ),
    ]

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        # the team's company's hours, also when the team moves to another company
        for team in self:
            calendar = team.resource_calendar_id
            if not calendar or (
                calendar.company_id and calendar.company_id != team.company_id
            ):
                team.resource_calendar_id = team.company_id.resource_calendar_id

    def write(self, vals):
        res = super().write(vals)
        if {"resource_calendar_id", "sla_warning_hours"} & set(vals):
            # the open tickets' deadlines and warnings follow the new hours
            self.env["crm.ticket"].search(
                [("team_id", "in", self.ids), ("is_closed", "=", False)]
            )._sla_refresh()
        return res

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("crm.ticket")
        if self.id:
            defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults["team_id"] = self.id
            values["alias_defaults"] = defaults
        return values

    # ------------------------------------------------------------
    # DASHBOARD
    # ------------------------------------------------------------

    @api.model
    def _dashboard_counter_domains(self):
        """{counter field: ticket domain}. A new counter is a non-stored Integer
        computed by ``_compute_dashboard_counts`` plus its domain here: it costs
        one grouped query for all the teams, and its card button opens the same
        tickets it counts."""
        now = fields.Datetime.now()
        open_domain = [("is_closed", "=", False)]
        return {
            "open_ticket_count": open_domain,
            "unassigned_ticket_count": [*open_domain, ("user_id", "=", False)],
            "urgent_ticket_count": [*open_domain, ("priority", "in", ("2", "3"))],
            "my_ticket_count": [*open_domain, ("user_id", "=", self.env.uid)],
            "today_ticket_count": [("date_open", ">=", self._start_of_today())],
            "closed_week_ticket_count": [
                ("is_closed", "=", True),
                ("date_closed", ">=", now - timedelta(days=7)),
            ],
            "sla_failed_ticket_count": [*open_domain, ("is_sla_failed", "=", True)],
            "sla_at_risk_ticket_count": [*open_domain, ("is_sla_at_risk", "=", True)],
        }

    @api.model
    def _start_of_today(self):
        """Midnight of the user's today, as a UTC datetime (tickets store UTC)."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        today = fields.Datetime.context_timestamp(self, fields.Datetime.now()).date()
        return (
            tz.localize(datetime.combine(today, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )

    def action_open_dashboard_tickets(self):
        """The tickets behind one counter of the team's card (the context's
        ``crm_suite_counter``), or all its open tickets."""
        self.ensure_one()
        counter = self.env.context.get("crm_suite_counter") or "open_ticket_count"
        domains = self._dashboard_counter_domains()
        if counter not in domains:
            raise UserError(self.env._("Unknown counter: %(name)s", name=counter))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_action"
        )
        action["display_name"] = self.env._(
            "%(team)s: %(counter)s",
            team=self.name,
            counter=self._fields[counter].get_description(self.env)["string"],
        )
        action["domain"] = [("team_id", "=", self.id), *domains[counter]]
        action["context"] = {"default_team_id": self.id}
        return action

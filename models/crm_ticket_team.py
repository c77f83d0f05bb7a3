import ast

from odoo import fields, models


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
    # SLA: deadlines are counted in these working hours
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
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

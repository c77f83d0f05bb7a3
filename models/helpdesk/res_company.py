from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_ticket_portal_team_id = fields.Many2one(
        "crm.ticket.team",
        string="Portal Helpdesk Team",
        domain="[('company_id', '=', id)]",
        help="The team of the tickets customers open from their portal. Empty: "
        "the company's first helpdesk team.",
    )
    crm_support_hour_cost = fields.Monetary(
        string="Support Cost per Hour",
        currency_field="currency_id",
        help="What an hour of support time costs the company, for agents without "
        "their own cost per hour: the customer profitability subtracts the hours "
        "logged on a customer's tickets times this cost.",
    )

    @api.constrains("crm_support_hour_cost")
    def _check_crm_support_hour_cost(self):
        if any(company.crm_support_hour_cost < 0 for company in self):
            raise ValidationError(
                self.env._("A support cost per hour cannot be negative.")
            )

    @api.constrains("crm_ticket_portal_team_id")
    def _check_crm_ticket_portal_team_id(self):
        for company in self:
            team = company.crm_ticket_portal_team_id
            if team and team.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The portal helpdesk team %(team)s belongs to "
                        "%(team_company)s, not to %(company)s.",
                        team=team.name,
                        team_company=team.company_id.name,
                        company=company.name,
                    )
                )

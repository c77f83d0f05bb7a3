from odoo import api, models


class CrmTicket(models.Model):
    # the customer portal: each ticket has its page under /my/tickets and an access
    # token, like the other portal documents (orders, invoices, tasks)
    _name = "crm.ticket"
    _inherit = ["crm.ticket", "portal.mixin"]

    def _compute_access_url(self):
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"

    @api.model
    def _portal_default_team(self):
        """The team of the tickets opened from the portal: the one set on the
        current company, else the company's first team."""
        company = self.env.company
        # sudo usage: portal users read neither the company's settings nor the
        # helpdesk teams; only the team is returned, for the new ticket
        team = company.sudo().crm_ticket_portal_team_id
        if not team:
            team = (
                self.env["crm.ticket.team"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
            )
        return team.sudo(False)

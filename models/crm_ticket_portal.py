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
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # Odoo's portal compares the token given with the ticket's own, and fails
        # with a server error when the ticket has none yet: no token opens such a
        # ticket
        # sudo usage: only whether the ticket has a token is read
        if kwargs.get("token") and not (
            self.browse(thread_id).sudo().exists().access_token
        ):
            kwargs = dict(kwargs, token=None)
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

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

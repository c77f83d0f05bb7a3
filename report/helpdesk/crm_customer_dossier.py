from odoo import api, models

DOSSIER_TICKET_LIMIT = 20


class ReportCustomerDossier(models.AbstractModel):
    """The helpdesk's section of the customer dossier: the customer's tickets."""

    _inherit = "report.crm_suite.report_customer_dossier"

    @api.model
    def _prepare_sections(self, commercial):
        return {
            **super()._prepare_sections(commercial),
            **self._prepare_tickets(commercial),
        }

    @api.model
    def _prepare_tickets(self, commercial):
        """The customer's tickets, open ones first, read as the reader: the section
        shows only to readers with ticket rights, and only the tickets their
        record rules let them see."""
        Ticket = self.env["crm.ticket"]
        if not Ticket.has_access("read"):
            return {"show_tickets": False, "tickets": Ticket}
        tickets = Ticket.search(
            [("commercial_partner_id", "=", commercial.id)],
            order="is_closed, date_open desc, id desc",
            limit=DOSSIER_TICKET_LIMIT,
        )
        return {"show_tickets": True, "tickets": tickets}

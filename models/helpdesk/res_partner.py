from odoo import models


class ResPartner(models.Model):
    # the customer's tickets, opened from a button of the partner form
    _inherit = "res.partner"

    def action_view_tickets(self):
        """The tickets of this partner's commercial entity. The button has no
        counter: a count would cost a query on every opening of the form."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_action"
        )
        commercial = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", commercial.id)]
        action["context"] = {
            "default_partner_id": commercial.id,
            "default_contact_id": self.id if self != commercial else False,
            "search_default_filter_open": 1,
        }
        return action

from odoo import api, fields, models


class CrmContactLog(models.Model):
    """A contact log about a helpdesk ticket."""

    _inherit = "crm.contact.log"

    ticket_id = fields.Many2one(
        "crm.ticket",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The helpdesk ticket this contact was about.",
    )

    @api.constrains("partner_id", "ticket_id")
    def _check_ticket_id(self):
        # sudo usage: the log's author may not read the ticket (another team's);
        # the check only compares the two customers
        self.sudo()._crm_suite_check_same_customer(
            "ticket_id",
            lambda log: self.env._(
                "The ticket %(ticket)s is not a ticket of %(partner)s.",
                ticket=log.ticket_id.display_name,
                partner=log.partner_id.display_name,
            ),
        )

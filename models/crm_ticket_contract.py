from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTicket(models.Model):
    """The support contract of a ticket and the time logged on it."""

    _inherit = "crm.ticket"

    contract_id = fields.Many2one(
        "crm.support.contract",
        string="Support Contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', commercial_partner_id), "
        "('state', '=', 'running')]",
        help="Defaults to the customer's running contract when there is exactly one.",
    )
    time_log_ids = fields.One2many(
        "crm.ticket.time.log",
        "ticket_id",
        string="Time Logs",
        groups="crm_suite.group_crm_suite_helpdesk_user",
    )
    time_total = fields.Float(
        string="Time Spent",
        digits=(16, 2),
        compute="_compute_time_total",
        groups="crm_suite.group_crm_suite_helpdesk_user",
    )

    @api.depends("partner_id", "company_id")
    def _compute_contract_id(self):
        tickets = self.filtered(
            lambda t: (
                t.commercial_partner_id
                and t.contract_id.partner_id != t.commercial_partner_id
            )
        )
        (self - tickets).filtered(lambda t: not t.partner_id).contract_id = False
        if not tickets:
            return
        # one query for the batch: the running contracts of its customers
        running = defaultdict(list)
        # sudo usage: the default only looks up which contract applies; the user
        # picks among the contracts of the field's domain
        rows = (
            self.env["crm.support.contract"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "running"),
                    ("partner_id", "in", tickets.commercial_partner_id.ids),
                    ("company_id", "in", tickets.company_id.ids),
                ],
                ["partner_id", "company_id"],
                ["id:array_agg"],
            )
        )
        for partner, company, ids in rows:
            running[partner.id, company.id] = ids
        for ticket in tickets:
            ids = running[ticket.commercial_partner_id.id, ticket.company_id.id]
            ticket.contract_id = ids[0] if len(ids) == 1 else False

    @api.depends("time_log_ids.hours")
    def _compute_time_total(self):
        totals = dict(
            self.env["crm.ticket.time.log"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["hours:sum"]
            )
        )
        for ticket in self:
            ticket.time_total = totals.get(ticket._origin, 0.0)

    @api.constrains("contract_id", "partner_id")
    def _check_contract_id(self):
        # sudo usage: compares customers; the contract may be another team's
        for ticket in self.sudo().filtered("contract_id"):
            if ticket.contract_id.partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The support contract %(contract)s is with %(holder)s, not "
                        "with the ticket's customer %(partner)s.",
                        contract=ticket.contract_id.name,
                        holder=ticket.contract_id.partner_id.display_name,
                        partner=ticket.partner_id.display_name
                        or self.env._("(no customer)"),
                    )
                )

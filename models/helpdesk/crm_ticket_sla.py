from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTicketSla(models.Model):
    """A service level: how fast a ticket gets its first answer and its solution,
    counted in the working hours of the ticket's team.

    A ticket gets one policy, chosen when it is created or when its team, priority,
    category, customer or company change (see :meth:`_match_ticket`): among the
    active policies of its company that match it, the most specific one wins
    (customers, then categories, then team, then the highest minimum priority),
    then the lowest sequence."""

    _name = "crm.ticket.sla"
    _description = "Helpdesk SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "crm.ticket.team",
        string="Helpdesk Team",
        index="btree_not_null",
        check_company=True,
        help="Leave empty for the tickets of every team.",
    )
    priority = fields.Selection(
        selection="_selection_priority",
        string="Minimum Priority",
        required=True,
        default="0",
        help="The policy applies to tickets of this priority or higher.",
    )
    category_ids = fields.Many2many(
        "crm.ticket.category",
        string="Categories",
        help="Leave empty for tickets of any category.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('parent_id', '=', False)]",
        help="Companies or individuals (their contacts' tickets count too). "
        "Leave empty for every customer.",
    )
    time_first_response = fields.Float(
        string="Hours to First Response",
        help="Working hours of the team before the first answer to the customer; "
        "0 does not measure it.",
    )
    time_resolution = fields.Float(
        string="Hours to Resolution",
        help="Working hours of the team before the ticket is closed, time spent "
        "waiting for the customer excluded; 0 does not measure it.",
    )
    description = fields.Text(translate=True)
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    def _compute_ticket_count(self):
        counts = dict(
            self.env["crm.ticket"]._read_group(
                [("sla_id", "in", self.ids), ("is_closed", "=", False)],
                ["sla_id"],
                ["__count"],
            )
        )
        for policy in self:
            policy.ticket_count = counts.get(policy, 0)

    def _selection_priority(self):
        # the ticket's own priorities, so both lists never drift apart
        return self.env["crm.ticket"]._fields["priority"].selection

    @api.constrains("time_first_response", "time_resolution")
    def _check_times(self):
        for policy in self:
            if policy.time_first_response < 0 or policy.time_resolution < 0:
                raise ValidationError(
                    self.env._(
                        "The SLA policy %(policy)s has a negative number of hours: "
                        "use 0 to leave a time unmeasured.",
                        policy=policy.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if {"time_first_response", "time_resolution"} & set(vals):
            # the open tickets under the policy keep their policy, with its new
            # times; a change of scope applies to tickets as they change
            # sudo usage: a manager may not see every ticket of the policy
            self.env["crm.ticket"].sudo().search(
                [("sla_id", "in", self.ids), ("is_closed", "=", False)]
            )._sla_refresh()
        return res

    def _match_ticket(self, ticket):
        """The policy of ``self`` (active policies, read once per batch) that
        applies to ``ticket``, or an empty recordset."""
        matching = self.filtered(
            lambda p: (
                p.company_id == ticket.company_id
                and (not p.team_id or p.team_id == ticket.team_id)
                and int(p.priority) <= int(ticket.priority or 0)
                and (not p.category_ids or ticket.category_id in p.category_ids)
                and (
                    not p.partner_ids
                    or ticket.commercial_partner_id in p.partner_ids
                    or ticket.partner_id in p.partner_ids
                )
            )
        )
        if not matching:
            return self.browse()
        return min(
            matching,
            key=lambda p: (
                not p.partner_ids,
                not p.category_ids,
                not p.team_id,
                -int(p.priority),
                p.sequence,
                p.id,
            ),
        )

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_action"
        )
        action["domain"] = [("sla_id", "=", self.id)]
        return action

from odoo import fields, models
from odoo.tools import SQL

from ..deal.res_partner import PROFIT_GROUPS


class ResPartner(models.Model):
    """The customer's tickets: a button of the partner form, their entries in
    the timeline."""

    _inherit = "res.partner"

    # its share of the customer profit (crm.money._customer_cost_sources)
    crm_profit_support_cost = fields.Monetary(
        string="Support Cost",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Hours logged on the customer's tickets times the agent's support "
        "cost per hour (user form), else the company's default (Settings).",
    )

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

    # ------------------------------------------------------------
    # TIMELINE
    # ------------------------------------------------------------

    def _crm_suite_timeline_sources(self):
        # the opening and closing of the customer's tickets
        _ = self.env._
        return [
            *super()._crm_suite_timeline_sources(),
            {
                "kind": "ticket",
                "label": _("Tickets"),
                "icon": "fa-life-ring",
                "model": "crm.ticket",
                "method": self._crm_suite_timeline_tickets,
                "sequence": 80,
            },
        ]

    def _crm_suite_timeline_tickets(self, scope):
        """Two entries per ticket: its opening and, once closed, its closing."""
        Ticket = self.env["crm.ticket"].with_context(active_test=False)
        Stage = self.env["crm.ticket.stage"]

        def branch(fname, label, domain):
            query = Ticket._search(
                [("commercial_partner_id", "=", scope["commercial"].id), *domain]
                + self._crm_suite_timeline_dates(scope, fname, is_day=False)
            )
            ticket = query.table
            stage = query.left_join(
                ticket, "stage_id", "crm_ticket_stage", "id", "stage_id"
            )
            return self._crm_suite_timeline_branch(
                query,
                scope,
                "ticket",
                date=SQL.identifier(ticket, fname),
                row_id=SQL.identifier(ticket, "id"),
                res_model=SQL("%s", Ticket._name),
                res_id=SQL.identifier(ticket, "id"),
                title=SQL(
                    "CONCAT_WS(' ', %s, %s)",
                    SQL.identifier(ticket, "number"),
                    SQL.identifier(ticket, "name"),
                ),
                subtitle=SQL(
                    "CONCAT_WS(' · ', %s, %s)",
                    label,
                    Stage._field_to_sql(stage, "name"),
                ),
                user_id=SQL.identifier(ticket, "user_id"),
            )

        return SQL(
            "%s UNION ALL %s",
            branch("date_open", self.env._("Opened"), [("date_open", "!=", False)]),
            branch("date_closed", self.env._("Closed"), [("date_closed", "!=", False)]),
        )

from odoo import fields, models, tools
from odoo.tools import SQL

from ...models.helpdesk.crm_ticket_sla_clock import SLA_STATUSES


class CrmTicketSlaReport(models.Model):
    """One row per ticket with its SLA outcome. A view rather than the tickets
    themselves: times not measured yet are NULL here, so the averages only count
    the tickets answered (or closed), and the compliance only the decided ones."""

    _name = "crm.ticket.sla.report"
    _description = "SLA Analysis"
    _auto = False
    _order = "date_open desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("crm.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.ticket.team", string="Helpdesk Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("crm.ticket.category", readonly=True)
    sla_id = fields.Many2one("crm.ticket.sla", string="SLA Policy", readonly=True)
    stage_id = fields.Many2one("crm.ticket.stage", readonly=True)
    priority = fields.Selection(
        selection=lambda self: self.env["crm.ticket"]._fields["priority"].selection,
        readonly=True,
    )
    is_closed = fields.Boolean(string="Closed", readonly=True)
    date_open = fields.Datetime(string="Opened On", readonly=True)
    sla_status_response = fields.Selection(
        SLA_STATUSES, string="First Response SLA", readonly=True
    )
    sla_status_resolution = fields.Selection(
        SLA_STATUSES, string="Resolution SLA", readonly=True
    )
    sla_compliance = fields.Float(
        string="SLA Compliance (%)",
        readonly=True,
        aggregator="avg",
        help="100 for a ticket whose measured SLAs were all reached, 0 when one "
        "failed; tickets still running do not count.",
    )
    sla_reached_count = fields.Integer(string="SLA Reached", readonly=True)
    sla_failed_count = fields.Integer(string="SLA Failed", readonly=True)
    hours_response = fields.Float(
        string="Hours to First Response", readonly=True, aggregator="avg"
    )
    hours_resolution = fields.Float(
        string="Hours to Resolution", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT t.id, t.id AS ticket_id, t.company_id, t.team_id,
                           t.user_id, t.commercial_partner_id AS partner_id,
                           t.category_id, t.sla_id, t.stage_id, t.priority,
                           t.is_closed, t.date_open,
                           t.sla_status_response, t.sla_status_resolution,
                           CASE WHEN t.is_sla_failed THEN 0
                                WHEN t.sla_id IS NOT NULL
                                 AND COALESCE(t.sla_status_response, 'reached')
                                     = 'reached'
                                 AND COALESCE(t.sla_status_resolution, 'reached')
                                     = 'reached'
                                 AND (t.sla_status_response IS NOT NULL
                                      OR t.sla_status_resolution IS NOT NULL)
                                THEN 100
                           END AS sla_compliance,
                           COALESCE((t.sla_status_response = 'reached')::int, 0)
                           + COALESCE((t.sla_status_resolution = 'reached')::int, 0)
                               AS sla_reached_count,
                           COALESCE((t.sla_status_response = 'failed')::int, 0)
                           + COALESCE((t.sla_status_resolution = 'failed')::int, 0)
                               AS sla_failed_count,
                           CASE WHEN t.date_first_response IS NOT NULL
                                  OR t.date_closed IS NOT NULL
                                THEN t.sla_hours_response END AS hours_response,
                           CASE WHEN t.date_closed IS NOT NULL
                                THEN t.sla_hours_resolution END AS hours_resolution
                      FROM crm_ticket t
                     WHERE t.active
                )
                """,
                SQL.identifier(self._table),
            )
        )

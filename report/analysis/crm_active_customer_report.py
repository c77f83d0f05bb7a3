from odoo import fields, models
from odoo.tools import SQL


class CrmActiveCustomerReport(models.Model):
    """Active customers per salesperson and month, against the month before.

    A customer (commercial entity) is ACTIVE in a month for a salesperson when, in
    that month, the customer had a contact log, or a deal of the customer was
    created, moved to another stage, or won. It counts for the log's responsible or
    the deal's salesperson, and for the customer's own salesperson.

    One row per (month, customer, salesperson, company) where the customer was
    active this month or the month before: ``new`` (active now, not before),
    ``retained`` (both), ``lost`` (before, not now)."""

    _name = "crm.active.customer.report"
    _inherit = "crm.analysis.mixin"
    _description = "Active Customers Analysis"
    _auto = False
    _analysis_month_field = "date"
    _order = "date desc, id desc"

    date = fields.Date(
        string="Month",
        readonly=True,
        help="First day of the month the row is about (UTC dates).",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, help="A commercial entity."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        help="A user who took part in the contact (its responsible or another "
        "participant) or owns the deal, or the customer's salesperson.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The salesperson's main sales team.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    territory_id = fields.Many2one(
        "crm.territory", string="Customer Territory", readonly=True
    )
    industry_id = fields.Many2one(
        "res.partner.industry", string="Customer Industry", readonly=True
    )
    is_active = fields.Boolean(
        string="Active",
        readonly=True,
        help="Active in the month: a contact log, or a deal created, moved to "
        "another stage or won, that month.",
    )
    active_previous = fields.Boolean(string="Active Month Before", readonly=True)
    active_count = fields.Integer(
        string="Active Customers",
        readonly=True,
        aggregator="sum",
        help="Customers active in the month.",
    )
    previous_count = fields.Integer(
        string="Active the Month Before",
        readonly=True,
        aggregator="sum",
        help="Customers active in the month before.",
    )
    new_count = fields.Integer(
        string="New Active",
        readonly=True,
        aggregator="sum",
        help="Active in the month, not in the month before.",
    )
    retained_count = fields.Integer(
        string="Still Active",
        readonly=True,
        aggregator="sum",
        help="Active in the month and in the month before.",
    )
    lost_count = fields.Integer(
        string="No Longer Active",
        readonly=True,
        aggregator="sum",
        help="Active in the month before, not in the month.",
    )

    def _events_sql(self):
        """What makes a customer active: (month, customer, user, company, the
        customer's salesperson). Stage moves come from Odoo's stage tracking."""
        moves = self.env["crm.deal.funnel.report"]._stage_moves_sql()
        return SQL(
            """
            SELECT date_trunc('month', log.date)::date AS month,
                   log.commercial_partner_id AS partner_id, log.user_id,
                   log.company_id
              FROM crm_contact_log log
            UNION ALL
            -- the other customers met (a person met makes their company active)
            SELECT date_trunc('month', log.date)::date,
                   met.commercial_partner_id, log.user_id, log.company_id
              FROM crm_contact_log_res_partner_rel rel
              JOIN crm_contact_log log ON log.id = rel.log_id
              JOIN res_partner met ON met.id = rel.partner_id
            UNION ALL
            -- our other participants
            SELECT date_trunc('month', log.date)::date,
                   log.commercial_partner_id, rel.user_id, log.company_id
              FROM crm_contact_log_res_users_rel rel
              JOIN crm_contact_log log ON log.id = rel.log_id
             WHERE rel.user_id <> log.user_id
            UNION ALL
            -- the other customers met, for our other participants
            SELECT date_trunc('month', log.date)::date,
                   met.commercial_partner_id, users.user_id, log.company_id
              FROM crm_contact_log_res_partner_rel rel
              JOIN crm_contact_log log ON log.id = rel.log_id
              JOIN res_partner met ON met.id = rel.partner_id
              JOIN crm_contact_log_res_users_rel users ON users.log_id = log.id
             WHERE users.user_id <> log.user_id
            UNION ALL
            SELECT date_trunc('month', event.date)::date,
                   customer.commercial_partner_id, lead.user_id, lead.company_id
              FROM crm_lead lead
              JOIN res_partner customer ON customer.id = lead.partner_id
         LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
              JOIN LATERAL (
                  SELECT lead.create_date AS date
                  UNION ALL
                  SELECT lead.date_closed WHERE stage.is_won AND lead.active
              ) event ON event.date IS NOT NULL
            UNION ALL
            SELECT date_trunc('month', move.date)::date,
                   customer.commercial_partner_id, lead.user_id, lead.company_id
              FROM (%(moves)s) move
              JOIN crm_lead lead ON lead.id = move.lead_id
              JOIN res_partner customer ON customer.id = lead.partner_id
            """,
            moves=moves,
        )

    def _analysis_query(self):
        return SQL(
            """
                    WITH events AS (%(events)s),
                    active AS (
                        SELECT DISTINCT event.month, event.partner_id,
                               owner.user_id, event.company_id
                          FROM events event
                          JOIN res_partner customer ON customer.id = event.partner_id
                          JOIN LATERAL (
                              SELECT event.user_id
                              UNION
                              SELECT customer.user_id
                          ) owner ON owner.user_id IS NOT NULL
                    ),
                    months AS (
                        SELECT month, partner_id, user_id, company_id,
                               TRUE AS now_active, FALSE AS before_active
                          FROM active
                        UNION ALL
                        SELECT (month + INTERVAL '1 month')::date, partner_id,
                               user_id, company_id, FALSE, TRUE
                          FROM active
                         WHERE month < date_trunc('month', NOW() AT TIME ZONE 'UTC')
                    ),
                    flags AS (
                        SELECT month, partner_id, user_id, company_id,
                               BOOL_OR(now_active) AS is_active,
                               BOOL_OR(before_active) AS active_previous
                          FROM months
                      GROUP BY month, partner_id, user_id, company_id
                    )
                    SELECT ROW_NUMBER() OVER (
                               ORDER BY flags.month, flags.partner_id, flags.user_id,
                                        flags.company_id
                           ) AS id,
                           flags.month AS date, flags.partner_id, flags.user_id,
                           usr.sale_team_id AS team_id, flags.company_id,
                           customer.crm_territory_id AS territory_id,
                           customer.industry_id,
                           flags.is_active, flags.active_previous,
                           flags.is_active::int AS active_count,
                           flags.active_previous::int AS previous_count,
                           (flags.is_active AND NOT flags.active_previous)::int
                               AS new_count,
                           (flags.is_active AND flags.active_previous)::int
                               AS retained_count,
                           (flags.active_previous AND NOT flags.is_active)::int
                               AS lost_count
                      FROM flags
                      JOIN res_partner customer ON customer.id = flags.partner_id
                      JOIN res_users usr ON usr.id = flags.user_id
            """,
            events=self._events_sql(),
        )

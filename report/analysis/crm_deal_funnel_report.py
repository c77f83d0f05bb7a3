from odoo import api, fields, models
from odoo.tools import SQL

# row id = deal id * ID_FACTOR + stage id: unique while stage ids stay below it
ID_FACTOR = 1 << 20


class CrmDealFunnelReport(models.Model):
    """One row per deal and stage the deal has been in, from Odoo's own stage tracking
    (the "Stage" changes in the deal's chatter, also read by ``duration_tracking``):
    how many deals reached each stage, how many were lost there and why, how long
    they stayed."""

    _name = "crm.deal.funnel.report"
    _inherit = "crm.analysis.mixin"
    _description = "Deal Funnel Analysis"
    _auto = False
    _order = "date_entered desc, id desc"

    lead_id = fields.Many2one("crm.lead", string="Deal", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        help="The commercial entity of the deal's customer.",
    )
    territory_id = fields.Many2one(
        "crm.territory", string="Customer Territory", readonly=True
    )
    industry_id = fields.Many2one(
        "res.partner.industry", string="Customer Industry", readonly=True
    )
    date_entered = fields.Datetime(
        string="Entered On",
        readonly=True,
        help="When the deal first entered the stage: its creation for the first "
        "stage, then the stage change in its chatter.",
    )
    days_in_stage = fields.Float(
        string="Days in Stage",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Days the deal spent in the stage, all its stays added up; the current "
        "stage counts until today, or until the deal was won or lost.",
    )
    is_entered = fields.Boolean(
        string="Reached",
        readonly=True,
        help="The deal was in this stage at some time (always true: a row is a "
        "stage the deal reached).",
    )
    is_lost_here = fields.Boolean(
        string="Lost in Stage",
        readonly=True,
        help="The deal was marked lost while it was in this stage.",
    )
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        readonly=True,
        help="The deal's lost reason, on the stage where it was lost.",
    )
    is_won = fields.Boolean(
        string="Deal Won",
        readonly=True,
        help="The deal is won (it is in a won stage): successful.",
    )
    count = fields.Integer(
        string="Deals Reached",
        readonly=True,
        aggregator="sum",
        help="Deals that were in the stage at some time.",
    )
    lost_count = fields.Integer(
        string="Deals Lost Here",
        readonly=True,
        aggregator="sum",
        help="Deals marked lost while in the stage.",
    )
    won_count = fields.Integer(
        string="Deals Won",
        readonly=True,
        aggregator="sum",
        help="Deals that reached the stage and are won today.",
    )

    @api.model
    def _stage_moves_sql(self):
        """The stage changes of every deal, as Odoo tracks them: lead_id, date,
        old_stage_id, new_stage_id, and seq (1 for the deal's first change)."""
        return SQL(
            """
            SELECT msg.res_id AS lead_id, msg.date,
                   NULLIF(tracking.old_value_integer, 0) AS old_stage_id,
                   NULLIF(tracking.new_value_integer, 0) AS new_stage_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY msg.res_id ORDER BY msg.date, tracking.id
                   ) AS seq
              FROM mail_tracking_value tracking
              JOIN mail_message msg ON msg.id = tracking.mail_message_id
             WHERE msg.model = 'crm.lead'
               AND tracking.field_id = (
                   SELECT id FROM ir_model_fields
                    WHERE model = 'crm.lead' AND name = 'stage_id'
               )
            """
        )

    def _analysis_query(self):
        return SQL(
            """
                    WITH moves AS (%(moves)s),
                    visits AS (
                        -- the first stage: from the deal's creation to its first move
                        SELECT lead.id AS lead_id,
                               COALESCE(first_move.old_stage_id, lead.stage_id)
                                   AS stage_id,
                               lead.create_date AS date_entered,
                               first_move.date AS date_left
                          FROM crm_lead lead
                     LEFT JOIN moves first_move
                            ON first_move.lead_id = lead.id AND first_move.seq = 1
                         WHERE lead.type = 'opportunity'
                           -- a first change from no stage starts the history itself
                           AND (first_move.lead_id IS NULL
                                OR first_move.old_stage_id IS NOT NULL)
                        UNION ALL
                        -- every later stage: from a move to the next one
                        SELECT move.lead_id, move.new_stage_id, move.date,
                               next_move.date
                          FROM moves move
                     LEFT JOIN moves next_move
                            ON next_move.lead_id = move.lead_id
                           AND next_move.seq = move.seq + 1
                    ),
                    stays AS (
                        SELECT visits.lead_id, visits.stage_id,
                               MIN(visits.date_entered) AS date_entered,
                               SUM(EXTRACT(EPOCH FROM (
                                   COALESCE(
                                       visits.date_left,
                                       CASE WHEN NOT lead.active OR stage.is_won
                                            THEN lead.date_closed END,
                                       NOW() AT TIME ZONE 'UTC'
                                   ) - visits.date_entered
                               ))) / 86400.0 AS days
                          FROM visits
                          JOIN crm_lead lead ON lead.id = visits.lead_id
                     LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                         WHERE visits.stage_id IS NOT NULL
                           AND lead.type = 'opportunity'
                      GROUP BY visits.lead_id, visits.stage_id
                    )
                    SELECT stays.lead_id::bigint * %(factor)s + stays.stage_id AS id,
                           stays.lead_id, stays.stage_id, lead.user_id, lead.team_id,
                           lead.company_id,
                           customer.commercial_partner_id AS partner_id,
                           lead.crm_territory_id AS territory_id,
                           lead.partner_industry_id AS industry_id,
                           stays.date_entered,
                           GREATEST(stays.days, 0) AS days_in_stage,
                           TRUE AS is_entered,
                           lost.is_lost AND stays.stage_id = lead.stage_id
                               AS is_lost_here,
                           CASE WHEN lost.is_lost AND stays.stage_id = lead.stage_id
                                THEN lead.lost_reason_id END AS lost_reason_id,
                           COALESCE(current_stage.is_won, FALSE) AND lead.active
                               AS is_won,
                           1 AS count,
                           CASE WHEN lost.is_lost AND stays.stage_id = lead.stage_id
                                THEN 1 ELSE 0 END AS lost_count,
                           CASE WHEN current_stage.is_won AND lead.active
                                THEN 1 ELSE 0 END AS won_count
                      FROM stays
                      JOIN crm_lead lead ON lead.id = stays.lead_id
                 LEFT JOIN crm_stage current_stage
                        ON current_stage.id = lead.stage_id
                 LEFT JOIN res_partner customer ON customer.id = lead.partner_id
                     CROSS JOIN LATERAL (
                         SELECT NOT lead.active AND lead.probability = 0 AS is_lost
                     ) lost
            """,
            moves=self._stage_moves_sql(),
            factor=ID_FACTOR,
        )

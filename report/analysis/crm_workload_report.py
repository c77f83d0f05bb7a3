from odoo import fields, models, tools
from odoo.tools import SQL

# Each source gets its own residue of the row id, so ids stay unique across the union.
ID_STRIDE = 6
# A contact log's other participants: one row per (log, user), the user id in the low
# bits of the row id (user ids stay far below 2**20).
PARTICIPANT_SHIFT = 1 << 20


class CrmWorkloadReport(models.Model):
    """Planned work against done work, per user and day: open activities by deadline,
    calendar meetings per internal attendee, contact logs done, overdue activities.

    One row per activity, meeting attendee or contact log, with ``count`` = 1: the
    pivot sums ``count`` per user, day (week, month) and kind of work."""

    _name = "crm.workload.report"
    _inherit = "crm.analysis.mixin"
    _description = "Workload Analysis"
    _auto = False
    _analysis_month_field = "date"
    _order = "date desc, id desc"

    user_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The deal's team for work on a deal or logged on a deal, else the "
        "user's main sales team.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(
        readonly=True,
        help="Activities: their deadline. Meetings: their start day. Contact logs: "
        "the day of the contact (UTC).",
    )
    kind = fields.Selection(
        [
            ("activity_planned", "Activity planned"),
            ("meeting_planned", "Meeting planned"),
            ("contact_done", "Contact done"),
            ("activity_overdue", "Activity overdue"),
            ("meeting_held", "Meeting held"),
        ],
        string="Kind of Work",
        readonly=True,
        help="Activity planned: an open activity (not done), on its deadline; "
        "meetings have their own kind. Meeting planned: a calendar meeting, once per "
        "internal attendee. Contact done: a contact log, once per participant user "
        "(the responsible and our other participants). Activity overdue: an open "
        "activity whose deadline is before today (also counted as planned). Meeting "
        "held: a calendar meeting that has a contact log made from it, once per "
        "internal attendee, on its start day (also counted as planned).",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        readonly=True,
        help="The activity's type, or the contact log's kind; empty for meetings.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        help="The commercial entity of the customer the work is for: the record's "
        "customer for an activity; for a meeting the deal's customer, else the "
        "linked contact, else the first attendee who is not one of our users.",
    )
    count = fields.Integer(readonly=True, aggregator="sum")

    def _activity_query(self, overdue=False):
        """Open activities (done ones are archived or deleted), with their customer;
        with ``overdue``, those due before today, as overdue. Activities of a calendar
        meeting are left to the meeting part."""
        return SQL(
            """
            SELECT activity.id * %(stride)s + %(offset)s AS id,
                   activity.user_id,
                   COALESCE(lead.team_id, usr.sale_team_id) AS team_id,
                   COALESCE(lead.company_id, usr.company_id) AS company_id,
                   activity.date_deadline AS date,
                   %(kind)s AS kind,
                   activity.activity_type_id,
                   COALESCE(lead_partner.commercial_partner_id,
                            partner.commercial_partner_id) AS partner_id,
                   1 AS count
              FROM mail_activity activity
         LEFT JOIN res_users usr ON usr.id = activity.user_id
         LEFT JOIN crm_lead lead
                ON activity.res_model = 'crm.lead' AND lead.id = activity.res_id
         LEFT JOIN res_partner lead_partner ON lead_partner.id = lead.partner_id
         LEFT JOIN res_partner partner
                ON activity.res_model = 'res.partner' AND partner.id = activity.res_id
             WHERE activity.active AND activity.calendar_event_id IS NULL
               AND (%(overdue)s IS FALSE OR activity.date_deadline < CURRENT_DATE)
            """,
            stride=ID_STRIDE,
            offset=3 if overdue else 0,
            kind="activity_overdue" if overdue else "activity_planned",
            overdue=overdue,
        )

    def _meeting_query(self, held=False):
        """Calendar meetings, one row per internal attendee (a user); with ``held``,
        only those with a contact log made from them, as held."""
        return SQL(
            """
            SELECT attendee.id * %(stride)s + %(offset)s AS id,
                   usr.id AS user_id,
                   COALESCE(lead.team_id, usr.sale_team_id) AS team_id,
                   COALESCE(lead.company_id, usr.company_id) AS company_id,
                   CASE WHEN event.allday THEN event.start_date
                        ELSE event.start::date END AS date,
                   %(kind)s AS kind,
                   NULL::integer AS activity_type_id,
                   COALESCE(
                       lead_partner.commercial_partner_id,
                       partner.commercial_partner_id,
                       -- else the first attendee who is not one of our users (one
                       -- index lookup per meeting: calendar_attendee_event_id_index)
                       (SELECT guest_partner.commercial_partner_id
                          FROM calendar_attendee guest_attendee
                          JOIN res_partner guest_partner
                            ON guest_partner.id = guest_attendee.partner_id
                         WHERE guest_attendee.event_id = event.id
                           AND NOT EXISTS (
                               SELECT 1 FROM res_users internal
                                WHERE internal.partner_id = guest_partner.id
                                  AND NOT internal.share
                           )
                      ORDER BY guest_attendee.id
                         LIMIT 1)
                   ) AS partner_id,
                   1 AS count
              FROM calendar_event event
              JOIN calendar_attendee attendee ON attendee.event_id = event.id
              JOIN res_users usr
                ON usr.partner_id = attendee.partner_id AND NOT usr.share
         LEFT JOIN crm_lead lead ON lead.id = event.opportunity_id
         LEFT JOIN res_partner lead_partner ON lead_partner.id = lead.partner_id
         LEFT JOIN res_partner partner
                ON event.res_model = 'res.partner' AND partner.id = event.res_id
             WHERE event.active %(held)s
            """,
            stride=ID_STRIDE,
            offset=5 if held else 1,
            kind="meeting_held" if held else "meeting_planned",
            # a plain IN (not inside an OR): one hashed semi-join, whatever the
            # indexes (on an update, init() runs before Odoo creates new indexes)
            held=SQL(
                """AND event.id IN (
                       SELECT log.calendar_event_id FROM crm_contact_log log
                        WHERE log.calendar_event_id IS NOT NULL
                   )"""
            )
            if held
            else SQL(),
        )

    def _contact_done_query(self):
        """Contact logs, for each of our participants: the responsible, and every other
        user who took part (``crm_contact_log_res_users_rel``, which also holds the
        responsible: skipped there so that a log counts once per user)."""
        return SQL(
            """
            SELECT log.id::bigint * %(stride)s + 2 AS id,
                   log.user_id,
                   log.team_id,
                   log.company_id,
                   log.date::date AS date,
                   'contact_done' AS kind,
                   log.activity_type_id,
                   log.commercial_partner_id AS partner_id,
                   1 AS count
              FROM crm_contact_log log
            UNION ALL
            SELECT (log.id::bigint * %(shift)s + rel.user_id) * %(stride)s + 4,
                   rel.user_id,
                   log.team_id,
                   log.company_id,
                   log.date::date,
                   'contact_done',
                   log.activity_type_id,
                   log.commercial_partner_id,
                   1
              FROM crm_contact_log_res_users_rel rel
              JOIN crm_contact_log log ON log.id = rel.log_id
             WHERE rel.user_id <> log.user_id
            """,
            stride=ID_STRIDE,
            shift=PARTICIPANT_SHIFT,
        )

    def init(self):
        # Odoo does not index the attendees by meeting; the meetings' customers are
        # looked up that way
        tools.create_index(
            self.env.cr,
            "calendar_attendee_event_id_index",
            "calendar_attendee",
            ["event_id"],
        )
        return super().init()

    def _analysis_query(self):
        return SQL(
            """
            -- a CTE used once: PostgreSQL inlines it
            WITH contacts_done AS (%(contacts_done)s)
            %(activities)s
            UNION ALL
            %(overdue)s
            UNION ALL
            %(meetings)s
            UNION ALL
            %(meetings_held)s
            UNION ALL
            SELECT * FROM contacts_done
            """,
            activities=self._activity_query(),
            overdue=self._activity_query(overdue=True),
            meetings=self._meeting_query(),
            meetings_held=self._meeting_query(held=True),
            contacts_done=self._contact_done_query(),
        )

from bisect import bisect_right
from datetime import timedelta

from pytz import utc

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

SLA_STATUSES = [("ongoing", "Ongoing"), ("reached", "Reached"), ("failed", "Failed")]
# the warning window of tickets without team
DEFAULT_WARNING_HOURS = 1.0
# the SLA fields the cron recomputes when a deadline has passed
SLA_COMPUTED_FIELDS = (
    "sla_deadline_response",
    "sla_deadline_resolution",
    "sla_status_response",
    "sla_status_resolution",
    "sla_hours_response",
    "sla_hours_resolution",
    "sla_deadline_next",
    "sla_date_warning",
    "is_sla_failed",
)


class WorkClock:
    """The working time of one calendar (``None``: around the clock), read once for
    a whole batch of tickets: planning and measuring cost no query per ticket."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.start = self.end = None
        self.starts, self.ends = [], []

    def load(self, start, end):
        """Read the working intervals between ``start`` and ``end`` (naive UTC)."""
        if not self.calendar or (
            self.start is not None and self.start <= start and end <= self.end
        ):
            return
        if self.start is not None:
            start, end = min(start, self.start), max(end, self.end)
        intervals = self.calendar._work_intervals_batch(
            start.replace(tzinfo=utc), end.replace(tzinfo=utc)
        )[False]
        pairs = [
            (
                a.astimezone(utc).replace(tzinfo=None),
                b.astimezone(utc).replace(tzinfo=None),
            )
            for a, b, _meta in intervals
        ]
        self.starts = [a for a, _b in pairs]
        self.ends = [b for _a, b in pairs]
        self.start, self.end = start, end

    def hours(self, start, end):
        """Working hours between two naive UTC datetimes."""
        if not start or not end or end <= start:
            return 0.0
        if not self.calendar:
            return (end - start).total_seconds() / 3600
        self.load(start, end)
        seconds = 0.0
        for index in range(bisect_right(self.ends, start), len(self.ends)):
            if self.starts[index] >= end:
                break
            span = min(self.ends[index], end) - max(self.starts[index], start)
            seconds += max(span.total_seconds(), 0.0)
        return seconds / 3600

    def plan(self, start, hours):
        """The moment ``hours`` working hours after ``start``, or None when the
        calendar has no working time in the next years."""
        if not self.calendar:
            return start + timedelta(hours=hours)
        # at least one working hour a day; read further when holidays eat it
        horizon = timedelta(days=max(7, hours))
        for _attempt in range(5):
            self.load(start, start + horizon)
            remaining = hours * 3600
            for index in range(bisect_right(self.ends, start), len(self.ends)):
                begin = max(self.starts[index], start)
                span = (self.ends[index] - begin).total_seconds()
                if span >= remaining:
                    return begin + timedelta(seconds=remaining)
                remaining -= span
            horizon *= 4
        return None


class CrmTicket(models.Model):
    _inherit = "crm.ticket"

    sla_id = fields.Many2one(
        "crm.ticket.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        store=True,
        index="btree_not_null",
        ondelete="set null",
        help="Chosen when the ticket is created or when its team, priority, "
        "category or customer change.",
    )
    sla_deadline_response = fields.Datetime(
        string="First Response Deadline", compute="_compute_sla", store=True
    )
    sla_deadline_resolution = fields.Datetime(
        string="Resolution Deadline", compute="_compute_sla", store=True
    )
    sla_status_response = fields.Selection(
        SLA_STATUSES, string="First Response SLA", compute="_compute_sla", store=True
    )
    sla_status_resolution = fields.Selection(
        SLA_STATUSES, string="Resolution SLA", compute="_compute_sla", store=True
    )
    sla_hours_response = fields.Float(
        string="Hours to First Response",
        compute="_compute_sla",
        store=True,
        aggregator="avg",
        help="Working hours from the opening to the first answer, time waiting for "
        "the customer excluded.",
    )
    sla_hours_resolution = fields.Float(
        string="Hours to Resolution",
        compute="_compute_sla",
        store=True,
        aggregator="avg",
        help="Working hours from the opening to the closing, time waiting for the "
        "customer excluded.",
    )
    sla_deadline_next = fields.Datetime(
        string="Next SLA Deadline",
        compute="_compute_sla",
        store=True,
        index="btree_not_null",
        help="The nearest deadline still running; empty while the ticket waits "
        "for the customer.",
    )
    sla_date_warning = fields.Datetime(
        string="SLA Warning On",
        compute="_compute_sla",
        store=True,
        index="btree_not_null",
        help="When the assignee and the team leader are warned of the next deadline.",
    )
    is_sla_failed = fields.Boolean(
        string="SLA Failed", compute="_compute_sla", store=True, index=True
    )
    is_sla_at_risk = fields.Boolean(
        string="SLA at Risk",
        compute="_compute_is_sla_at_risk",
        search="_search_is_sla_at_risk",
    )
    # set by events (stage changes, the cron), not computed
    sla_hours_waiting = fields.Float(
        string="Hours Waiting for Customer", readonly=True, copy=False
    )
    sla_date_waiting = fields.Datetime(
        string="Waiting Since", readonly=True, copy=False
    )
    sla_warned_deadline = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "company_id",
        "team_id",
        "priority",
        "category_id",
        "partner_id",
        "commercial_partner_id",
    )
    def _compute_sla_id(self):
        # sudo usage: customers (portal, mail gateway) open tickets without reading
        # the policies; read once for the whole batch
        policies_su = self.env["crm.ticket.sla"].sudo().search([])
        for ticket in self:
            ticket.sla_id = policies_su._match_ticket(ticket).id

    @api.depends(
        "sla_id",
        "date_open",
        "date_first_response",
        "date_closed",
        "stage_id",
        "sla_hours_waiting",
        "sla_warned_deadline",
    )
    def _compute_sla(self):
        now = fields.Datetime.now()
        clocks = self._sla_clocks(now)
        for ticket in self:
            clock = clocks[ticket._sla_calendar()]
            policy = ticket.sla_id.sudo()
            waited = ticket.sla_hours_waiting
            opened = ticket.date_open or now
            waiting = ticket.stage_id.is_waiting and not ticket.is_closed
            answered = ticket.date_first_response or ticket.date_closed
            ticket.sla_hours_response = max(clock.hours(opened, answered) - waited, 0)
            ticket.sla_hours_resolution = max(
                clock.hours(opened, ticket.date_closed) - waited, 0
            )
            deadlines = []
            for hours, done, deadline_field, status_field in (
                (
                    policy.time_first_response,
                    answered,
                    "sla_deadline_response",
                    "sla_status_response",
                ),
                (
                    policy.time_resolution,
                    ticket.date_closed,
                    "sla_deadline_resolution",
                    "sla_status_resolution",
                ),
            ):
                # the clock stopped while waiting: the deadline moves by that time
                deadline = hours and clock.plan(opened, hours + waited)
                if not deadline:
                    status = False
                elif done:
                    status = "reached" if done <= deadline else "failed"
                elif now > deadline and not waiting:
                    status = "failed"
                else:
                    status = "ongoing"
                    deadlines.append(deadline)
                ticket[deadline_field] = deadline or False
                ticket[status_field] = status
            next_deadline = min(deadlines) if deadlines and not waiting else False
            ticket.sla_deadline_next = next_deadline
            ticket.sla_date_warning = (
                next_deadline
                and next_deadline != ticket.sla_warned_deadline
                and next_deadline - timedelta(hours=ticket._sla_warning_hours())
            )
            ticket.is_sla_failed = "failed" in (
                ticket.sla_status_response,
                ticket.sla_status_resolution,
            )

    @api.depends("sla_deadline_next", "team_id.sla_warning_hours")
    def _compute_is_sla_at_risk(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_sla_at_risk = bool(
                ticket.sla_deadline_next
                and ticket.sla_deadline_next
                - timedelta(hours=ticket._sla_warning_hours())
                <= now
            )

    def _search_is_sla_at_risk(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        now = fields.Datetime.now()
        teams = self.env["crm.ticket.team"].with_context(active_test=False).search([])
        windows = {team.sla_warning_hours for team in teams} | {DEFAULT_WARNING_HOURS}
        # one range per window length: the domain stays on the indexed deadline
        domain = ["|"] * (len(windows) - 1)
        for hours in sorted(windows):
            with_window = [team.id for team in teams if team.sla_warning_hours == hours]
            team_domain = [("team_id", "in", with_window)]
            if hours == DEFAULT_WARNING_HOURS:
                team_domain = ["|", ("team_id", "=", False), *team_domain]
            domain += [
                "&",
                *team_domain,
                ("sla_deadline_next", "<=", now + timedelta(hours=hours)),
            ]
        at_risk = ["&", ("sla_deadline_next", "!=", False), *domain]
        return at_risk if (operator == "=") == value else ["!", *at_risk]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        waiting = tickets.filtered(lambda t: t.stage_id.is_waiting)
        if waiting:
            waiting.sla_date_waiting = fields.Datetime.now()
        return tickets

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["crm.ticket.stage"].browse(vals["stage_id"])
        now = fields.Datetime.now()
        if stage.is_waiting:
            entering = self.filtered(lambda t: not t.stage_id.is_waiting)
            leaving = self.browse()
        else:
            entering = self.browse()
            leaving = self.filtered(lambda t: t.stage_id.is_waiting)
        res = super().write(vals)
        if entering:
            entering.sla_date_waiting = now
        if leaving:
            # the SLA clock stopped while the customer had to answer
            clocks = leaving._sla_clocks(now)
            for ticket in leaving:
                waited = clocks[ticket._sla_calendar()].hours(
                    ticket.sla_date_waiting or now, now
                )
                ticket.write(
                    {
                        "sla_hours_waiting": ticket.sla_hours_waiting + waited,
                        "sla_date_waiting": False,
                    }
                )
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _sla_calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_warning_hours(self):
        self.ensure_one()
        return self.team_id.sla_warning_hours if self.team_id else DEFAULT_WARNING_HOURS

    def _sla_clocks(self, now):
        """One :class:`WorkClock` per calendar of these tickets, its working time
        read once over the whole period the batch needs."""
        by_calendar = {}
        for ticket in self:
            by_calendar.setdefault(ticket._sla_calendar(), []).append(ticket)
        clocks = {}
        for calendar, tickets in by_calendar.items():
            # sudo usage: agents read their team's working hours and leaves
            clock = WorkClock(calendar.sudo() or None)
            start = min(
                [t.date_open or now for t in tickets]
                + [t.sla_date_waiting or now for t in tickets]
            )
            hours = max(
                [
                    max(
                        t.sla_id.sudo().time_first_response,
                        t.sla_id.sudo().time_resolution,
                    )
                    + t.sla_hours_waiting
                    for t in tickets
                ]
            )
            clock.load(start, max(now, start) + timedelta(days=max(7, hours)))
            clocks[calendar] = clock
        return clocks

    def _sla_refresh(self, with_policy=False):
        """Recompute the SLA of these tickets now (deadlines passed since, new
        working hours); ``with_policy`` chooses their policy again first (tickets
        written by SQL, e.g. imports)."""
        fnames = (
            ("sla_id", *SLA_COMPUTED_FIELDS) if with_policy else SLA_COMPUTED_FIELDS
        )
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)

    @api.model
    def _cron_sla_warning(self, batch_size=1000):
        """Fail the SLAs whose deadline passed, then warn the assignee and the team
        leader of the tickets whose next deadline is near, once per deadline.

        Both come from indexed columns (``sla_deadline_next``, ``sla_date_warning``):
        the open tickets far from their deadlines cost nothing. The rows are locked
        (SKIP LOCKED) so a second worker, or a user saving the ticket, never makes a
        ticket processed twice; each run handles one batch and reports the rest,
        and Odoo's cron commits and calls again while something remains."""
        now = fields.Datetime.now()
        self.flush_model(["sla_deadline_next", "sla_date_warning"])
        breached = self.browse(
            self._sla_lock_ids("sla_deadline_next", SQL("< %s", now), batch_size)
        )
        breached._sla_refresh()
        breached.flush_recordset()
        to_warn = self.browse(
            self._sla_lock_ids(
                "sla_date_warning", SQL("<= %s", now), batch_size - len(breached)
            )
        )
        to_warn._sla_warn()
        remaining = self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM crm_ticket WHERE sla_deadline_next < %s "
                "OR sla_date_warning <= %s",
                now,
                now,
            )
        )[0][0]
        self.env["ir.cron"]._notify_progress(
            done=len(breached) + len(to_warn), remaining=remaining
        )
        return breached | to_warn

    def _sla_lock_ids(self, column, condition, limit):
        """The ids of up to ``limit`` tickets whose ``column`` meets ``condition``,
        the most urgent first, read along the column's index and locked."""
        if limit <= 0:
            return []
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM crm_ticket WHERE %s %s ORDER BY %s, id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                SQL.identifier(column),
                condition,
                SQL.identifier(column),
                limit,
            )
        )
        return [row[0] for row in rows]

    def _sla_warn(self):
        """A to-do for the assignee and for the team leader of each ticket, for its
        next deadline; the ticket is not warned again for that deadline."""
        if not self:
            return
        activity_type = self.env.ref("crm_suite.mail_activity_type_sla_warning")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        values = []
        for ticket in self:
            summary = self.env._(
                "SLA deadline %(deadline)s",
                deadline=format_datetime(self.env, ticket.sla_deadline_next),
            )
            for user in ticket.user_id | ticket.team_id.user_id:
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": summary,
                    }
                )
        # no mail per to-do: the warning shows in the users' activities
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            values
        )
        # one UPDATE for the batch; the computed warning date is cleared with it
        self.env.execute_query(
            SQL(
                "UPDATE crm_ticket SET sla_warned_deadline = sla_deadline_next, "
                "sla_date_warning = NULL WHERE id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["sla_warned_deadline", "sla_date_warning"])

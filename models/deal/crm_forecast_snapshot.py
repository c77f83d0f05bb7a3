import logging
from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL, create_unique_index, date_utils, format_date, formatLang

_logger = logging.getLogger(__name__)

# the forecast a line is measured against: Odoo's weighted (prorated) revenue
ACCURACY_FIELDS = {
    "won_accuracy": "won_revenue",
    "invoiced_accuracy": "invoiced_revenue",
}
# a forecast taken later than this into its month misses the deals already won or
# lost: it is flagged late and left out of the accuracy
SNAPSHOT_LATE_DAYS = 7
# columns written by the raw insert, besides the log-access ones
INSERT_COLUMNS = (
    "date_month",
    "date_snapshot",
    "company_id",
    "team_id",
    "user_id",
    "currency_id",
    "deal_count",
    "expected_revenue",
    "prorated_revenue",
    "won_count",
    "won_revenue",
    "invoiced_revenue",
    "won_accuracy",
    "invoiced_accuracy",
)


class CrmForecastSnapshot(models.Model):
    _name = "crm.forecast.snapshot"
    _inherit = ["crm.suite.cron.mixin"]
    _description = "Monthly Forecast Snapshot"
    _order = "date_month desc, company_id, team_id, user_id, id"
    _rec_name = "date_month"
    _check_company_auto = True

    date_month = fields.Date(
        string="Month",
        required=True,
        readonly=True,
        index=True,
        help="First day of the month the deals were expected to close in.",
    )
    date_snapshot = fields.Datetime(
        string="Forecast Taken On",
        readonly=True,
        help="When the forecast was taken. Empty on a line added later for revenue "
        "nobody forecast.",
    )
    is_late = fields.Boolean(
        string="Taken Late",
        readonly=True,
        help="The forecast was taken more than a week into its month (the module "
        "installed or the button pressed mid-month): the deals won or lost before "
        "were no longer open, so its accuracy is left out.",
    )
    date_refreshed = fields.Datetime(string="Actuals Refreshed On", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
    # history keeps its team and salesperson: archive them rather than delete them
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        check_company=True,
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id", store=True, precompute=True
    )
    # the forecast, as taken at the start of the month
    deal_count = fields.Integer(
        string="Deals Forecast",
        readonly=True,
        help="Open deals expected to close in the month.",
    )
    expected_revenue = fields.Monetary(readonly=True)
    prorated_revenue = fields.Monetary(
        string="Weighted Forecast",
        readonly=True,
        help="Expected revenue weighted by each deal's probability.",
    )
    # the actuals, refreshed by the daily cron
    won_count = fields.Integer(string="Deals Won", readonly=True)
    won_revenue = fields.Monetary(
        string="Revenue Won",
        readonly=True,
        help="Expected revenue of the deals won in the month.",
    )
    invoiced_revenue = fields.Monetary(
        string="Revenue Invoiced (untaxed)",
        readonly=True,
        help="Invoiced (untaxed) of the deals of this salesperson and team: their "
        "posted customer invoices dated in the month less their credit notes, "
        "untaxed, in the currency of the line's company.",
    )
    # grouped rows recompute these from the sums, see _read_group_select
    won_accuracy = fields.Float(
        string="Won / Forecast (%)",
        compute="_compute_accuracy",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Revenue won against the weighted forecast; empty without a forecast "
        "or with a forecast taken late in the month.",
    )
    invoiced_accuracy = fields.Float(
        string="Invoiced / Forecast (%)",
        compute="_compute_accuracy",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Revenue invoiced against the weighted forecast; empty without a "
        "forecast or with a forecast taken late in the month.",
    )

    def init(self):
        # team and salesperson may be empty: a plain UNIQUE would let NULLs repeat, so
        # the key coalesces them; two workers snapshotting a month cannot both insert
        create_unique_index(
            self.env.cr,
            "crm_forecast_snapshot_line_unique",
            self._table,
            [
                "date_month",
                "company_id",
                "COALESCE(team_id, 0)",
                "COALESCE(user_id, 0)",
            ],
        )

    @api.depends("prorated_revenue", "won_revenue", "invoiced_revenue", "is_late")
    def _compute_accuracy(self):
        for line in self:
            forecast = 0.0 if line.is_late else line.prorated_revenue
            line.won_accuracy = forecast and 100.0 * line.won_revenue / forecast
            line.invoiced_accuracy = (
                forecast and 100.0 * line.invoiced_revenue / forecast
            )

    @api.depends("date_month", "user_id", "team_id")
    def _compute_display_name(self):
        for line in self:
            month = line.date_month and line.date_month.strftime("%Y-%m") or ""
            owner = line.user_id.name or line.team_id.name or ""
            line.display_name = f"{month} {owner}".strip()

    def _read_group_select(self, aggregate_spec, query):
        # an accuracy of a group is its won (invoiced) total over its forecast total,
        # not the average of its lines' percentages
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if fname in ACCURACY_FIELDS and func == "avg":
            # lines of a forecast taken late count in neither total
            late = SQL(
                "COALESCE(%s, FALSE)",
                self._field_to_sql(self._table, "is_late", query),
            )
            return SQL(
                "SUM(CASE WHEN %s THEN NULL ELSE %s END) * 100.0"
                " / NULLIF(SUM(CASE WHEN %s THEN NULL ELSE %s END), 0)",
                late,
                self._field_to_sql(self._table, ACCURACY_FIELDS[fname], query),
                late,
                self._field_to_sql(self._table, "prorated_revenue", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # the snapshot itself inserts with SQL; a line made by hand must not repeat
        # a line's key (the unique index would answer with a database error)
        self._crm_suite_check_input(vals_list)  # the key's values are well typed
        keys = [
            (
                fields.Date.to_date(vals.get("date_month")),
                vals.get("company_id") or self.env.company.id,
                vals.get("team_id") or 0,
                vals.get("user_id") or 0,
            )
            for vals in vals_list
        ]
        self.flush_model(["date_month", "company_id", "team_id", "user_id"])
        if len(set(keys)) < len(keys) or self.env.execute_query(
            SQL(
                "SELECT 1 FROM %s WHERE (date_month, company_id, COALESCE(team_id, 0),"
                " COALESCE(user_id, 0)) IN %s LIMIT 1",
                SQL.identifier(self._table),
                tuple(keys),
            )
        ):
            raise ValidationError(
                self.env._(
                    "This month's forecast already has a line for this salesperson "
                    "and team."
                )
            )
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_take_snapshot(self):
        """Take this month's forecast now if not yet taken, and refresh the actuals
        not refreshed today, like the night cron does."""
        self._check_manager()
        month = date_utils.start_of(fields.Date.context_today(self), "month")
        missing = bool(self.sudo()._companies_without_snapshot(month))
        self._run_until_done(refresh_before=None)
        return self._notify_done(month, taken_now=missing)

    def action_refresh_actuals(self):
        """Refresh the actuals of this month and the previous one now."""
        self._check_manager()
        month = date_utils.start_of(fields.Date.context_today(self), "month")
        missing = bool(self.sudo()._companies_without_snapshot(month))
        self._run_until_done(refresh_before=fields.Datetime.now())
        return self._notify_done(month, taken_now=missing, refreshed=True)

    def _notify_done(self, month, taken_now, refreshed=False):
        """A notification saying what the button did, then the list reloaded."""
        env = self.env
        # sudo usage: the totals of the month for the sales administrator's message,
        # whatever the lines the record rules let them read
        [(taken_on, late, deals, forecast, won)] = self.sudo()._read_group(
            [
                ("date_month", "=", month),
                ("company_id", "in", env.companies.ids),
            ],
            [],
            [
                "date_snapshot:max",
                "is_late:bool_or",
                "deal_count:sum",
                "prorated_revenue:sum",
                "won_revenue:sum",
            ],
        )
        currency = env.company.currency_id
        month_text = format_date(env, month, date_format="MMMM y")
        messages = []
        if taken_now:
            messages.append(
                env._(
                    "Forecast of %(month)s taken: %(deals)s open deals, %(amount)s "
                    "weighted.",
                    month=month_text,
                    deals=deals or 0,
                    amount=formatLang(env, forecast or 0.0, currency_obj=currency),
                )
            )
        elif taken_on:
            messages.append(
                env._(
                    "The forecast of %(month)s was already taken on %(date)s; "
                    "actuals refreshed.",
                    month=month_text,
                    date=format_date(env, taken_on),
                )
                if not refreshed
                else env._(
                    "Actuals of %(month)s and the month before refreshed: "
                    "%(won)s won this month.",
                    month=month_text,
                    won=formatLang(env, won or 0.0, currency_obj=currency),
                )
            )
        if late:
            messages.append(
                env._(
                    "This forecast was taken late in the month: the deals won or "
                    "lost before were no longer open, so its accuracy is left out."
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": env._("Forecast Accuracy"),
                "message": " ".join(messages),
                "type": "warning" if late else "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_manager(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales administrators take forecast snapshots.")
            )

    def _run_until_done(self, refresh_before):
        # the cron does one batch per call; a button goes through them all, unless
        # another worker holds the rest
        remaining = None
        for _attempt in range(100):
            left = self._cron_snapshot_forecast(refresh_before=refresh_before)
            if not left or left == remaining:
                break
            remaining = left
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _cron_snapshot_forecast(self, batch_size=50, refresh_before=None):
        """Take the current month's forecast of each company that has none yet, then
        refresh the actuals of the current and previous month, ``batch_size``
        companies (or company months) at a time. Reruns and parallel workers add no
        line twice. Returns the number of units left for a next call."""
        # sudo usage: the forecast covers every salesperson's deals and the invoices,
        # which neither the cron user nor a sales administrator may all read; the lines
        # written are then read under this model's own record rules
        snapshot_su = self.sudo()
        today = fields.Date.context_today(self)
        month = date_utils.start_of(today, "month")
        if refresh_before is None:
            # midnight UTC, as the refresh times are UTC
            refresh_before = datetime.combine(fields.Date.today(), time.min)

        missing = snapshot_su._companies_without_snapshot(month)
        snapshot_batch = missing[:batch_size]
        snapshot_su._take_snapshot(month, snapshot_batch)

        stale = snapshot_su._stale_company_months(
            [month - relativedelta(months=1), month], refresh_before
        )
        refresh_batch = stale[: max(batch_size - len(snapshot_batch), 0)]
        snapshot_su._refresh_actuals(refresh_batch)

        done = len(snapshot_batch) + len(refresh_batch)
        remaining = len(missing) + len(stale) - done
        self._crm_suite_cron_progress(done, remaining)
        return remaining

    def _companies_without_snapshot(self, month):
        taken = {
            company
            for (company,) in self._read_group(
                [("date_month", "=", month), ("date_snapshot", "!=", False)],
                ["company_id"],
            )
        }
        return [
            company
            for company in self.env["res.company"].search([], order="id")
            if company not in taken
        ]

    def _stale_company_months(self, months, refresh_before):
        """(month, company) pairs with a snapshot whose actuals were refreshed
        before ``refresh_before``, oldest month first."""
        return self._read_group(
            [
                ("date_month", "in", months),
                "|",
                ("date_refreshed", "=", False),
                ("date_refreshed", "<", refresh_before),
            ],
            ["date_month:day", "company_id"],
            order="date_month:day, company_id",
        )

    def _fallback_company(self):
        # deals without a company count for the main company
        return self.env.ref("base.main_company", raise_if_not_found=False) or (
            self.env["res.company"].search([], order="id", limit=1)
        )

    def _month_bounds(self, month):
        return month, month + relativedelta(months=1)

    def _company_domain(self, companies, field="company_id"):
        company_ids = companies.ids
        if self._fallback_company() in companies:
            company_ids.append(False)
        return [(field, "in", company_ids)]

    def _take_snapshot(self, month, companies):
        """One line per company, team and salesperson with the open deals expected to
        close in ``month``; a company without any gets one empty line, so that its
        month counts as taken."""
        if not companies:
            return
        companies = self.env["res.company"].union(*companies)
        start, end = self._month_bounds(month)
        groups = self.env["crm.lead"]._read_group(
            [
                ("type", "=", "opportunity"),
                ("date_deadline", ">=", start),
                ("date_deadline", "<", end),
                "|",
                ("stage_id", "=", False),
                ("stage_id.is_won", "=", False),
                *self._company_domain(companies),
            ],
            ["company_id", "team_id", "user_id"],
            ["__count", "expected_revenue:sum", "prorated_revenue:sum"],
        )
        figures = defaultdict(lambda: [0, 0.0, 0.0])
        fallback = self._fallback_company()
        for company, team, user, count, expected, prorated in groups:
            key = (company or fallback, team, user)
            figures[key][0] += count
            figures[key][1] += expected
            figures[key][2] += prorated
        for company in companies - self.env["res.company"].union(
            *(key[0] for key in figures)
        ):
            figures[(company, self.env["crm.team"], self.env["res.users"])] = [0, 0, 0]
        now = fields.Datetime.now()
        is_late = now.date() > month + relativedelta(days=SNAPSHOT_LATE_DAYS - 1)
        self._insert_lines(
            [
                {
                    "date_month": month,
                    "date_snapshot": now,
                    "is_late": is_late,
                    "company_id": company.id,
                    "team_id": team.id,
                    "user_id": user.id,
                    "currency_id": company.currency_id.id,
                    "deal_count": count,
                    "expected_revenue": expected,
                    "prorated_revenue": prorated,
                }
                for (company, team, user), (count, expected, prorated) in (
                    figures.items()
                )
            ]
        )

    def _insert_lines(self, vals_list):
        """Insert raw lines, one statement per company. The caller checked that they
        were missing; if another worker inserted them since (a cron and a manager's
        button, or two managers), the unique index refuses the company's lines and
        they are skipped: the other worker wrote the same figures."""
        uid, now = self.env.uid, self.env.cr.now()
        columns = SQL(", ").join(
            SQL.identifier(column)
            for column in (*INSERT_COLUMNS, "is_late", "create_uid", "create_date")
            + ("write_uid", "write_date")
        )
        rows_by_company = defaultdict(list)
        for vals in vals_list:
            rows_by_company[vals["company_id"]].append(
                tuple(vals.get(column) or None for column in INSERT_COLUMNS[:6])
                + tuple(vals.get(column, 0) for column in INSERT_COLUMNS[6:])
                + (bool(vals.get("is_late")), uid, now, uid, now)
            )
        for company_id, rows in rows_by_company.items():
            query = SQL(
                "INSERT INTO %s (%s) VALUES %s",
                SQL.identifier(self._table),
                columns,
                SQL(", ").join(rows),
            )
            try:
                # a savepoint keeps the transaction usable; the expected violation
                # is not logged as a bad query
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(query, log_exceptions=False)
            except UniqueViolation:
                _logger.info(
                    "Forecast lines of company %s taken by another worker, skipped",
                    company_id,
                )

    def _refresh_actuals(self, company_months):
        """Revenue won and invoiced in each (month, company) of ``company_months``,
        written on the lines of that month's snapshot; revenue of a salesperson or
        team without a line gets a line with no forecast."""
        companies_by_month = defaultdict(lambda: self.env["res.company"])
        for month, company in company_months:
            companies_by_month[month] |= company
        now = fields.Datetime.now()
        for month, companies in companies_by_month.items():
            actuals = self._actuals(month, companies)
            lines = self._lock_lines(month, companies)
            known = {(line.company_id, line.team_id, line.user_id) for line in lines}
            # revenue nobody forecast in a month whose forecast was taken late
            late_companies = lines.filtered("is_late").company_id
            self._insert_lines(
                [
                    {
                        "date_month": month,
                        "is_late": company in late_companies,
                        "company_id": company.id,
                        "team_id": team.id,
                        "user_id": user.id,
                        "currency_id": company.currency_id.id,
                    }
                    for (company, team, user) in actuals
                    if (company, team, user) not in known
                ]
            )
            if not set(actuals) <= known:
                lines = self._lock_lines(month, companies)
            for line in lines:
                won_count, won, invoiced = actuals.get(
                    (line.company_id, line.team_id, line.user_id), (0, 0.0, 0.0)
                )
                line.write(
                    {
                        "won_count": won_count,
                        "won_revenue": won,
                        "invoiced_revenue": invoiced,
                        "date_refreshed": now,
                    }
                )
        self.flush_model()

    def _lock_lines(self, month, companies):
        """The lines of ``month`` and ``companies`` that no other transaction is
        refreshing: those are left to it rather than waited for."""
        return self._crm_suite_claim(
            SQL("date_month = %s AND company_id IN %s", month, tuple(companies.ids))
        )

    def _actuals(self, month, companies):
        """{(company, team, salesperson): [deals won, revenue won, revenue invoiced]}
        in ``month``, one grouped read per figure."""
        start, end = self._month_bounds(month)
        fallback = self._fallback_company()
        actuals = defaultdict(lambda: [0, 0.0, 0.0])
        Lead = self.env["crm.lead"]
        won_groups = Lead._read_group(
            [
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", True),
                ("date_closed", ">=", datetime.combine(start, time.min)),
                ("date_closed", "<", datetime.combine(end, time.min)),
                *self._company_domain(companies),
            ],
            ["company_id", "team_id", "user_id"],
            ["__count", "expected_revenue:sum"],
        )
        for company, team, user, count, revenue in won_groups:
            key = (company or fallback, team, user)
            actuals[key][0] += count
            actuals[key][1] += revenue
        # revenue basis: untaxed, as the service defines "Invoiced (untaxed)"
        invoice_groups = self.env["crm.money"]._invoice_totals(
            [
                ("lead_id", "!=", False),
                ("invoice_date", ">=", start),
                ("invoice_date", "<", end),
            ],
            ["company_id", "lead_id"],
            companies=companies,
        )
        leads = Lead.union(*(lead for __, lead in invoice_groups))
        leads.fetch(["team_id", "user_id"])
        for (company, lead), values in invoice_groups.items():
            actuals[(company, lead.team_id, lead.user_id)][2] += values[
                "invoiced_untaxed"
            ]
        return actuals

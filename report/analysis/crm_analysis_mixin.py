import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# the parameter holding the date of the analyses' last refresh (UTC)
REFRESHED_PARAM = "crm_suite.analysis_refreshed_at"
# one advisory lock for every refresh: two cron workers, or a cron and a manager's
# button, never refresh at the same time (the second one skips)
REFRESH_LOCK = "crm_suite_analysis_refresh"


class CrmAnalysisMixin(models.AbstractModel):
    """A managers' analysis pre-computed in a PostgreSQL materialized view.

    The model's table is a MATERIALIZED VIEW of ``_analysis_query()``, created by
    ``init()`` (install and every update) and refreshed by the cron "refresh the
    managers' analyses" and by a manager's "Refresh Analyses" menu: figures are as
    of the last refresh. A UNIQUE index on ``id`` lets the refresh run CONCURRENTLY,
    so readers are never blocked; the columns the record rules and the pivot filter
    on are indexed (``_analysis_indexes``)."""

    _name = "crm.analysis.mixin"
    _description = "Pre-computed Managers' Analysis"

    # columns indexed in the materialized view
    _analysis_indexes = ("user_id", "team_id", "company_id")
    # a Date column the pivot groups by month: PostgreSQL is told how many
    # (month, user) pairs there are (extended statistics on the very expression
    # Odoo's read_group groups by). A hint only: read_group also groups by the
    # user's name and login, which the planner still multiplies in
    _analysis_month_field = None

    def _analysis_query(self):
        """The SELECT materialized (an ``SQL``), with a unique ``id`` column."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self._execute_analysis_sql(
            SQL(
                "CREATE MATERIALIZED VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._analysis_query(),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON %s (id)",
                SQL.identifier(f"{self._table}_id_uniq"),
                SQL.identifier(self._table),
            )
        )
        for column in self._analysis_indexes:
            tools.create_index(
                self.env.cr, f"{self._table}_{column}_idx", self._table, [column]
            )
        # the list view's order ("date desc, id desc"): its first page is read from
        # the index, not by sorting millions of rows
        tools.create_index(
            self.env.cr,
            f"{self._table}_order_idx",
            self._table,
            # (_order is the model's own constant, e.g. "date desc, id desc")
            [term.strip() for term in self._order.split(",")],
        )
        if self._analysis_month_field:
            self.env.cr.execute(
                SQL(
                    "CREATE STATISTICS %s ON "
                    "(date_trunc('month', %s::timestamp)::date), user_id FROM %s",
                    SQL.identifier(f"{self._table}_month_user_stat"),
                    SQL.identifier(self._analysis_month_field),
                    SQL.identifier(self._table),
                )
            )
        self._analyze_analysis()

    def _analyze_analysis(self):
        """Statistics of the view, fresh: without them the planner guesses a few
        thousand rows and sorts millions on disk where it should hash them."""
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))

    @api.model
    def _read_group(self, *args, **kwargs):
        # the pivot's query aggregates millions of pre-computed rows: cheap to run,
        # but its cost estimate makes PostgreSQL compile it with JIT first, which
        # takes longer than running it (0.9 s of 1.2 s on 2,000,000 rows); JIT off
        # for this query only
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        jit = cr.fetchone()[0]
        result = super()._read_group(*args, **kwargs)
        cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
        return result

    @api.model
    def _execute_analysis_sql(self, query):
        """Run ``query``, which computes an analysis over millions of rows, with the
        memory to sort and hash them without spilling to disk and without JIT
        (compiling these large plans costs more than it saves); both settings only
        for this statement."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        work_mem, jit = cr.fetchone()
        cr.execute(
            "SELECT set_config('work_mem', '128MB', true), "
            "set_config('jit', 'off', true)"
        )
        cr.execute(query)
        # (if the query fails, the transaction is lost with its settings)
        cr.execute(
            SQL(
                "SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)",
                work_mem,
                jit,
            )
        )

    @api.model
    def _crm_analysis_models(self):
        """The analyses pre-computed this way, one empty recordset each."""
        return [
            self.env[name]
            for name in sorted(self.env.registry[self._name]._inherit_children)
            if not self.env[name]._abstract
        ]

    @api.model
    def _refresh_analyses(self, reports=None):
        """Refresh the materialized view of every analysis (or of ``reports``, a
        list of their models), unless another transaction is refreshing them (then
        nothing: its figures will be as fresh). Returns whether this call refreshed
        them."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", REFRESH_LOCK))
        if not cr.fetchone()[0]:
            _logger.info("Managers' analyses: already being refreshed, skipped")
            return False
        for report in reports or self._crm_analysis_models():
            report._execute_analysis_sql(
                SQL(
                    "REFRESH MATERIALIZED VIEW CONCURRENTLY %s",
                    SQL.identifier(report._table),
                )
            )
            report._analyze_analysis()
            report.invalidate_model()
        # sudo usage: the refresh date is a system parameter, written by the cron
        # and by managers who may not administer settings
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESHED_PARAM, fields.Datetime.to_string(fields.Datetime.now())
        )
        return True

    @api.model
    def _cron_refresh_analyses(self):
        self._refresh_analyses()

    @api.model
    def action_refresh_analyses(self):
        """The managers' "Refresh Analyses" menu: refresh now, and say when."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers can refresh the analyses.")
            )
        refreshed = self._refresh_analyses()
        message = (
            self.env._(
                "The analyses are up to date: figures as of %(date)s (UTC).",
                date=self.env["ir.config_parameter"].sudo().get_param(REFRESHED_PARAM),
            )
            if refreshed
            else self.env._("The analyses are being refreshed; try again shortly.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if refreshed else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

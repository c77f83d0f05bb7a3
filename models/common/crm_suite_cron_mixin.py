import logging

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CrmSuiteCronMixin(models.AbstractModel):
    """How the module's crons work through their rows: each run claims a batch of
    rows no other transaction holds (a second worker, or a user saving a record,
    skips them rather than waits), processes it, and reports the rest to Odoo's
    cron, which commits and calls again while something remains."""

    _name = "crm.suite.cron.mixin"
    _description = "Cron Batch Claiming"

    @api.model
    def _crm_suite_claim(self, condition, order=None, limit=None):
        """The records of this model meeting ``condition`` (an SQL condition on its
        table) that no other transaction holds, locked until the commit, in
        ``order`` (an SQL expression), at most ``limit`` of them."""
        if limit is not None and limit <= 0:
            return self.browse()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE %s%s%s FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                condition,
                SQL(" ORDER BY %s", order) if order else SQL(),
                SQL(" LIMIT %s", limit) if limit is not None else SQL(),
            )
        )
        return self.browse(row[0] for row in rows)

    @api.model
    def _crm_suite_claim_records(self, records):
        """Those of ``records`` no other transaction holds, locked until the commit,
        in their order."""
        if not records:
            return records
        claimed = set(
            self._crm_suite_claim(
                SQL("%s IN %s", SQL.identifier("id"), tuple(records.ids))
            ).ids
        )
        return records.filtered(lambda record: record.id in claimed)

    @api.model
    def _crm_suite_cron_progress(self, done, remaining):
        """Tell Odoo's cron how many units this run processed and how many are left
        (it calls the job again at once while some are)."""
        _logger.info("%s: %s processed, %s remaining", self._name, done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

import threading
import time
from contextlib import closing
from datetime import date

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import get_db_name

START = date(1999, 1, 1)


@tagged("crm_suite", "crm_suite_followup", "-at_install", "post_install")
class TestFollowupTwoWorkers(TransactionCase):
    """Two cron workers plan the same reminder and claim it at once, each in its
    own database transaction: the second waits for the first and, once the first
    has committed, gets nothing. The customer is committed before the test (a
    second connection cannot see the test transaction) and removed after."""

    @classmethod
    def setUpClass(cls):
        cls.db = sql_db.db_connect(get_db_name())
        # a cursor used as a context manager commits when the block ends
        with cls.db.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cls.partner_id = (
                env["res.partner"]
                .create({"name": "Two Workers Customer", "is_company": True})
                .id
            )
            cls.level_id = env.ref("crm_suite.crm_followup_level_15").id
        # registered first, so run last: once the test transaction is gone
        cls.addClassCleanup(cls._remove_rows)
        super().setUpClass()

    @classmethod
    def _remove_rows(cls):
        with cls.db.cursor() as cr:
            cr.execute(
                "DELETE FROM crm_followup_sent WHERE partner_id = %s", [cls.partner_id]
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [cls.partner_id])

    def _claim(self, env):
        """What one cron worker does once it has planned the reminder."""
        level = env["crm.followup.level"].browse(self.level_id)
        sent = env["crm.followup.sent"]._claim(
            level.company_id, [(self.partner_id, level, START)]
        )
        env.flush_all()
        return sent.ids

    def _waiting_on_lock(self, watcher, timeout=10.0):
        """True once a backend of this database waits on a lock."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            watcher.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if watcher.fetchone()[0]:
                return True
            watcher.rollback()
            time.sleep(0.05)
        return False

    def test_two_workers_remind_once(self):
        results = {}

        def second_worker(env):
            try:
                with env.cr:
                    env.cr.execute("SET LOCAL lock_timeout = '20s'")
                    results["second"] = self._claim(env)
            except Exception as error:  # noqa: BLE001 - reported by the test below
                results["error"] = error

        # the environment is made here: the registry's lock is held by this thread
        # while the tests run, and making one in the worker thread would wait for it
        second_env = api.Environment(self.db.cursor(), SUPERUSER_ID, {})
        thread = threading.Thread(target=second_worker, args=(second_env,))
        with closing(self.db.cursor()) as watcher:
            with self.db.cursor() as first:
                results["first"] = self._claim(api.Environment(first, SUPERUSER_ID, {}))
                thread.start()
                # both at once: the second worker's insert waits on the first's row
                self.assertTrue(
                    self._waiting_on_lock(watcher), "the second worker never blocked"
                )
            # the first worker committed when its block ended
            thread.join(30)
            watcher.rollback()
            watcher.execute(
                "SELECT count(*) FROM crm_followup_sent WHERE partner_id = %s",
                [self.partner_id],
            )
            count = watcher.fetchone()[0]
        self.assertFalse(thread.is_alive())
        self.assertNotIn("error", results)
        self.assertEqual(len(results["first"]), 1)
        self.assertEqual(results["second"], [], "the customer was reminded twice")
        self.assertEqual(count, 1)

from contextlib import closing
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import tagged

from ..common import CrmSuiteCommon

NOW = datetime(2026, 11, 20, 10, 0, 0)


@tagged("crm_suite", "crm_suite_contact", "-at_install", "post_install")
class TestContactLogConcurrency(CrmSuiteCommon):
    """Issue 13: logging a contact must not write the customer's row, or concurrent
    logs on a busy customer wait on each other and fail with "could not serialize
    access". Two real transactions on their own connections log on the same
    (committed) customer; the second may not wait for the first."""

    def _log_in_own_transaction(self, cr, partner_id, summary):
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["crm.contact.log"].create({"partner_id": partner_id, "summary": summary})
        env.flush_all()

    def test_concurrent_logs_do_not_lock_the_customer(self):
        partner_id = self.env.ref("base.partner_admin").id
        db = sql_db.db_connect(self.env.cr.dbname)
        with closing(db.cursor()) as first, closing(db.cursor()) as second:
            try:
                first.execute("SET LOCAL lock_timeout = '2s'")
                self._log_in_own_transaction(first, partner_id, "First caller")
                # without the fix this UPDATE of res_partner waits for the first
                # transaction's row lock: fail fast instead of hanging
                second.execute("SET LOCAL lock_timeout = '2s'")
                try:
                    self._log_in_own_transaction(second, partner_id, "Second caller")
                except LockNotAvailable:
                    self.fail("a contact log locked its customer's row")
                second.execute(
                    "SELECT count(*) FROM crm_contact_log WHERE partner_id = %s"
                    " AND summary = 'Second caller'",
                    [partner_id],
                )
                self.assertEqual(second.fetchone()[0], 1)
            finally:
                first.rollback()
                second.rollback()

    def test_log_writes_no_partner_row(self):
        """The partner's write_date stays: no UPDATE of res_partner at all."""
        partner = self.ardent
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT xmin::text FROM res_partner WHERE id IN %s ORDER BY id",
            [tuple((partner | self.ann).ids)],
        )
        before = self.env.cr.fetchall()
        self._log(partner_id=self.ann.id)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT xmin::text FROM res_partner WHERE id IN %s ORDER BY id",
            [tuple((partner | self.ann).ids)],
        )
        self.assertEqual(self.env.cr.fetchall(), before)


@freeze_time(NOW)
class TestLastContactDerived(CrmSuiteCommon):
    """last_contact_date is derived from the logs: searchable with every operator,
    sortable and groupable, with the meaning it had when it was stored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recent = cls._class_log(partner_id=cls.ann.id, date=NOW - timedelta(days=2))
        cls.old = cls._class_log(partner_id=cls.carl.id, date=NOW - timedelta(days=50))

    def _search(self, domain, order=None):
        people = self.ardent | self.ann | self.bob | self.blue | self.carl
        return self.env["res.partner"].search(
            [("id", "in", people.ids), *domain], order=order
        )

    def test_search_operators(self):
        ten_days = NOW - timedelta(days=10)
        self.assertEqual(
            self._search([("last_contact_date", ">=", ten_days)]),
            self.ardent | self.ann,
        )
        self.assertEqual(
            self._search([("last_contact_date", "<", ten_days)]), self.blue | self.carl
        )
        self.assertEqual(self._search([("last_contact_date", "=", False)]), self.bob)
        self.assertEqual(
            self._search([("last_contact_date", "!=", False)]),
            self.ardent | self.ann | self.blue | self.carl,
        )
        self.assertEqual(
            self._search([("last_contact_date", "=", self.recent.date)]),
            self.ardent | self.ann,
        )
        self.assertEqual(
            self._search([("last_contact_date", "<=", "2026-11-18 10:00:00")]),
            self.ardent | self.ann | self.blue | self.carl,
        )

    def test_sort_and_group(self):
        found = self._search(
            [("last_contact_date", "!=", False)],
            order="last_contact_date desc, id",
        )
        self.assertEqual(found[:2], self.ardent | self.ann)
        self.assertEqual(found[2:], self.blue | self.carl)
        fields_info = self.env["res.partner"].fields_get(
            ["last_contact_date"], ["sortable", "groupable"]
        )["last_contact_date"]
        self.assertTrue(fields_info["sortable"])
        self.assertTrue(fields_info["groupable"])
        groups = self.env["res.partner"]._read_group(
            [("id", "in", (self.ardent | self.blue).ids)],
            ["last_contact_date:month"],
            ["__count"],
        )
        self.assertEqual(sorted(month.month for month, _count in groups), [10, 11])

    def test_new_log_is_read_at_once(self):
        self.assertEqual(self.blue.last_contact_date, self.old.date)
        log = self._log(partner_id=self.carl.id, date=NOW - timedelta(hours=1))
        self.assertEqual(self.blue.last_contact_date, log.date)
        self.assertEqual(self.blue.days_since_last_contact, 0)

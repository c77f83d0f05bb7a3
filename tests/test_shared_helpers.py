from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

from .common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_shared_helpers")
class TestSameCustomer(CrmSuiteCommon):
    """crm.suite.same.customer.mixin: the one "belongs to the same customer" rule,
    with each model's own message."""

    def _log(self, **values):
        return self.env["crm.contact.log"].create(
            {"partner_id": self.ann.id, "summary": "Test talk", **values}
        )

    def test_linked_record_of_another_customer_refused(self):
        blue_deal = self.env["crm.lead"].create(
            {"name": "Blue deal", "partner_id": self.carl.id}
        )
        with self.assertRaisesRegex(
            ValidationError, "The deal Blue deal belongs to .*Carl Blue, not to"
        ):
            self._log(lead_id=blue_deal.id)
        # the same rule from the account.move side, with its own wording
        with self.assertRaisesRegex(ValidationError, "The deal Blue deal is with"):
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.ann.id,
                    "lead_id": blue_deal.id,
                }
            )

    def test_same_customer_accepted(self):
        # Ann is a person of Ardent Tools, the deal's customer
        log = self._log(lead_id=self.lead.id, contact_id=False)
        self.assertEqual(log.lead_id, self.lead)
        log.partner_id = self.ardent
        log.contact_id = self.bob
        self.assertEqual(log.contact_id, self.bob)

    def test_linked_record_without_customer_accepted(self):
        deal = self.env["crm.lead"].create({"name": "No customer yet"})
        self.assertEqual(self._log(lead_id=deal.id).lead_id, deal)

    def test_refuse_predicate(self):
        """A contact person who is the log's customer itself is refused too."""
        with self.assertRaisesRegex(
            ValidationError, "Ann .* is not a contact person of"
        ):
            self._log(contact_id=self.ann.id)

    def test_checked_on_change_of_either_side(self):
        log = self._log(lead_id=self.lead.id)
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            log.partner_id = self.carl


@tagged("crm_suite", "crm_suite_shared_helpers", "post_install", "-at_install")
class TestCronClaim(CrmSuiteCommon):
    """crm.suite.cron.mixin: a cron claims rows no other transaction holds and
    reports its progress. Two committed rows are needed for a second connection to
    lock: they are written before the test transaction starts, and removed after
    (a cursor used as a context manager commits when the block ends)."""

    MONTHS = (date(1999, 1, 1), date(1999, 2, 1))

    @classmethod
    def setUpClass(cls):
        with db_connect(get_db_name()).cursor() as cr:
            cr.execute(
                "SELECT res_id FROM ir_model_data"
                " WHERE module = 'base' AND name = 'main_company'"
            )
            [(company_id,)] = cr.fetchall()
            cr.execute(
                "INSERT INTO crm_forecast_snapshot (date_month, company_id)"
                " VALUES (%s, %s), (%s, %s) RETURNING id",
                [cls.MONTHS[0], company_id, cls.MONTHS[1], company_id],
            )
            cls.row_ids = sorted(row[0] for row in cr.fetchall())
        # registered first, so run last: once the test transaction is gone
        cls.addClassCleanup(cls._remove_rows)
        super().setUpClass()

    @classmethod
    def _remove_rows(cls):
        with db_connect(get_db_name()).cursor() as cr:
            cr.execute(
                "DELETE FROM crm_forecast_snapshot WHERE id IN %s",
                [tuple(cls.row_ids)],
            )

    def _claim(self, **kwargs):
        Snapshot = self.env["crm.forecast.snapshot"]
        return Snapshot._crm_suite_claim(
            SQL("id IN %s", tuple(self.row_ids)), order=SQL("id"), **kwargs
        )

    def test_claims_in_order_up_to_the_limit(self):
        self.assertEqual(self._claim().ids, self.row_ids)
        self.assertEqual(self._claim(limit=1).ids, self.row_ids[:1])
        self.assertFalse(self._claim(limit=0))

    def test_rows_held_elsewhere_are_skipped(self):
        first, second = self.row_ids
        with db_connect(get_db_name()).cursor() as other:
            other.execute(
                "SELECT id FROM crm_forecast_snapshot WHERE id = %s FOR UPDATE",
                [first],
            )
            self.assertEqual(self._claim().ids, [second])
            records = self.env["crm.forecast.snapshot"].browse(self.row_ids)
            self.assertEqual(
                records._crm_suite_claim_records(records).ids,
                [second],
            )
            other.rollback()
        # released: the row is claimed now, and stays ours until the commit
        self.assertEqual(self._claim().ids, self.row_ids)
        with db_connect(get_db_name()).cursor() as other:
            other.execute(
                "SELECT id FROM crm_forecast_snapshot WHERE id IN %s"
                " FOR NO KEY UPDATE SKIP LOCKED",
                [tuple(self.row_ids)],
            )
            self.assertFalse(other.fetchall(), "held by the test transaction")

    def test_progress_reported_to_the_cron(self):
        cron = self.env.ref("crm_suite.ir_cron_snapshot_forecast")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["crm.forecast.snapshot"].with_context(
            ir_cron_progress_id=progress.id
        )._crm_suite_cron_progress(3, 7)
        self.assertRecordValues(progress, [{"done": 3, "remaining": 7}])


@tagged("crm_suite", "crm_suite_shared_helpers")
class TestAccessReset(CrmSuiteCommon):
    """crm.suite.access.mixin: after a change of who may see what, the record rules
    read the new membership at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.territory = cls.env["crm.territory"].create(
            {
                "name": "Netherlands",
                "country_ids": [Command.link(cls.env.ref("base.nl").id)],
                "member_ids": [Command.link(cls.sales_own2.id)],
            }
        )
        cls.dutch = cls.env["res.partner"].create(
            {
                "name": "Dutch Dykes BV",
                "is_company": True,
                "country_id": cls.env.ref("base.nl").id,
            }
        )

    def _visible(self):
        Partner = self.env["res.partner"].with_user(self.sales_own)
        return Partner.search([("id", "=", self.dutch.id)])

    def test_reset_makes_rules_read_the_new_membership(self):
        self.env["res.config.settings"].create(
            {"group_crm_suite_territory_restricted": True}
        ).execute()
        self.assertEqual(self.dutch.crm_territory_id, self.territory)
        self.assertFalse(self._visible())
        # a membership written behind the ORM's back: the rules' caches still
        # hold the old one
        self.env.flush_all()
        self.env.cr.execute(
            "INSERT INTO crm_territory_member_rel (territory_id, user_id)"
            " VALUES (%s, %s)",
            [self.territory.id, self.sales_own.id],
        )
        self.assertFalse(self._visible(), "the cached rule domain is used")
        self.territory._crm_suite_reset_access()
        self.assertEqual(self._visible(), self.dutch)

    def test_settings_reset_the_rules(self):
        """Switching the restriction on applies at once."""
        self.assertEqual(self._visible(), self.dutch)
        self.env["res.config.settings"].create(
            {"group_crm_suite_territory_restricted": True}
        ).execute()
        self.assertFalse(self._visible())

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon

NOW = datetime(2026, 11, 20, 10, 0, 0)


@tagged("crm_suite", "crm_suite_contact", "post_install", "-at_install")
@freeze_time(NOW)
class TestParticipants(CrmSuiteCommon):
    """Issue 15: a contact log with several customers and several of our users.

    The meeting: ``sales_own`` (responsible) and ``sales_own2`` met Ardent Tools
    (contact Ann) and Carl of Blue Harbour two days ago; Blue Harbour had an older
    log of its own ten days ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sales_out = new_test_user(
            cls.env,
            "sales_out",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.blue_old = cls._class_log(
            user=cls.sales_own2,
            partner_id=cls.blue.id,
            date=NOW - timedelta(days=10),
            summary="Old call with Blue Harbour",
        )
        cls.meeting = cls._class_log(
            user=cls.sales_own,
            partner_id=cls.ardent.id,
            contact_id=cls.ann.id,
            partner_ids=[Command.set((cls.carl | cls.blue).ids)],
            user_ids=[Command.link(cls.sales_own2.id)],
            date=NOW - timedelta(days=2),
            summary="Joint meeting on the shared warehouse",
        )

    # ------------------------------------------------------------
    # every customer met sees the log
    # ------------------------------------------------------------

    def test_last_contact_of_each_customer(self):
        met = NOW - timedelta(days=2)
        self.assertEqual(self.ardent.last_contact_date, met)
        self.assertEqual(self.ann.last_contact_date, met)
        self.assertEqual(self.carl.last_contact_date, met, "a person met")
        self.assertEqual(self.blue.last_contact_date, met, "the company of Carl")
        self.assertFalse(self.bob.last_contact_date, "Bob was not there")
        self.assertEqual(self.blue.days_since_last_contact, 2)
        # searching and sorting use the same definition
        Partner = self.env["res.partner"]
        partners = self.ardent | self.ann | self.bob | self.blue | self.carl
        recent = Partner.search(
            [
                ("id", "in", partners.ids),
                ("last_contact_date", ">=", NOW - timedelta(3)),
            ]
        )
        self.assertEqual(recent, partners - self.bob)
        older = Partner.search(
            [("id", "in", partners.ids), ("last_contact_date", "<", NOW - timedelta(3))]
        )
        self.assertFalse(older, "Blue Harbour's last contact is the meeting")
        never = Partner.search(
            [("id", "in", partners.ids), ("last_contact_date", "=", False)]
        )
        self.assertEqual(never, self.bob)
        exact = Partner.search(
            [("id", "in", partners.ids), ("last_contact_date", "=", met)]
        )
        self.assertEqual(exact, partners - self.bob)

    def test_moving_a_participant_moves_the_date(self):
        self.meeting.partner_ids = [Command.set([])]
        self.assertEqual(self.blue.last_contact_date, NOW - timedelta(days=10))
        self.assertFalse(self.carl.last_contact_date)
        self.meeting.unlink()
        self.assertFalse(self.ardent.last_contact_date)

    def test_not_forgotten_when_met(self):
        self.env["ir.config_parameter"].set_param("crm_suite.forgotten_days", 5)
        self.assertFalse(self.blue.is_forgotten)
        forgotten = self.env["res.partner"].search(
            [("id", "in", (self.ardent | self.blue).ids), ("is_forgotten", "=", True)]
        )
        self.assertFalse(forgotten)
        self.meeting.date = NOW - timedelta(days=7)
        self.env["res.partner"].invalidate_model()
        self.assertTrue(self.blue.is_forgotten)

    @users("sales_own2")
    def test_history_of_each_customer(self):
        """sales_own2 took part: the log is in Blue Harbour's and Carl's history,
        beside Blue Harbour's own log."""
        Log = self.env["crm.contact.log"]
        blue = self.blue.with_env(self.env)
        history = Log.search(blue.action_view_contact_logs()["domain"])
        self.assertEqual(history, self.meeting | self.blue_old)
        self.assertEqual(blue.contact_log_count, 2)
        carl = self.carl.with_env(self.env)
        self.assertEqual(
            Log.search(carl.action_view_contact_logs()["domain"]), self.meeting
        )
        self.assertEqual(carl.contact_log_count, 1)
        self.assertEqual(self.bob.with_env(self.env).contact_log_count, 0)

    @users("sales_own2")
    def test_timeline_of_each_customer(self):
        entries = self.blue.with_env(self.env).crm_suite_timeline(kinds=["contact"])[
            "entries"
        ]
        self.assertEqual(
            [(e["res_id"], e["date"][:10]) for e in entries],
            [(self.meeting.id, "2026-11-18"), (self.blue_old.id, "2026-11-10")],
        )
        entries = self.ardent.with_env(self.env).crm_suite_timeline(kinds=["contact"])[
            "entries"
        ]
        self.assertEqual([e["res_id"] for e in entries], self.meeting.ids)

    @users("sales_own2")
    def test_dossier_of_each_customer(self):
        report = self.env["report.crm_suite.report_customer_dossier"]
        dossier = report._prepare_dossier(self.blue.with_env(self.env))
        self.assertEqual(dossier["logs"], self.meeting | self.blue_old)
        self.assertEqual(dossier["log_count"], 2)

    # ------------------------------------------------------------
    # participants kept consistent
    # ------------------------------------------------------------

    def test_responsible_always_a_participant(self):
        self.assertEqual(self.meeting.user_ids, self.sales_own | self.sales_own2)
        self.meeting.user_ids = [Command.set(self.sales_own2.ids)]
        self.assertEqual(
            self.meeting.user_ids, self.sales_own | self.sales_own2, "put back"
        )
        self.meeting.with_user(self.sales_all).user_id = self.sales_all
        self.assertEqual(
            self.meeting.user_ids,
            self.sales_own | self.sales_own2 | self.sales_all,
            "the new responsible joins; the previous one took part",
        )
        logs = self.env["crm.contact.log"].create(
            [
                {"partner_id": self.ardent.id, "summary": "A", "user_id": user.id}
                for user in (self.sales_own, self.sales_own2, self.sales_own)
            ]
        )
        self.assertEqual(
            [log.user_ids for log in logs],
            [self.sales_own, self.sales_own2, self.sales_own],
        )

    def test_duplicates_merged(self):
        log = self._log(
            user=self.sales_own,
            contact_id=self.ann.id,
            partner_ids=[
                Command.link(self.ardent.id),
                Command.link(self.ann.id),
                Command.link(self.bob.id),
                Command.link(self.bob.id),
            ],
            user_ids=[Command.link(self.sales_own.id), Command.link(self.sales_own.id)],
        )
        self.assertEqual(log.partner_ids, self.bob, "customer and contact not repeated")
        self.assertEqual(log.user_ids, self.sales_own)
        log.contact_id = self.bob
        self.assertFalse(log.partner_ids, "Bob became the contact person")

    def test_person_without_their_company_refused(self):
        with self.assertRaisesRegex(ValidationError, "Carl Blue: add their company"):
            self._log(user=self.sales_own, partner_ids=[Command.link(self.carl.id)])
        with self.assertRaisesRegex(ValidationError, "Carl Blue: add their company"):
            self.meeting.partner_ids = [Command.unlink(self.blue.id)]

    def test_participants_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["res.partner"].create(
            {"name": "Foreign Ltd", "is_company": True, "company_id": other.id}
        )
        foreign_user = new_test_user(
            self.env,
            "foreign_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaisesRegex(ValidationError, "Foreign Ltd"):
            self._log(partner_ids=[Command.link(foreign.id)])
        with self.assertRaisesRegex(ValidationError, "foreign_sales"):
            self.meeting.user_ids = [Command.link(foreign_user.id)]
        with self.assertRaisesRegex(ValidationError, "internal users"):
            self.meeting.user_ids = [Command.link(self.portal_user.id)]

    # ------------------------------------------------------------
    # security, as the lowest role
    # ------------------------------------------------------------

    def test_participant_reads_but_does_not_edit(self):
        log = self.meeting.with_user(self.sales_own2)
        self.assertEqual(log.search([("id", "=", log.id)]), log)
        self.assertEqual(log.summary, "Joint meeting on the shared warehouse")
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            log.summary = "Rewritten by a participant"
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            log.unlink()
        # the responsible edits
        self.meeting.with_user(self.sales_own).summary = "Joint meeting (edited)"

    def test_non_participant_does_not_read(self):
        Log = self.env["crm.contact.log"].with_user(self.sales_out)
        self.assertFalse(Log.search([("id", "=", self.meeting.id)]))
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.meeting.with_user(self.sales_out).read(["summary"])

    def test_only_responsible_changes_participants(self):
        """The owner of the deal may edit the log, not who took part in it: he would
        keep the log after the deal leaves him."""
        log = self._log(
            user=self.sales_all,
            user_id=self.sales_own2.id,
            lead_id=self.lead.id,
            summary="Call on sales_own's deal",
        )
        self.assertEqual(self.lead.user_id, self.sales_own)
        as_owner = log.with_user(self.sales_own)
        as_owner.summary = "The deal owner edits the summary"
        with self.assertRaisesRegex(AccessError, "Only the responsible"):
            as_owner.user_ids = [Command.link(self.sales_own.id)]
        # the responsible adds a colleague; a manager too
        log.with_user(self.sales_own2).user_ids = [Command.link(self.sales_out.id)]
        log.with_user(self.sales_all).user_ids = [Command.link(self.sales_own.id)]
        self.assertEqual(
            log.user_ids, self.sales_own2 | self.sales_out | self.sales_own
        )

    def test_participant_in_restricted_territory(self):
        """A salesperson restricted to their territory still reads the logs they took
        part in, in another territory."""
        territory = self.env["crm.territory"].create(
            {
                "name": "Belgium",
                "country_ids": [Command.link(self.env.ref("base.be").id)],
                "member_ids": [Command.link(self.sales_own.id)],
            }
        )
        self.env["res.partner"]._crm_suite_reassign_all_territories()
        self.assertEqual(self.ardent.crm_territory_id, territory)
        self.env["res.config.settings"].create(
            {"group_crm_suite_territory_restricted": True}
        ).execute()
        self.assertTrue(
            self.sales_own2.has_group("crm_suite.group_crm_suite_territory_restricted")
        )
        self.env.invalidate_all()
        Log = self.env["crm.contact.log"].with_user(self.sales_own2)
        self.assertEqual(Log.search([("id", "=", self.meeting.id)]), self.meeting)
        other = self._log(user=self.sales_own, summary="Own2 was not there")
        self.assertFalse(Log.search([("id", "=", other.id)]))

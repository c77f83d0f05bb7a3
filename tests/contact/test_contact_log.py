from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_contact")
class TestContactLog(CrmSuiteCommon):
    @users("sales_own")
    def test_defaults(self):
        log = self._log()
        self.assertEqual(log.user_id, self.sales_own)
        self.assertEqual(log.activity_type_id, self.call)
        self.assertEqual(log.direction, "out")
        self.assertEqual(log.company_id, self.env.company)
        self.assertEqual(log.team_id, self.team, "team of the responsible")
        self.assertEqual(log.commercial_partner_id, self.ardent)
        self.assertAlmostEqual(
            log.date, fields.Datetime.now(), delta=timedelta(minutes=1)
        )

    @users("sales_own")
    def test_log_on_person_and_without_deal(self):
        log = self._log(partner_id=self.ann.id, summary="Quick question on delivery")
        self.assertEqual(log.commercial_partner_id, self.ardent)
        self.assertFalse(log.lead_id)

    def test_team_follows_deal(self):
        other_team = self.env["crm.team"].create({"name": "Other team"})
        lead = self.lead.copy({"team_id": other_team.id})
        log = self._log(lead_id=lead.id)
        self.assertEqual(log.team_id, other_team)

    def test_batch_create(self):
        logs = self.env["crm.contact.log"].create(
            [
                {"partner_id": partner.id, "summary": f"Call {partner.name}"}
                for partner in (self.ann, self.bob, self.carl)
            ]
        )
        self.assertEqual(len(logs), 3)
        self.assertEqual(logs.commercial_partner_id, self.ardent | self.blue)

    def test_summary_required(self):
        with self.assertRaisesRegex(ValidationError, "needs a summary"):
            self._log(summary="   ")

    def test_summary_missing(self):
        form = Form(self.env["crm.contact.log"])
        form.partner_id = self.ardent
        with self.assertRaisesRegex(AssertionError, "summary is a required field"):
            form.save()

    def test_summary_length(self):
        self.assertEqual(len(self._log(summary="x" * 250).summary), 250)
        with self.assertRaisesRegex(ValidationError, "limited to 250 characters"):
            self._log(summary="x" * 251)
        log = self._log()
        with self.assertRaisesRegex(ValidationError, "this one has 251"):
            log.summary = "y" * 251

    def test_contact_person_of_other_company(self):
        with self.assertRaisesRegex(
            ValidationError, "Carl Blue is not a contact person"
        ):
            self._log(contact_id=self.carl.id)
        with self.assertRaisesRegex(ValidationError, "not a contact person"):
            self._log(contact_id=self.ardent.id)
        log = self._log(contact_id=self.ann.id)
        self.assertEqual(log.contact_id, self.ann)

    def test_deal_of_other_customer(self):
        with self.assertRaisesRegex(ValidationError, "belongs to Ardent Tools"):
            self._log(partner_id=self.blue.id, lead_id=self.lead.id)

    def test_next_contact_in_the_past(self):
        yesterday = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "cannot be planned in the past"):
            self._log(next_date=yesterday)
        log = self._log()
        with self.assertRaisesRegex(ValidationError, "cannot be planned in the past"):
            log.next_date = yesterday

    def test_negative_duration(self):
        with self.assertRaisesRegex(ValidationError, "negative"):
            self._log(duration=-1)

    def test_result_delay_cannot_be_negative(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.result_none.next_delay_days = -3
            self.result_none.flush_recordset()

    @users("sales_own")
    def test_form_result_proposes_next_contact(self):
        with Form(self.env["crm.contact.log"]) as form:
            form.partner_id = self.ardent
            form.lead_id = self.lead
            form.summary = "Asked for prices"
            form.result_id = self.result_offer
            self.assertEqual(form.next_activity_type_id, self.email)
            self.assertEqual(form.next_date, fields.Date.today() + timedelta(days=2))
            self.assertEqual(form.next_user_id, self.sales_own)
        log = form.record
        self.assertEqual(log.next_activity_id.activity_type_id, self.email)

    def test_result_log_count(self):
        self._log(result_id=self.result_none.id)
        self._log(result_id=self.result_none.id)
        self.assertEqual(self.result_none.log_count, 2)
        self.assertEqual(self.result_offer.log_count, 0)

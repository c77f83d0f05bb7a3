from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.crm_suite.models.customer.crm_partner_occasion import next_occurrence

from ..common import CrmSuiteCommon


@tagged("crm_suite", "crm_suite_customer", "crm_suite_partner_occasion")
class TestPartnerOccasion(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann.write({"email": "ann@ardent.example", "crm_salutation": "Dear Ann,"})
        cls.ardent.user_id = cls.sales_own
        cls.Occasion = cls.env["crm.partner.occasion"]

    def test_next_occurrence(self):
        self.assertEqual(
            next_occurrence(date(1980, 3, 10), date(2026, 3, 10)), date(2026, 3, 10)
        )
        self.assertEqual(
            next_occurrence(date(1980, 3, 10), date(2026, 3, 11)), date(2027, 3, 10)
        )
        # year rollover
        self.assertEqual(
            next_occurrence(date(1975, 1, 1), date(2026, 12, 31)), date(2027, 1, 1)
        )
        # 29 February: 28 February in common years, itself in leap years
        leap_day = date(1988, 2, 29)
        self.assertEqual(next_occurrence(leap_day, date(2026, 1, 5)), date(2026, 2, 28))
        self.assertEqual(next_occurrence(leap_day, date(2027, 3, 1)), date(2028, 2, 29))

    def test_cron_rolls_past_occasions(self):
        with freeze_time("2026-12-30"):
            occasion = self.Occasion.create(
                {"partner_id": self.ann.id, "kind": "birthday", "date": "1980-12-31"}
            )
            self.assertEqual(occasion.date_next, date(2026, 12, 31))
        with freeze_time("2027-01-02"):
            self.Occasion._cron_roll_and_greet()
            self.assertEqual(occasion.date_next, date(2027, 12, 31))

    def test_greeting_sent_once(self):
        with freeze_time("2026-05-04"):
            occasion = self.Occasion.create(
                {
                    "partner_id": self.ann.id,
                    "kind": "birthday",
                    "date": "1985-05-04",
                    "send_greeting": True,
                }
            )
            quiet = self.Occasion.create(
                {"partner_id": self.bob.id, "kind": "birthday", "date": "1990-05-04"}
            )
            greeted = self.Occasion._cron_roll_and_greet()
            self.assertEqual(greeted, occasion, "only when asked, and with an e-mail")
            mail = self.env["mail.mail"].search(
                [("model", "=", "crm.partner.occasion")]
            )
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, self.ann)
            self.assertEqual(mail.subject, "Happy birthday!")
            self.assertIn("Dear Ann,", mail.body_html)
            self.assertEqual(occasion.greeting_year, 2026)
            self.assertFalse(self.Occasion._cron_roll_and_greet(), "not twice")
            self.assertFalse(quiet.greeting_year)
        with freeze_time("2027-05-04"):
            self.Occasion._cron_roll_and_greet()
            self.assertEqual(occasion.greeting_year, 2027, "again the next year")

    def test_future_date_refused(self):
        with (
            freeze_time("2026-05-04"),
            self.assertRaisesRegex(ValidationError, "in the future"),
        ):
            self.Occasion.create(
                {"partner_id": self.ann.id, "kind": "wedding", "date": "2026-06-01"}
            )

    @users("sales_own")
    def test_this_week_for_my_customers(self):
        with freeze_time("2026-05-04"):
            Occasion = self.env["crm.partner.occasion"]
            mine = Occasion.create(
                {"partner_id": self.ann.id, "kind": "name_day", "date": "2000-05-07"}
            )
            Occasion.create(
                {"partner_id": self.carl.id, "kind": "birthday", "date": "1970-05-05"}
            )
            Occasion.create(
                {"partner_id": self.bob.id, "kind": "birthday", "date": "1970-05-20"}
            )
            self.assertEqual(mine.user_id, self.sales_own, "Ardent's salesperson")
            week = Occasion.search(
                [
                    ("user_id", "=", self.env.uid),
                    ("date_next", ">=", "2026-05-04"),
                    ("date_next", "<=", "2026-05-10"),
                ]
            )
            self.assertEqual(week, mine)

    @users("employee")
    def test_employee_reads_only(self):
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models"):
            self.env["crm.partner.occasion"].create(
                {"partner_id": self.ann.id, "kind": "birthday", "date": "1980-01-01"}
            )

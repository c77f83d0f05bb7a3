from odoo.tests import tagged, users, warmup

from .common import CrmSuiteCommon

# the fields crm_suite adds to the partner form, read as the web client does
PARTNER_SPEC = {
    "display_name": {},
    "contact_log_count": {},
    "last_contact_date": {},
    "days_since_last_contact": {},
    "entity_contact_log_ids": {
        "fields": {
            "date": {},
            "partner_id": {"fields": {"display_name": {}}},
            "activity_type_id": {"fields": {"display_name": {}}},
            "summary": {},
            "result_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
            "next_date": {},
        },
        "limit": 20,
        "order": "date desc, id desc",
    },
}


@tagged("crm_suite_perf")
class TestPartnerFormQueries(CrmSuiteCommon):
    """Reading a customer costs the same number of queries with 1 log as with many."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._class_log(user=cls.sales_own, partner_id=cls.ann.id, summary="Only log")
        cls.env["crm.contact.log"].create(
            [
                {
                    "partner_id": cls.bob.id,
                    "summary": f"Log {index}",
                    "user_id": cls.sales_own.id,
                }
                for index in range(60)
            ]
        )
        cls.env.flush_all()

    @users("sales_own")
    @warmup
    def test_partner_read_one_log(self):
        partner = self.ann.with_env(self.env)
        with self.assertQueryCount(sales_own=10):
            partner.web_read(PARTNER_SPEC)

    @users("sales_own")
    @warmup
    def test_partner_read_many_logs(self):
        partner = self.bob.with_env(self.env)
        with self.assertQueryCount(sales_own=10):
            values = partner.web_read(PARTNER_SPEC)[0]
        self.assertEqual(values["contact_log_count"], 60)
        self.assertEqual(
            len(values["entity_contact_log_ids"]), 61, "the company's logs"
        )

    @users("sales_own")
    @warmup
    def test_contact_log_list_counters(self):
        partners = (self.ardent | self.ann | self.bob | self.blue | self.carl).with_env(
            self.env
        )
        with self.assertQueryCount(sales_own=5):
            partners.read(["contact_log_count", "last_contact_date"])

    @users("sales_own")
    @warmup
    def test_partner_form_overhead_over_stock(self):
        """What crm_suite adds to a customer's form costs at most 8 queries."""
        stock_spec = {
            "display_name": {},
            "name": {},
            "email": {},
            "phone": {},
            "mobile": {},
            "street": {},
            "city": {},
            "vat": {},
            "country_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
            "category_id": {"fields": {"display_name": {}}},
            "child_ids": {"fields": {"display_name": {}}, "limit": 40},
        }
        partner = self.bob.with_env(self.env)

        def queries(spec):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partner.web_read(spec)
            return self.cr.sql_log_count - before

        stock = queries(stock_spec)
        with_crm_suite = queries({**stock_spec, **PARTNER_SPEC})
        self.assertLessEqual(with_crm_suite - stock, 8)

"""Issue 13, item 6: bad input on every crm_suite model with create access for some
role. Each attempt must end in a clean UserError / ValidationError / AccessError (a
MissingError is a UserError: a record that does not exist), or be accepted cleanly
(HTML sanitised, long text kept): never a database error or a raw Python exception,
and a refused write leaves the record as it was."""

import json
import logging
from datetime import date, timedelta

import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CrmSuiteCommon

_logger = logging.getLogger(__name__)

HUGE = "x" * (1024 * 1024)  # 1 MB
SCRIPT = '<p>Hi</p><script>alert("owned")</script><img src=x onerror="alert(1)">'
MISSING_ID = 2_000_000_000
CLEAN = (UserError, ValidationError, AccessError)
SKIPPED_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date"}


def bad_values(field):
    """The wrong values tried on ``field``."""
    values = [("a dict", {"x": 1}), ("a list of junk", [[99, "junk"]])]
    if field.type in ("char", "text", "html"):
        values += [("1 MB", HUGE), ("script", SCRIPT)]
    elif field.type == "integer":
        values += [("2**40", 2**40), ("-2**40", -(2**40)), ("text", "abc")]
    elif field.type in ("float", "monetary"):
        values += [("-1e12", -1e12), ("1e300", 1e300), ("nan", float("nan"))]
        values += [("text", "abc")]
    elif field.type in ("date", "datetime"):
        values += [("not a date", "31/31/2026"), ("year 0", "0000-01-01")]
    elif field.type == "selection":
        values += [("unknown key", "no_such_key")]
    elif field.type == "many2one":
        values += [("missing id", MISSING_ID), ("text", "abc"), ("negative", -5)]
    elif field.type in ("many2many", "one2many"):
        values += [("missing id", [Command.set([MISSING_ID])]), ("text", "abc")]
        values += [("link missing", [Command.link(MISSING_ID)])]
    return values


class _Undo(Exception):
    """Raised to roll a savepoint back after a successful attempt."""


class BadInputCommon(CrmSuiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = "base.group_user"
        cls.helpdesk_manager = new_test_user(
            cls.env,
            "bad_helpdesk_manager",
            groups=f"{user},sales_team.group_sale_salesman,"
            "crm_suite.group_crm_suite_helpdesk_manager",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.other_partner = cls.env["res.partner"].create(
            {"name": "Other Co Customer", "company_id": cls.other_company.id}
        )
        cls.campaign = cls.env["utm.campaign"].create({"name": "Bad Input Campaign"})
        cls.competitor = cls.env["crm.competitor"].create({"name": "Rival"})
        cls.competitor_product = cls.env["crm.competitor.product"].create(
            {"name": "Rival desk", "competitor_id": cls.competitor.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bad Input Desk", "type": "service"}
        )
        cls.relation_type = cls.env["crm.partner.relation.type"].create(
            {"name": "Supplier of"}
        )
        cls.ticket = cls.env["crm.ticket"].create(
            {"name": "Printer down", "partner_id": cls.ardent.id}
        )
        cls.env["crm.partner.attribute.set"].search(
            [("company_id", "=", cls.other_company.id)]
        ).unlink()
        today = fields.Date.today()
        # model: (user, valid values of a new record)
        cls.cases = {
            "crm.contact.log": (
                cls.sales_own,
                {"partner_id": cls.ardent.id, "summary": "Called"},
            ),
            "crm.contact.result": (cls.sales_manager, {"name": "Bad input result"}),
            "crm.campaign.cost": (
                cls.sales_manager,
                {"campaign_id": cls.campaign.id, "name": "Booth", "amount": 100.0},
            ),
            "crm.campaign.member": (
                cls.sales_own,
                {"campaign_id": cls.campaign.id, "partner_id": cls.ardent.id},
            ),
            "crm.competitor": (cls.sales_manager, {"name": "Another rival"}),
            "crm.competitor.type": (cls.sales_manager, {"name": "Distributor"}),
            "crm.competitor.product": (
                cls.sales_manager,
                {"name": "Rival chair", "competitor_id": cls.competitor.id},
            ),
            "crm.competitor.price": (
                cls.sales_manager,
                {"competitor_product_id": cls.competitor_product.id, "price": 10.0},
            ),
            "crm.competitor.usage": (
                cls.sales_own,
                {"partner_id": cls.ardent.id, "competitor_id": cls.competitor.id},
            ),
            "crm.lead.competitor": (
                cls.sales_own,
                {"lead_id": cls.lead.id, "competitor_id": cls.competitor.id},
            ),
            "crm.delegation": (
                cls.sales_own,
                {
                    "delegate_id": cls.sales_own2.id,
                    "date_to": today + timedelta(days=7),
                },
            ),
            "crm.forecast.snapshot": (
                cls.sales_manager,
                {"date_month": date(2030, 1, 1), "company_id": cls.env.company.id},
            ),
            # one set per company: the other company's is made again here
            "crm.partner.attribute.set": (
                cls.env.user,
                {"company_id": cls.other_company.id},
            ),
            "crm.partner.occasion": (
                cls.sales_own,
                {"partner_id": cls.ann.id, "date": today - timedelta(days=3000)},
            ),
            "crm.partner.product": (
                cls.sales_own,
                {"partner_id": cls.ardent.id, "product_id": cls.product.id},
            ),
            "crm.partner.relation": (
                cls.sales_own,
                {
                    "left_partner_id": cls.ardent.id,
                    "type_id": cls.relation_type.id,
                    "right_partner_id": cls.blue.id,
                },
            ),
            "crm.partner.relation.type": (cls.sales_manager, {"name": "Agent of"}),
            "crm.territory": (cls.sales_manager, {"name": "North"}),
            "crm.ticket": (
                cls.helpdesk_manager,
                {"name": "Screen flickers", "partner_id": cls.ardent.id},
            ),
            "crm.ticket.category": (cls.helpdesk_manager, {"name": "Hardware"}),
            "crm.ticket.sla": (cls.helpdesk_manager, {"name": "Answer in 4 hours"}),
            "crm.ticket.solution": (cls.helpdesk_manager, {"name": "Restart it"}),
            "crm.ticket.stage": (cls.helpdesk_manager, {"name": "Waiting"}),
            "crm.ticket.tag": (cls.helpdesk_manager, {"name": "urgent"}),
            "crm.ticket.time.log": (
                cls.helpdesk_manager,
                {"ticket_id": cls.ticket.id, "hours": 1.5},
            ),
            "crm.support.contract": (
                cls.helpdesk_manager,
                {
                    "name": "Gold support",
                    "partner_id": cls.ardent.id,
                    "date_end": today + timedelta(days=365),
                },
            ),
        }

    def _attempt(self, label, func):
        """Run ``func`` in a savepoint: the clean exception it raised, or None when
        it was accepted. Any other outcome fails the test with ``label``."""
        try:
            with self.env.cr.savepoint():
                func()
                self.env.flush_all()
        except CLEAN as error:
            self.env.invalidate_all()
            return error
        except psycopg2.Error as error:
            self.env.invalidate_all()
            self.fail(f"{label}: database error {type(error).__name__}: {error}")
        except Exception as error:  # noqa: BLE001 -- any other exception is the bug
            self.env.invalidate_all()
            self.fail(f"{label}: raw {type(error).__name__}: {error}")
        return None

    def _snapshot(self, record, names):
        record.invalidate_recordset()
        values = record.sudo().read(names)[0]
        return json.dumps(values, default=str, sort_keys=True)

    def _fields_to_try(self, model):
        for name, field in model._fields.items():
            if name in SKIPPED_FIELDS or not field.store:
                continue
            if field.compute and field.readonly:
                continue
            if field.related or field.type in ("binary", "properties", "json"):
                continue
            if field.type == "properties_definition":
                continue
            yield name, field


class TestBadInput(BadInputCommon):
    def test_every_model_every_field(self):
        """Wrong types, 1 MB strings, scripts, out-of-range numbers, bad dates and
        missing ids on every writable field, on create and on write: a clean error
        or a clean acceptance, and a refused write changes nothing."""
        accepted, refused = 0, 0
        for model_name, (user, vals) in self.cases.items():
            Model = self.env[model_name].with_user(user)
            record = Model.create(dict(vals))
            self.env.flush_all()
            names = [name for name, __ in self._fields_to_try(Model)]
            for name, field in self._fields_to_try(Model):
                for label, value in bad_values(field):
                    where = f"{model_name}.{name} = {label}"
                    error = self._attempt(
                        f"create {where}",
                        lambda Model=Model, vals=vals, name=name, value=value: (
                            Model.create({**vals, name: value})
                        ),
                    )
                    before = self._snapshot(record, names)
                    try:
                        # every write is undone after its checks
                        with self.env.cr.savepoint():
                            error = self._attempt(
                                f"write {where}",
                                lambda record=record, name=name, value=value: (
                                    record.write({name: value})
                                ),
                            )
                            if error:
                                refused += 1
                                self.assertEqual(
                                    self._snapshot(record, names),
                                    before,
                                    f"write {where} refused but half-written",
                                )
                            else:
                                accepted += 1
                                if field.type == "html" and label == "script":
                                    stored = str(record.sudo()[name] or "")
                                    self.assertNotIn("<script", stored, where)
                                    self.assertNotIn("onerror", stored, where)
                            raise _Undo
                    except _Undo:
                        self.env.invalidate_all()
        _logger.info(
            "bad input: %s models, %s writes refused cleanly, %s accepted cleanly",
            len(self.cases),
            refused,
            accepted,
        )

    def test_business_limits(self):
        """Values of the right type that make no sense are refused by the model."""
        today = fields.Date.today()
        refusals = [
            ("crm.contact.log", {"duration": -1.0}),
            ("crm.ticket.time.log", {"hours": -2.0}),
            ("crm.ticket.time.log", {"hours": 1e9}),
            ("crm.campaign.cost", {"amount": -100.0}),
            ("crm.competitor.price", {"price": -1.0}),
            ("crm.support.contract", {"date_start": today + timedelta(days=400)}),
            ("crm.delegation", {"date_from": today + timedelta(days=30)}),
        ]
        for model_name, bad in refusals:
            user, vals = self.cases[model_name]
            Model = self.env[model_name].with_user(user)
            error = self._attempt(
                f"create {model_name} {bad}",
                lambda M=Model, v=vals, b=bad: M.create({**v, **b}),
            )
            self.assertIsInstance(error, ValidationError, f"create {model_name} {bad}")
            record = Model.create(dict(vals))
            error = self._attempt(
                f"write {model_name} {bad}", lambda r=record, b=bad: r.write(b)
            )
            self.assertIsInstance(error, ValidationError, f"write {model_name} {bad}")

    def test_other_company_ids(self):
        """An id of another company's record the user cannot read, on company-
        checked fields, is refused."""
        self.sales_own.company_ids = self.env.company
        cases = [
            ("crm.contact.log", {"partner_id": self.other_partner.id}),
            ("crm.ticket", {"partner_id": self.other_partner.id}),
        ]
        for model_name, bad in cases:
            user, vals = self.cases[model_name]
            Model = self.env[model_name].with_user(user)
            error = self._attempt(
                f"create {model_name} {bad}",
                lambda M=Model, v=vals, b=bad: M.create({**v, **b}),
            )
            self.assertIsNotNone(error, f"create {model_name} {bad} was accepted")


@tagged("crm_suite", "-at_install", "post_install")
class TestBadInputRpc(HttpCase):
    """The client's side: over /web/dataset/call_kw, bad input answers a clean
    error (a ValidationError / UserError / AccessError, no database error)."""

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    @mute_logger("odoo.http")  # it logs each refused call as a WARNING
    def test_rpc_errors_are_clean(self):
        salesman = new_test_user(
            self.env,
            "bad_rpc_sales",
            password="bad_rpc_sales_pw",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        partner = self.env["res.partner"].create({"name": "RPC Customer"})
        log = (
            self.env["crm.contact.log"]
            .with_user(salesman)
            .create({"partner_id": partner.id, "summary": "First call"})
        )
        self.authenticate("bad_rpc_sales", "bad_rpc_sales_pw")
        attempts = [
            ("create", [{"partner_id": MISSING_ID, "summary": "x"}]),
            ("create", [{"partner_id": "abc", "summary": "x"}]),
            ("create", [{"partner_id": partner.id, "summary": HUGE}]),
            ("create", [{"partner_id": partner.id, "summary": "x", "duration": -3}]),
            ("create", [{"partner_id": partner.id, "summary": "x", "date": "junk"}]),
            ("create", [{"partner_id": partner.id, "summary": "x", "nope": 1}]),
            ("write", [[log.id], {"direction": "sideways"}]),
            ("write", [[log.id], {"user_id": MISSING_ID}]),
            ("write", [[MISSING_ID], {"summary": "ghost"}]),
        ]
        clean = {
            "odoo.exceptions.ValidationError",
            "odoo.exceptions.UserError",
            "odoo.exceptions.AccessError",
            "odoo.exceptions.MissingError",
        }
        for method, args in attempts:
            body = self._call("crm.contact.log", method, args)
            self.assertIn("error", body, f"{method} {str(args)[:80]} was accepted")
            name = body["error"]["data"]["name"]
            self.assertIn(name, clean, f"{method} {str(args)[:80]}: {name}")
        log.invalidate_recordset()
        self.assertEqual(log.summary, "First call")
        self.assertEqual(log.direction, "out")
        # HTML is sanitised, not refused
        body = self._call("crm.contact.log", "write", [[log.id], {"note": SCRIPT}])
        self.assertNotIn("error", body)
        log.invalidate_recordset()
        self.assertNotIn("<script", log.note)
        self.assertIn("Hi", log.note)

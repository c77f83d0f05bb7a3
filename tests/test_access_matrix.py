# ruff: noqa: E501 (the matrix is a table, one model per line)
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

# The access rights of every crm_suite model (transient and SQL views included), per
# role: r(ead) w(rite) c(reate) u(nlink), "-" for denied. Record rules narrow these
# further; tests/<capability>/test_*_access.py try them the way an attacker would.
# A new model, or a changed access line, must be written here first.
ROLES = {
    "employee": "base.group_user",
    "sales_own": "sales_team.group_sale_salesman",
    # a team leader holds the same groups as a salesperson: the rules widen per team
    "sales_leader": "sales_team.group_sale_salesman",
    "sales_all": "sales_team.group_sale_salesman_all_leads",
    "sales_manager": "sales_team.group_sale_manager",
    "accountant": "account.group_account_invoice",
    "helpdesk_own": "crm_suite.group_crm_suite_helpdesk_personal",
    "helpdesk_team": "crm_suite.group_crm_suite_helpdesk_user",
    "helpdesk_all": "crm_suite.group_crm_suite_helpdesk_all",
    "helpdesk_manager": "crm_suite.group_crm_suite_helpdesk_manager",
    "portal": "base.group_portal",
    "public": "base.group_public",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

# columns in the order of ROLES; one row per model
MATRIX_TABLE = """
model                         empl  s_own s_ldr s_all s_mgr acct  h_own h_tm  h_all h_mgr portl publc
crm.active.customer.report    ----  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----  ----
crm.campaign.cost             ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.campaign.member           ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.campaign.segment          ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.competitor                ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.competitor.price          ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.competitor.product        ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.competitor.type           ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.competitor.usage          ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.contact.log               ----  rwcu  rwcu  rwcu  rwcu  r---  ----  ----  ----  ----  ----  ----
crm.contact.log.call          ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.contact.result            r---  r---  r---  r---  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.contact.success.report    ----  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----  ----
crm.customer.profitability.report  ----  ----  ----  ----  r---  r---  ----  ----  ----  ----  ----  ----
crm.deal.funnel.report        ----  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----  ----
crm.debt.report               ----  ----  ----  ----  rwcu  rwcu  ----  ----  ----  ----  ----  ----
crm.document                  ----  rwc-  rwc-  rwc-  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.document.generate         ----  rwc-  rwc-  rwc-  rwc-  ----  ----  ----  ----  ----  ----  ----
crm.document.template         ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.delegation                ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.followup.level            r---  r---  r---  r---  r---  rwcu  r---  r---  r---  r---  ----  ----
crm.followup.sent             ----  r---  r---  r---  r---  rw--  ----  ----  ----  ----  ----  ----
crm.forecast.snapshot         ----  r---  r---  r---  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.forecast.snapshot.report  ----  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----  ----
crm.lead.competitor           ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.mail.merge                ----  rwcu  rwcu  rwcu  rwcu  ----  ----  ----  ----  ----  ----  ----
crm.partner.attribute.set     r---  r---  r---  r---  rwc-  r---  r---  r---  r---  r---  ----  ----
crm.partner.occasion          r---  rwcu  rwcu  rwcu  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.partner.product           r---  rwcu  rwcu  rwcu  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.partner.relation          r---  rwcu  rwcu  rwcu  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.partner.relation.all      r---  r---  r---  r---  r---  r---  r---  r---  r---  r---  ----  ----
crm.partner.relation.type     r---  r---  r---  r---  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.profitability.report      ----  r---  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----
crm.support.contract          ----  r---  r---  r---  r---  r---  r---  r---  r---  rwcu  ----  ----
crm.support.invoice           ----  ----  ----  ----  ----  rwc-  ----  ----  ----  rwc-  ----  ----
crm.territory                 r---  r---  r---  r---  rwcu  r---  r---  r---  r---  r---  ----  ----
crm.ticket                    ----  r---  r---  r---  r---  ----  rwc-  rwc-  rwc-  rwcu  r---  ----
crm.ticket.category           r---  r---  r---  r---  r---  r---  r---  r---  r---  rwcu  r---  ----
crm.ticket.close              ----  ----  ----  ----  ----  ----  rwc-  rwc-  rwc-  rwc-  ----  ----
crm.ticket.sla                ----  ----  ----  ----  ----  ----  r---  r---  r---  rwcu  ----  ----
crm.ticket.sla.report         ----  ----  ----  ----  ----  ----  r---  r---  r---  r---  ----  ----
crm.ticket.solution           ----  r---  r---  r---  r---  ----  rwc-  rwc-  rwc-  rwcu  ----  ----
crm.ticket.stage              r---  r---  r---  r---  r---  r---  r---  r---  r---  rwcu  r---  ----
crm.ticket.tag                r---  r---  r---  r---  r---  r---  rwc-  rwc-  rwc-  rwcu  ----  ----
crm.ticket.team               r---  r---  r---  r---  r---  r---  r---  r---  r---  rwcu  ----  ----
crm.ticket.time.log           ----  ----  ----  ----  ----  r---  rwcu  rwcu  rwcu  rwcu  ----  ----
crm.workload.report           ----  r---  r---  r---  r---  ----  ----  ----  ----  ----  ----  ----
"""


def _parse_matrix(text):
    """{model: (cell per role in ROLES order)} from the table above."""
    rows = text.strip().splitlines()[1:]
    return {row.split()[0]: tuple(row.split()[1:]) for row in rows}


MATRIX = _parse_matrix(MATRIX_TABLE)


@tagged(
    "crm_suite",
    "crm_suite_security",
    "crm_suite_access",
    "post_install",
    "-at_install",
)
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, f"matrix_{role}", groups=group)
            for role, group in ROLES.items()
        }
        cls.users["sales_leader"].sale_team_id = cls.env["crm.team"].create(
            {"name": "Matrix Team", "user_id": cls.users["sales_leader"].id}
        )

    def test_matrix_covers_every_model(self):
        models = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_suite" and not model._abstract
        }
        self.assertEqual(
            sorted(models - MATRIX.keys()), [], "models missing from the matrix"
        )
        self.assertEqual(sorted(MATRIX.keys() - models), [], "models no longer there")

    def test_matrix_matches_the_orm(self):
        mismatches = []
        for model, cells in MATRIX.items():
            self.assertEqual(len(cells), len(ROLES), model)
            for (role, user), cell in zip(self.users.items(), cells, strict=True):
                Model = self.env[model].with_user(user)
                for letter, operation in OPERATIONS.items():
                    expected = letter in cell
                    if Model.has_access(operation) != expected:
                        mismatches.append(
                            f"{model} / {role} / {operation}: expected "
                            f"{'allowed' if expected else 'denied'}"
                        )
        self.assertFalse(
            mismatches,
            "access differs from the matrix:\n" + "\n".join(mismatches),
        )

    def _global_rule_domains(self, model):
        rules = self.env["ir.rule"].search(
            [("model_id.model", "=", model), ("global", "=", True)]
        )
        return rules.mapped("domain_force")

    def test_every_company_bound_model_has_a_company_rule(self):
        missing = [
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_suite"
            and not model._abstract
            and not model._transient
            and "company_id" in model._fields
            and not any(
                "company_ids" in domain for domain in self._global_rule_domains(name)
            )
        ]
        self.assertFalse(missing, "company-bound models without a multi-company rule")

    def test_every_wizard_is_private_to_its_creator(self):
        missing = [
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_suite"
            and model._transient
            and not any(
                "create_uid" in domain for domain in self._global_rule_domains(name)
            )
        ]
        self.assertFalse(missing, "wizards readable by other users")


@tagged(
    "crm_suite",
    "crm_suite_security",
    "crm_suite_access",
    "post_install",
    "-at_install",
)
class TestPortalRpcSweep(HttpCase):
    """The lowest logged-in user over JSON-RPC (/web/dataset/call_kw): a portal user
    reads only what the matrix grants (their tickets, the ticket stages and
    categories) and creates, writes or deletes nothing, on any crm_suite model."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _refused(self, model, method, args, kwargs=None):
        try:
            self._call(model, method, args, kwargs)
        except JsonRpcException as error:
            return error.args[0] == "odoo.exceptions.AccessError"
        return False

    def test_portal_sweep(self):
        new_test_user(self.env, "sweep_portal", groups="base.group_portal")
        self.authenticate("sweep_portal", "sweep_portal")
        portal = list(ROLES).index("portal")
        wrong = []
        with mute_logger("odoo.http"):
            for model, cells in MATRIX.items():
                readable = "r" in cells[portal]
                refused = self._refused(model, "search_read", [[]], {"fields": ["id"]})
                if refused == readable:
                    wrong.append(
                        f"{model}: search_read {'refused' if refused else 'allowed'}"
                    )
                if not self._refused(model, "create", [{}]):
                    wrong.append(f"{model}: create not refused")
        self.assertFalse(wrong, "portal over JSON-RPC:\n" + "\n".join(wrong))

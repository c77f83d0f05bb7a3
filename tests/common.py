from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CrmSuiteCommon(TransactionCase):
    """Org chart used by the tests:

    Team Ardent: leader ``sales_leader``, members ``sales_own`` and ``sales_own2``.
    ``sales_all`` (all documents), ``sales_manager``, ``accountant`` (Invoicing),
    ``employee`` (internal user without sales rights), ``portal_user``.

    Customers: company Ardent Tools with Ann (mobile) and Bob (national phone);
    company Blue Harbour with Carl. A deal on Ardent Tools owned by ``sales_own``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                mail_create_nolog=True,
                mail_notrack=True,
                no_reset_password=True,
                tracking_disable=True,
            )
        )
        cls.env.company.country_id = cls.env.ref("base.be")
        user = "base.group_user"
        cls.sales_own = new_test_user(
            cls.env, "sales_own", groups=f"{user},sales_team.group_sale_salesman"
        )
        cls.sales_own2 = new_test_user(
            cls.env, "sales_own2", groups=f"{user},sales_team.group_sale_salesman"
        )
        cls.sales_leader = new_test_user(
            cls.env, "sales_leader", groups=f"{user},sales_team.group_sale_salesman"
        )
        cls.sales_all = new_test_user(
            cls.env,
            "sales_all",
            groups=f"{user},sales_team.group_sale_salesman_all_leads",
        )
        cls.sales_manager = new_test_user(
            cls.env, "sales_manager", groups=f"{user},sales_team.group_sale_manager"
        )
        cls.accountant = new_test_user(
            cls.env, "accountant", groups=f"{user},account.group_account_invoice"
        )
        cls.employee = new_test_user(cls.env, "employee", groups=user)
        cls.portal_user = new_test_user(
            cls.env, "portal_user", groups="base.group_portal"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Team Ardent",
                "user_id": cls.sales_leader.id,
                "member_ids": [Command.set((cls.sales_own | cls.sales_own2).ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.ardent = Partner.create(
            {
                "name": "Ardent Tools",
                "is_company": True,
                "country_id": cls.env.ref("base.be").id,
            }
        )
        cls.ann = Partner.create(
            {
                "name": "Ann Ardent",
                "parent_id": cls.ardent.id,
                "mobile": "+32 485 11 22 33",
            }
        )
        cls.bob = Partner.create(
            {"name": "Bob Ardent", "parent_id": cls.ardent.id, "phone": "0470 55 66 77"}
        )
        cls.blue = Partner.create({"name": "Blue Harbour", "is_company": True})
        cls.carl = Partner.create({"name": "Carl Blue", "parent_id": cls.blue.id})
        cls.stage_new, cls.stage_proposition = (
            cls.env["crm.stage"].create({"name": "Test New", "sequence": 1}),
            cls.env["crm.stage"].create({"name": "Test Proposition", "sequence": 3}),
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Ardent: 40 workstations",
                "type": "opportunity",
                "partner_id": cls.ardent.id,
                "user_id": cls.sales_own.id,
                "team_id": cls.team.id,
                "stage_id": cls.stage_new.id,
            }
        )
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.email = cls.env.ref("mail.mail_activity_data_email")
        cls.result_offer = cls.env["crm.contact.result"].create(
            {
                "name": "Test offer requested",
                "next_activity_type_id": cls.email.id,
                "next_delay_days": 2,
                "stage_id": cls.stage_proposition.id,
            }
        )
        cls.result_none = cls.env["crm.contact.result"].create(
            {"name": "Test no answer"}
        )

    @classmethod
    def _half_now_half_in_30_days(cls):
        """A payment term in two instalments: each is its own receivable item."""
        return cls.env["account.payment.term"].create(
            {
                "name": "Test half now, half in 30 days",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 30}
                    ),
                ],
            }
        )

    def _log(self, user=None, **values):
        """A contact log created by ``user``, by default the test's current user."""
        return self._create_log(self.env, user, values)

    @classmethod
    def _class_log(cls, user=None, **values):
        return cls._create_log(cls.env, user, values)

    @classmethod
    def _create_log(cls, env, user, values):
        values.setdefault("partner_id", cls.ardent.id)
        values.setdefault("summary", "Talked about the offer")
        model = env["crm.contact.log"]
        if user:
            model = model.with_user(user)
        return model.create(values)


class CrmTicketCommon(CrmSuiteCommon):
    """Helpdesk on top of the CRM org chart:

    Team Support: leader ``helpdesk_lead``, member ``helpdesk_agent``;
    ``helpdesk_other`` is an agent outside the team, ``helpdesk_manager`` manages.
    Ardent Tools' salesperson is ``sales_own``; ``portal_ann`` is Ann's portal login.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = "base.group_user"
        agent = "crm_suite.group_crm_suite_helpdesk_user"
        cls.helpdesk_agent = new_test_user(
            cls.env, "helpdesk_agent", groups=f"{user},{agent}"
        )
        cls.helpdesk_lead = new_test_user(
            cls.env, "helpdesk_lead", groups=f"{user},{agent}"
        )
        cls.helpdesk_other = new_test_user(
            cls.env, "helpdesk_other", groups=f"{user},{agent}"
        )
        cls.helpdesk_manager = new_test_user(
            cls.env,
            "helpdesk_manager",
            groups=f"{user},crm_suite.group_crm_suite_helpdesk_manager",
        )
        cls.ardent.user_id = cls.sales_own
        cls.portal_ann = new_test_user(
            cls.env,
            "portal_ann",
            groups="base.group_portal",
            partner_id=cls.ann.id,
            email="ann@ardent.example.com",
        )
        cls.helpdesk_team = cls.env["crm.ticket.team"].create(
            {
                "name": "Test Support",
                "alias_name": "test-support",
                "user_id": cls.helpdesk_lead.id,
                "member_ids": [Command.set(cls.helpdesk_agent.ids)],
            }
        )
        cls.ticket_stage_new = cls.env.ref("crm_suite.crm_ticket_stage_new")
        cls.ticket_stage_progress = cls.env.ref(
            "crm_suite.crm_ticket_stage_in_progress"
        )
        cls.ticket_stage_solved = cls.env.ref("crm_suite.crm_ticket_stage_solved")
        cls.ticket_stage_cancelled = cls.env.ref("crm_suite.crm_ticket_stage_cancelled")

    @classmethod
    def _ticket(cls, env=None, **values):
        values.setdefault("name", "The printer jams")
        values.setdefault("partner_id", cls.ardent.id)
        values.setdefault("channel", "phone")
        return (env or cls.env)["crm.ticket"].create(values)

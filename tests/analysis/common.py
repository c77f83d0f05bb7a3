from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, freeze_time, new_test_user


class AnalysisCommon(TransactionCase):
    """The small world the managers' analyses are checked on.

    Teams: North (leader ``leader``; members ``sales_a``, ``sales_b``), South (member
    ``sales_c``). ``sales_all`` reads all documents, ``manager`` manages sales.

    Customers (companies): Acme (industry Tools, territory North, tag Key, salesperson
    A, source Fair), Bolt (Food, North, tag Small, B), Cora (Tools, South, tags Key and
    Small, C), Dune (nothing).

    Contact logs (Positive / Negative results):
      2025-01-10 A Acme Positive (call)    2025-01-15 A Acme Negative (call)
      2025-02-05 A Bolt Positive (meeting) 2025-02-06 B Bolt Negative (call)
      2025-02-07 C Cora no result (call)   2025-02-20 B Cora Positive (call)

    Deals (stages New, Qualified, Proposal, Won):
      Acme deal (A): created 2025-01-01 in New, Qualified 01-11, Proposal 01-21,
        won 01-31.
      Bolt deal (B): created 2025-01-01 in New, Qualified 01-06, lost 01-16
        ("Too expensive").
      Cora deal (C): created 2025-02-01 in New, still open.

    Activities (relative to today): A on Acme due 3 days ago (overdue), A on the
    Acme deal due in 2 days, B on Bolt due in 5 days, C on Cora due yesterday
    (overdue). Meetings: in 1 day with A, B and Acme's contact on the Acme deal; in
    3 days with C and Cora.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, mail_create_nolog=True, no_reset_password=True
            )
        )
        salesman = "base.group_user,sales_team.group_sale_salesman"
        cls.sales_a = new_test_user(cls.env, "an_sales_a", groups=salesman)
        cls.sales_b = new_test_user(cls.env, "an_sales_b", groups=salesman)
        cls.sales_c = new_test_user(cls.env, "an_sales_c", groups=salesman)
        cls.leader = new_test_user(cls.env, "an_leader", groups=salesman)
        cls.sales_all = new_test_user(
            cls.env,
            "an_sales_all",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.manager = new_test_user(
            cls.env,
            "an_manager",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        cls.employee = new_test_user(cls.env, "an_employee", groups="base.group_user")
        cls.salespeople = cls.sales_a | cls.sales_b | cls.sales_c
        Team = cls.env["crm.team"]
        cls.north = Team.create(
            {
                "name": "North",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.sales_a | cls.sales_b).ids)],
            }
        )
        cls.south = Team.create(
            {"name": "South", "member_ids": [Command.set(cls.sales_c.ids)]}
        )

        Industry = cls.env["res.partner.industry"]
        cls.tools = Industry.create({"name": "Analysis Tools"})
        cls.food = Industry.create({"name": "Analysis Food"})
        Territory = cls.env["crm.territory"]
        cls.t_north = Territory.create({"name": "Analysis North"})
        cls.t_south = Territory.create({"name": "Analysis South"})
        Tag = cls.env["res.partner.category"]
        cls.tag_key = Tag.create({"name": "Analysis Key"})
        cls.tag_small = Tag.create({"name": "Analysis Small"})
        cls.fair = cls.env["utm.source"].create({"name": "Analysis Fair"})

        Partner = cls.env["res.partner"]
        cls.acme = Partner.create(
            {
                "name": "Acme",
                "is_company": True,
                "industry_id": cls.tools.id,
                "crm_territory_id": cls.t_north.id,
                "category_id": [Command.set(cls.tag_key.ids)],
                "user_id": cls.sales_a.id,
                "source_id": cls.fair.id,
            }
        )
        cls.acme_contact = Partner.create(
            {"name": "Ada Acme", "parent_id": cls.acme.id}
        )
        cls.bolt = Partner.create(
            {
                "name": "Bolt",
                "is_company": True,
                "industry_id": cls.food.id,
                "crm_territory_id": cls.t_north.id,
                "category_id": [Command.set(cls.tag_small.ids)],
                "user_id": cls.sales_b.id,
            }
        )
        cls.cora = Partner.create(
            {
                "name": "Cora",
                "is_company": True,
                "industry_id": cls.tools.id,
                "crm_territory_id": cls.t_south.id,
                "category_id": [Command.set((cls.tag_key | cls.tag_small).ids)],
                "user_id": cls.sales_c.id,
            }
        )
        cls.dune = Partner.create(
            {"name": "Dune", "is_company": True, "crm_territory_id": False}
        )
        cls.customers = cls.acme | cls.bolt | cls.cora | cls.dune

        Result = cls.env["crm.contact.result"]
        cls.positive = Result.create({"name": "Analysis yes", "is_positive": True})
        cls.negative = Result.create({"name": "Analysis no"})
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.meeting_kind = cls.env.ref("mail.mail_activity_data_meeting")
        cls.logs = cls.env["crm.contact.log"].create(
            [
                cls._log_vals("2025-01-10", cls.sales_a, cls.acme, cls.positive),
                cls._log_vals("2025-01-15", cls.sales_a, cls.acme, cls.negative),
                cls._log_vals(
                    "2025-02-05", cls.sales_a, cls.bolt, cls.positive, cls.meeting_kind
                ),
                cls._log_vals("2025-02-06", cls.sales_b, cls.bolt, cls.negative),
                cls._log_vals("2025-02-07", cls.sales_c, cls.cora, None),
                cls._log_vals("2025-02-20", cls.sales_b, cls.cora, cls.positive),
            ]
        )

        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create({"name": "An New", "sequence": 1})
        cls.stage_qualified = Stage.create({"name": "An Qualified", "sequence": 2})
        cls.stage_proposal = Stage.create({"name": "An Proposal", "sequence": 3})
        cls.stage_won = Stage.create({"name": "An Won", "sequence": 4, "is_won": True})
        cls.too_expensive = cls.env["crm.lost.reason"].create(
            {"name": "Analysis too expensive"}
        )
        cls.deal_acme = cls._deal("2025-01-01", "Acme deal", cls.acme, cls.sales_a)
        cls.deal_bolt = cls._deal("2025-01-01", "Bolt deal", cls.bolt, cls.sales_b)
        cls.deal_cora = cls._deal("2025-02-01", "Cora deal", cls.cora, cls.sales_c)
        cls.deals = cls.deal_acme | cls.deal_bolt | cls.deal_cora
        cls._move(cls.deal_acme, "2025-01-11", stage_id=cls.stage_qualified.id)
        cls._move(cls.deal_acme, "2025-01-21", stage_id=cls.stage_proposal.id)
        cls._move(cls.deal_acme, "2025-01-31", stage_id=cls.stage_won.id)
        cls._move(cls.deal_bolt, "2025-01-06", stage_id=cls.stage_qualified.id)
        with freeze_time("2025-01-16 10:00:00"):
            cls.deal_bolt.action_set_lost(lost_reason_id=cls.too_expensive.id)
            cls._flush_tracking()

        today = fields.Date.context_today(cls.env["res.users"])
        cls.today = today
        partner_model = cls.env["ir.model"]._get_id("res.partner")
        lead_model = cls.env["ir.model"]._get_id("crm.lead")
        cls.activities = cls.env["mail.activity"].create(
            [
                {
                    "res_model_id": partner_model,
                    "res_id": cls.acme.id,
                    "user_id": cls.sales_a.id,
                    "activity_type_id": cls.call.id,
                    "date_deadline": today - timedelta(days=3),
                },
                {
                    "res_model_id": lead_model,
                    "res_id": cls.deal_acme.id,
                    "user_id": cls.sales_a.id,
                    "activity_type_id": cls.call.id,
                    "date_deadline": today + timedelta(days=2),
                },
                {
                    "res_model_id": partner_model,
                    "res_id": cls.bolt.id,
                    "user_id": cls.sales_b.id,
                    "activity_type_id": cls.call.id,
                    "date_deadline": today + timedelta(days=5),
                },
                {
                    "res_model_id": partner_model,
                    "res_id": cls.cora.id,
                    "user_id": cls.sales_c.id,
                    "activity_type_id": cls.call.id,
                    "date_deadline": today - timedelta(days=1),
                },
            ]
        )
        start = datetime.combine(today, datetime.min.time()) + timedelta(hours=9)
        cls.meetings = cls.env["calendar.event"].create(
            [
                {
                    "name": "Acme review",
                    "start": start + timedelta(days=1),
                    "stop": start + timedelta(days=1, hours=1),
                    "opportunity_id": cls.deal_acme.id,
                    "partner_ids": [
                        Command.set(
                            (
                                cls.sales_a.partner_id
                                | cls.sales_b.partner_id
                                | cls.acme_contact
                            ).ids
                        )
                    ],
                },
                {
                    "name": "Cora visit",
                    "start": start + timedelta(days=3),
                    "stop": start + timedelta(days=3, hours=1),
                    "partner_ids": [
                        Command.set((cls.sales_c.partner_id | cls.cora).ids)
                    ],
                },
            ]
        )
        cls._refresh()

    @classmethod
    def _refresh(cls):
        """The analyses are materialized views: refresh them after changing their
        sources (the cron does it every few minutes in production)."""
        cls.env["crm.analysis.mixin"]._refresh_analyses()

    @classmethod
    def _log_vals(cls, day, user, partner, result, kind=None):
        return {
            "date": f"{day} 10:00:00",
            "user_id": user.id,
            "partner_id": partner.id,
            "result_id": result.id if result else False,
            "activity_type_id": (kind or cls.call).id,
            "summary": f"{partner.name} on {day}",
        }

    @classmethod
    def _deal(cls, day, name, partner, user):
        with freeze_time(f"{day} 10:00:00"):
            deal = cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "stage_id": cls.stage_new.id,
                }
            )
            cls._flush_tracking()
        # the ORM stamps create_date with the database's clock, not the frozen one
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (f"{day} 10:00:00", deal.id),
        )
        deal.invalidate_recordset(["create_date"])
        return deal

    @classmethod
    def _move(cls, deal, day, **vals):
        with freeze_time(f"{day} 10:00:00"):
            deal.write(vals)
            cls._flush_tracking()

    @classmethod
    def _flush_tracking(cls):
        """Write the stage tracking now, under the frozen clock (Odoo writes it when
        the transaction commits)."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.env.flush_all()

    def _read(self, model, groupby, aggregates, domain=(), user=None):
        """{group key: aggregates} as the pivot reads them (formatted_read_group is
        the pivot's call; _read_group returns records, mapped to their ids)."""
        self._refresh()
        Report = self.env[model]
        if user:
            Report = Report.with_user(user)
        rows = Report._read_group(list(domain), groupby, aggregates)
        result = {}
        for row in rows:
            keys = tuple(
                value.id if hasattr(value, "_name") else value
                for value in row[: len(groupby)]
            )
            values = tuple(row[len(groupby) :])
            result[keys[0] if len(keys) == 1 else keys] = (
                values[0] if len(values) == 1 else values
            )
        return result

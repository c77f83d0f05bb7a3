from datetime import date, datetime, time, timedelta
from operator import itemgetter

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# the page size the client asks for is capped: a page is one query, not a dump
TIMELINE_MAX_LIMIT = 200
# who may change the salesperson of an existing customer
CUSTOMER_ASSIGNING_GROUPS = ("sales_team.group_sale_salesman_all_leads",)


class ResPartner(models.Model):
    """The customer record: relations, occasions, origin, attributes, owned
    products, and the two views of a customer, the Customer 360 panel and the
    timeline."""

    _inherit = "res.partner"

    # both sides of the contact's relations, for searches such as "works for X"
    relation_all_ids = fields.One2many(
        "crm.partner.relation.all", "this_partner_id", string="Relations"
    )

    occasion_ids = fields.One2many(
        "crm.partner.occasion", "partner_id", string="Occasions"
    )

    source_id = fields.Many2one(
        "utm.source",
        string="Origin Source",
        index="btree_not_null",
        ondelete="set null",
        help="How the customer first came to us: a fair, a referral, the website...",
    )

    # holder of the attribute definitions: the set of the contact's company (of the
    # creating user's company for a shared contact)
    crm_attribute_set_id = fields.Many2one(
        "crm.partner.attribute.set",
        string="Attribute Definitions",
        compute="_compute_crm_attribute_set_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )

    crm_attributes = fields.Properties(
        string="Attributes",
        definition="crm_attribute_set_id.attribute_definition",
    )

    crm_salutation = fields.Char(
        string="Salutation",
        help="How letters and greetings address this contact, e.g. “Dear Ann,”.",
    )

    @api.depends("company_id")
    def _compute_crm_attribute_set_id(self):
        companies = self.company_id | self.env.company
        sets = self.env["crm.partner.attribute.set"]._for_companies(companies)
        for partner in self:
            partner.crm_attribute_set_id = sets[partner.company_id or self.env.company]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        # the customer's salesperson sees its money figures and all its tickets
        # (record rules, models/common/res_partner.py): only the users who assign
        # customers change it, a salesperson cannot take a customer
        if "user_id" in vals and not self.env["res.users"]._crm_suite_may_assign(
            CUSTOMER_ASSIGNING_GROUPS
        ):
            new_user_id = vals["user_id"] or False
            if any(partner.user_id.id != new_user_id for partner in self):
                raise AccessError(
                    self.env._(
                        'Only sales managers and "All Documents" salespeople '
                        "change the salesperson of a customer."
                    )
                )
        return super().write(vals)

    def action_view_relations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_partner_relation_all_action"
        )
        action["domain"] = [("this_partner_id", "=", self.id)]
        action["context"] = {"default_left_partner_id": self.id}
        action["display_name"] = self.env._(
            "Relations of %(name)s", name=self.display_name
        )
        return action

    def action_view_occasions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_partner_occasion_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["display_name"] = self.env._(
            "Occasions of %(name)s", name=self.display_name
        )
        return action

    def action_view_owned_products(self):
        self.ensure_one()
        commercial = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_partner_product_action"
        )
        action["domain"] = [("partner_id", "=", commercial.id)]
        action["context"] = {"default_partner_id": commercial.id}
        action["display_name"] = self.env._(
            "Products of %(name)s", name=commercial.display_name
        )
        return action

    def crm_suite_customer_360(self):
        """The figures of the Customer 360 panel, for the commercial entity of this
        partner, in a fixed number of queries whatever its history: deals and
        activities as the user may read them, money as the accounting sees it."""
        self.ensure_one()
        self.check_access("read")
        commercial = self.commercial_partner_id
        today = fields.Date.context_today(self)
        year_start = date(today.year, 1, 1)
        company = self.env.company
        Lead = self.env["crm.lead"]

        # the user's deals with the customer, one query with filtered aggregates
        leads = Lead._search(
            [
                ("partner_id.commercial_partner_id", "=", commercial.id),
                ("type", "=", "opportunity"),
            ]
        )
        won = SQL(
            "%s IN (SELECT id FROM crm_stage WHERE is_won)",
            Lead._field_to_sql(leads.table, "stage_id", leads),
        )
        revenue = Lead._field_to_sql(leads.table, "expected_revenue", leads)
        [row] = self.env.execute_query(
            leads.select(
                SQL("COUNT(*) FILTER (WHERE NOT %s)", won),
                SQL("COALESCE(SUM(%s) FILTER (WHERE NOT %s), 0)", revenue, won),
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE NOT %s), 0)",
                    Lead._field_to_sql(leads.table, "prorated_revenue", leads),
                    won,
                ),
                SQL(
                    "COUNT(*) FILTER (WHERE %s AND %s >= %s)",
                    won,
                    Lead._field_to_sql(leads.table, "date_closed", leads),
                    year_start,
                ),
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s AND %s >= %s), 0)",
                    revenue,
                    won,
                    Lead._field_to_sql(leads.table, "date_closed", leads),
                    year_start,
                ),
                SQL(
                    "COUNT(*) FILTER (WHERE %s = %s)",
                    Lead._field_to_sql(leads.table, "user_id", leads),
                    self.env.uid,
                ),
            )
        )
        open_count, open_amount, weighted, won_count, won_amount, own_deals = row

        # sudo usage: mail.activity checks each activity's document one model at a
        # time; the documents are restricted here to those the user may read.
        activities = (
            self.env["mail.activity"]
            .sudo()
            ._search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    (
                        "res_id",
                        "in",
                        self._search([("commercial_partner_id", "=", commercial.id)]),
                    ),
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads),
                ]
            )
        )
        # the last contact rides along (derived from the logs, see
        # last_contact_date): the commercial entity's latest log, participants
        # included
        self._crm_suite_flush_contact_logs()
        [(activity_count, activity_overdue, last_contact)] = self.env.execute_query(
            activities.select(
                SQL("COUNT(*)"),
                SQL(
                    "COUNT(*) FILTER (WHERE %s < %s)",
                    SQL.identifier(activities.table, "date_deadline"),
                    today,
                ),
                self._crm_suite_entity_last_contact_sql(SQL("%s", commercial.id)),
            )
        )

        figures = {
            "partner_id": commercial.id,
            "partner_name": commercial.display_name,
            "is_entity": commercial == self,
            "currency_id": company.currency_id.id,
            "year": today.year,
            "open_deal_count": open_count,
            "open_deal_amount": open_amount,
            "open_deal_weighted": weighted,
            "won_count": won_count,
            "won_amount": won_amount,
            "last_contact_date": last_contact or False,
            "activity_count": activity_count,
            "activity_overdue_count": activity_overdue,
            "show_money": self._crm_suite_sees_money(owns_deal=bool(own_deals)),
            "can_open_invoices": self.env.user.has_group(
                "account.group_account_invoice"
            ),
        }
        if figures["show_money"]:
            figures.update(self.env["crm.money"]._customer_figures(commercial, today))
        # margins of the orders the user may read (Odoo's sale rules), one query
        figures["show_margin"] = self.env.user.has_group(
            "sales_team.group_sale_salesman"
        )
        if figures["show_margin"]:
            (__, figures["margin_year"]), (__, figures["margin_12_months"]) = self.env[
                "crm.money"
            ]._customer_margins(
                commercial, [year_start, today - relativedelta(years=1)]
            )
        return figures

    # ------------------------------------------------------------
    # TIMELINE
    # ------------------------------------------------------------

    def crm_suite_timeline(
        self, kinds=None, date_from=None, date_to=None, offset=0, limit=30
    ):
        """One page of the timeline of the commercial entity of this partner and its
        people, newest first, from the sources the capabilities declare (see
        ``_crm_suite_timeline_sources``). Each source is read through ``_search``, so
        the reader's access rights and record rules decide what appears; the page is
        one SQL query whatever the history's size.

        :param kinds: source keys to keep (see ``_crm_suite_timeline_sources``);
            empty means all
        :param date_from, date_to: days (``YYYY-MM-DD``), both included, in the
            user's time zone
        :return: ``{"entries": [...], "has_more": bool, "kinds": [...], ...}``
        """
        self.ensure_one()
        self.check_access("read")
        # the timeline is the customer's contact history: it needs the right to
        # read contact logs (salespeople and accounting), not only the partner
        self.env["crm.contact.log"].check_access("read")
        offset = max(int(offset or 0), 0)
        limit = min(max(int(limit or 30), 1), TIMELINE_MAX_LIMIT)
        commercial = self.commercial_partner_id
        sources = self._crm_suite_timeline_readable_sources()
        selected = [s for s in sources if not kinds or s["kind"] in kinds]
        result = {
            "partner_id": commercial.id,
            "partner_name": commercial.display_name,
            "is_entity": commercial == self,
            "kinds": [
                {"kind": s["kind"], "label": s["label"], "icon": s["icon"]}
                for s in sources
            ],
            "entries": [],
            "has_more": False,
        }
        if not selected:
            return result
        scope = {
            "commercial": commercial,
            "people": self.with_context(active_test=False)._search(
                [("commercial_partner_id", "=", commercial.id)]
            ),
            "date_from": fields.Date.to_date(date_from) if date_from else None,
            "date_to": fields.Date.to_date(date_to) if date_to else None,
            # each source keeps its own newest rows only: enough for this page
            # and one more row, which tells whether a next page exists
            "limit": offset + limit + 1,
        }
        self.env.flush_all()
        branches = SQL(" UNION ALL ").join(
            source["method"](scope) for source in selected
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT entry.date, entry.is_day, entry.kind, entry.res_model,"
                " entry.res_id, entry.title, entry.subtitle, entry.amount,"
                " entry.currency_id, author.name"
                " FROM (%s) AS entry"
                " LEFT JOIN res_users author_user ON author_user.id = entry.user_id"
                " LEFT JOIN res_partner author ON author.id = author_user.partner_id"
                " ORDER BY entry.date DESC, entry.kind, entry.row_id DESC"
                " LIMIT %s OFFSET %s",
                branches,
                limit + 1,
                offset,
            )
        )
        result["has_more"] = len(rows) > limit
        result["entries"] = [
            {
                "date": (
                    fields.Date.to_string(date)
                    if is_day
                    else fields.Datetime.to_string(date)
                ),
                "is_day": is_day,
                "kind": kind,
                "res_model": res_model,
                "res_id": res_id,
                "title": title or "",
                "subtitle": subtitle or "",
                "amount": amount,
                "currency_id": currency_id,
                "user_name": user_name or "",
            }
            for (
                date,
                is_day,
                kind,
                res_model,
                res_id,
                title,
                subtitle,
                amount,
                currency_id,
                user_name,
            ) in rows[:limit]
        ]
        return result

    def _crm_suite_timeline_sources(self):
        """Extension point: the timeline's sources. Each capability that owns a kind
        of entry extends this method from its own ``res_partner.py``, calls
        ``super()`` and appends ``{kind, label, icon, model, method, sequence}``,
        where ``method(scope)`` returns one SQL branch (see
        ``_crm_suite_timeline_branch``) and ``sequence`` orders the filter chips."""
        return []

    def _crm_suite_timeline_readable_sources(self):
        """The timeline's sources the current user may read, in the order of the
        filter chips."""
        sources = sorted(self._crm_suite_timeline_sources(), key=itemgetter("sequence"))
        # a source whose model the user may not read is left out, chip included:
        # salespeople without accounting rights see no invoice nor payment
        return [s for s in sources if self.env[s["model"]].has_access("read")]

    # ------------------------------------------------------------
    # TIMELINE SOURCES
    # ------------------------------------------------------------

    @api.model
    def _crm_suite_timeline_dates(self, scope, fname, is_day):
        """The domain restricting ``fname`` to the days of the scope. Datetimes are
        stored in UTC: the days' bounds are the user's midnights."""
        domain = []
        bounds = [
            (">=", scope["date_from"]),
            ("<", scope["date_to"] and scope["date_to"] + timedelta(days=1)),
        ]
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        for operator, day in bounds:
            if not day:
                continue
            if is_day:
                domain.append((fname, operator, day))
            else:
                local = tz.localize(datetime.combine(day, time.min))
                utc = local.astimezone(pytz.utc).replace(tzinfo=None)
                domain.append((fname, operator, utc))
        return domain

    @api.model
    def _crm_suite_timeline_branch(self, query, scope, kind, **columns):
        """One branch of the timeline's UNION: ``query`` (a ``_search`` Query) with
        its newest ``scope["limit"]`` rows, projected on the timeline's columns.
        ``date`` and ``row_id`` are SQL expressions the branch is sorted on (a plain
        column lets an index deliver the rows in order); the other columns are SQL
        expressions or None."""
        null = SQL("NULL")
        query.order = SQL("%s DESC, %s DESC", columns["date"], columns["row_id"])
        query.limit = scope["limit"]
        return SQL(
            "(%s)",
            query.select(
                SQL("%s::timestamp AS date", columns["date"]),
                SQL("%s AS is_day", bool(columns.get("is_day"))),
                SQL("%s::varchar AS kind", kind),
                SQL("%s AS row_id", columns["row_id"]),
                SQL("%s::varchar AS res_model", columns["res_model"]),
                SQL("%s AS res_id", columns["res_id"]),
                SQL("%s::varchar AS title", columns.get("title") or null),
                SQL("%s::varchar AS subtitle", columns.get("subtitle") or null),
                SQL("%s::int AS user_id", columns.get("user_id") or null),
                SQL("%s::float8 AS amount", columns.get("amount") or null),
                SQL("%s::int AS currency_id", columns.get("currency_id") or null),
            ),
        )

    @api.model
    def _crm_suite_timeline_selection(self, model, fname, column):
        """A CASE giving the translated label of a selection column."""
        labels = dict(model._fields[fname]._description_selection(self.env))
        return SQL(
            "CASE %s %s END",
            column,
            SQL(" ").join(
                SQL("WHEN %s THEN %s", key, label) for key, label in labels.items()
            ),
        )

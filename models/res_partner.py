from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.phone_validation.tools import phone_validation

from .crm_territory import REASSIGN_BATCH_SIZE
from .res_config_settings import DEFAULT_FORGOTTEN_DAYS

PHONE_PUNCTUATION = str.maketrans("", "", " .-/()\\\t")


class ResPartner(models.Model):
    # mail.thread.phone gives the stored, normalised phone_sanitized used by the
    # phone lookup (the sms module adds the same mixin).
    _name = "res.partner"
    _inherit = ["res.partner", "mail.thread.phone"]

    contact_log_ids = fields.One2many(
        "crm.contact.log", "partner_id", string="Contact Logs"
    )
    commercial_contact_log_ids = fields.One2many(
        "crm.contact.log",
        "commercial_partner_id",
        string="Contact Logs of the Company",
        help="The logs of the commercial entity: the company and all its people.",
    )
    entity_contact_log_ids = fields.One2many(
        related="commercial_partner_id.commercial_contact_log_ids",
        string="Contact Logs of the Commercial Entity",
    )
    competitor_usage_ids = fields.One2many(
        "crm.competitor.usage", "partner_id", string="Competitor Products Used"
    )
    contact_log_count = fields.Integer(compute="_compute_contact_log_count")
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
    # Kept up to date by the contact logs themselves (see _crm_suite_bump_last_contact
    # and _crm_suite_recompute_last_contact): a stored compute would re-read the whole
    # history of a company for every new log.
    last_contact_date = fields.Datetime(
        readonly=True,
        copy=False,
        index=True,
        help="Latest contact logged with this partner; for a company, with the company "
        "or any of its people.",
    )
    days_since_last_contact = fields.Integer(compute="_compute_days_since_last_contact")
    is_forgotten = fields.Boolean(
        string="Forgotten Customer",
        compute="_compute_is_forgotten",
        search="_search_is_forgotten",
    )
    # A commercial field: set on the company, shared by its people (Odoo syncs it).
    crm_territory_id = fields.Many2one(
        "crm.territory",
        string="Territory",
        index=True,
        ondelete="set null",
        copy=False,
        help="Set from the address when it changes; can be changed by hand.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _contact_log_groups(self, aggregate):
        """One grouped read of the logs of the commercial entities of ``self``, rolled
        up per partner: a log counts for its customer, its contact person and the
        customer's commercial entity. Returns {partner id: [aggregate values]}."""
        groups = self.env["crm.contact.log"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id", "contact_id", "commercial_partner_id"],
            [aggregate],
        )
        values = defaultdict(list)
        for partner, contact, commercial, value in groups:
            for target in {partner.id, contact.id, commercial.id} - {False}:
                values[target].append(value)
        return values

    def _compute_contact_log_count(self):
        # A commercial entity's logs are exactly its commercial_contact_log_ids, which
        # the customer form loads anyway: counting them costs no query there.
        entities = self.filtered(lambda p: p.id and p.commercial_partner_id == p)
        others = (self - entities).filtered("id")
        counts = others._contact_log_groups("__count") if others else {}
        for partner in self:
            if partner in entities:
                partner.contact_log_count = len(partner.commercial_contact_log_ids)
            else:
                partner.contact_log_count = sum(counts.get(partner.id, []))

    @api.depends("company_id")
    def _compute_crm_attribute_set_id(self):
        companies = self.company_id | self.env.company
        sets = self.env["crm.partner.attribute.set"]._for_companies(companies)
        for partner in self:
            partner.crm_attribute_set_id = sets[partner.company_id or self.env.company]

    @api.depends("last_contact_date")
    def _compute_days_since_last_contact(self):
        now = fields.Datetime.now()
        for partner in self:
            last = partner.last_contact_date
            partner.days_since_last_contact = (now - last).days if last else 0

    @api.depends("last_contact_date", "customer_rank", "parent_id")
    def _compute_is_forgotten(self):
        cutoff = self._forgotten_cutoff()
        for partner in self:
            partner.is_forgotten = not partner.parent_id and (
                (partner.last_contact_date and partner.last_contact_date < cutoff)
                or (not partner.last_contact_date and partner.customer_rank > 0)
            )

    def _search_is_forgotten(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on forgotten customers."))
        cutoff = self._forgotten_cutoff()
        forgotten = [
            ("parent_id", "=", False),
            "|",
            ("last_contact_date", "<", cutoff),
            "&",
            ("last_contact_date", "=", False),
            ("customer_rank", ">", 0),
        ]
        if (operator == "=") == value:
            return forgotten
        return ["!", *expression.normalize_domain(forgotten)]

    def _forgotten_cutoff(self):
        days = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_suite.forgotten_days", DEFAULT_FORGOTTEN_DAYS)
        )
        try:
            days = max(int(days), 1)
        except ValueError:
            days = DEFAULT_FORGOTTEN_DAYS
        return fields.Datetime.now() - timedelta(days=days)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self.browse(
            partner.id
            for partner, vals in zip(partners, vals_list, strict=True)
            if "crm_territory_id" not in vals
        )._crm_suite_assign_territories()
        return partners

    def write(self, vals):
        moved = self.browse()
        if "parent_id" in vals:
            moved = self | self.commercial_partner_id
        res = super().write(vals)
        if "crm_territory_id" not in vals and (
            vals.keys() & self._crm_suite_territory_triggers()
        ):
            self._crm_suite_assign_territories()
        if moved:
            # people changing company take their contact history along
            (moved | self.commercial_partner_id)._crm_suite_recompute_last_contact()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _contact_log_domain(self):
        return [
            "|",
            "|",
            ("partner_id", "in", self.ids),
            ("contact_id", "in", self.ids),
            ("commercial_partner_id", "in", self.ids),
        ]

    def action_view_contact_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_contact_log_action"
        )
        action["domain"] = self._contact_log_domain()
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_filter_mine": 0,
        }
        return action

    def action_log_call(self):
        self.ensure_one()
        return self.env["crm.contact.log.call"]._action_open(
            partner=self, phone=self.mobile or self.phone
        )

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

    def action_view_competitor_usages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_competitor_usage_action_partner"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "crm_suite_short": True}
        action["display_name"] = self.env._(
            "Competitors used by %(name)s", name=self.display_name
        )
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _crm_suite_set_last_contact(self, values, only_later):
        """Write {partner id: date} into last_contact_date with one UPDATE. With
        ``only_later``, a date only replaces an earlier one: concurrent transactions
        then agree, the row lock serialising them."""
        if not values:
            return
        rows = SQL(", ").join(
            SQL("(%s, %s::timestamp)", partner_id, date)
            for partner_id, date in values.items()
        )
        condition = (
            SQL(
                "AND (partner.last_contact_date IS NULL"
                " OR partner.last_contact_date < v.date)"
            )
            if only_later
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner partner SET last_contact_date = v.date"
                " FROM (VALUES %s) AS v(id, date) WHERE partner.id = v.id %s",
                rows,
                condition,
            )
        )
        self.browse(values).invalidate_recordset(["last_contact_date"])

    def _crm_suite_bump_last_contact(self, dates):
        """New contacts: {partner id: date} moves last contacts forward only."""
        self._crm_suite_set_last_contact(dates, only_later=True)

    def _crm_suite_recompute_last_contact(self):
        """Edited or deleted contacts: recompute from the logs of the partners."""
        partners = self.exists()
        if not partners:
            return
        self.env["crm.contact.log"].flush_model(
            ["date", "partner_id", "contact_id", "commercial_partner_id"]
        )
        # sudo usage: the date is a fact about the customer, whoever logged it
        dates = partners.sudo()._contact_log_groups("date:max")
        self._crm_suite_set_last_contact(
            {
                partner.id: max(dates[partner.id]) if dates.get(partner.id) else None
                for partner in partners
            },
            only_later=False,
        )

    def _crm_suite_sees_money(self, owns_deal=False):
        """Whether the current user may see this customer's invoiced, paid and
        overdue amounts: accountants and "all documents" salespeople always,
        other salespeople for their own customers (salesperson of the customer or
        owner of one of its deals)."""
        self.ensure_one()
        user = self.env.user
        if user.has_group("account.group_account_invoice") or user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            return True
        return user.has_group("sales_team.group_sale_salesman") and (
            owns_deal or self.commercial_partner_id.user_id == user
        )

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
        [(activity_count, activity_overdue)] = self.env.execute_query(
            activities.select(
                SQL("COUNT(*)"),
                SQL(
                    "COUNT(*) FILTER (WHERE %s < %s)",
                    SQL.identifier(activities.table, "date_deadline"),
                    today,
                ),
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
            "last_contact_date": commercial.last_contact_date,
            "activity_count": activity_count,
            "activity_overdue_count": activity_overdue,
            "show_money": self._crm_suite_sees_money(owns_deal=bool(own_deals)),
            "can_open_invoices": self.env.user.has_group(
                "account.group_account_invoice"
            ),
        }
        if figures["show_money"]:
            figures.update(commercial._crm_suite_money_figures(today))
        return figures

    def _crm_suite_money_figures(self, today):
        """Invoiced, paid, due and overdue amounts of this commercial entity in the
        current company, and its last payment date."""
        # sudo usage: salespeople see their customers' amounts without accounting
        # rights; only these totals leave this method, never the journal items.
        company = self.env.company
        Move = self.env["account.move"].sudo()
        [(invoiced, due)] = Move._read_group(
            [
                ("commercial_partner_id", "=", self.id),
                ("company_id", "=", company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            [],
            ["amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        # instalments fall due one by one: overdue is what is left of the
        # receivable items past their own due date
        receivable = [
            ("partner_id.commercial_partner_id", "=", self.id),
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
        ]
        [(overdue,)] = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                receivable
                + [("reconciled", "=", False), ("date_maturity", "<", today)],
                [],
                ["amount_residual:sum"],
            )
        )
        [(last_payment,)] = (
            self.env["account.partial.reconcile"]
            .sudo()
            ._read_group(
                [
                    ("debit_move_id.partner_id.commercial_partner_id", "=", self.id),
                    ("debit_move_id.account_type", "=", "asset_receivable"),
                    ("company_id", "=", company.id),
                    ("credit_move_id.move_id.move_type", "!=", "out_refund"),
                    # exchange differences settle an invoice but are no payment
                    (
                        "credit_move_id.move_id",
                        "not in",
                        SQL(
                            "(SELECT exchange_move_id FROM account_partial_reconcile"
                            " WHERE exchange_move_id IS NOT NULL)"
                        ),
                    ),
                ],
                [],
                ["max_date:max"],
            )
        )
        # credit notes not yet matched settle the oldest debts first: never show
        # more overdue than the customer owes in total
        invoiced, due, overdue = invoiced or 0.0, due or 0.0, overdue or 0.0
        overdue = max(min(overdue, due), 0.0)
        return {
            "amount_invoiced": invoiced,
            "amount_paid": invoiced - due,
            "amount_due": due,
            "amount_overdue": overdue,
            "last_payment_date": last_payment or False,
        }

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "crm_territory_id"]

    @api.model
    def _crm_suite_territory_triggers(self):
        """Fields whose change may move a customer to another territory."""
        return set(self._address_fields()) | {
            "parent_id",
            "is_company",
            "company_id",
            "industry_id",
            "category_id",
        }

    def _crm_suite_assign_territories(self):
        """The commercial entities among ``self``, with their people, get the first
        territory they match (or none): a few queries per territory."""
        entities = self.filtered(lambda p: p.id and p.commercial_partner_id == p)
        if not entities:
            return
        Territory = self.env["crm.territory"]
        matches, unmatched = Territory._crm_suite_match(entities)
        for territory, matched in matches.items():
            Territory._crm_suite_write_territory(territory.id, matched)
        Territory._crm_suite_write_territory(
            None, unmatched.filtered("crm_territory_id")
        )

    @api.model
    def _crm_suite_reassign_all_territories(self, batch_size=None):
        """Every commercial entity gets the territory its address matches now, in
        batches of ids. Returns how many entities were checked."""
        batch_size = batch_size or REASSIGN_BATCH_SIZE
        # sudo usage: all customers move, not only those the user may read
        Partner = self.sudo().with_context(active_test=False)
        domain = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
        done, last_id = 0, 0
        while batch := Partner.search(
            [*domain, ("id", ">", last_id)], order="id", limit=batch_size
        ):
            batch._crm_suite_assign_territories()
            done += len(batch)
            last_id = batch[-1].id
        return done

    @api.model
    def _crm_suite_find_by_phone(self, number, country=None):
        """Partners whose phone or mobile is ``number``, whatever the format either
        side was typed in: national numbers are read in ``country`` (default: the
        company's country)."""
        number = (number or "").strip()
        digits = number.translate(PHONE_PUNCTUATION)
        if len(digits.lstrip("+")) < 3:
            return self.browse()
        country = country or self.env.company.country_id
        candidates = {digits}
        international = phone_validation.phone_format(
            number,
            country.code,
            country.phone_code,
            force_format="E164",
            raise_exception=False,
        )
        if international and international.startswith("+"):
            candidates.add(international)
            national = phone_validation.phone_format(
                international,
                country.code,
                country.phone_code,
                force_format="NATIONAL",
                raise_exception=False,
            )
            if national:
                candidates.add(national.translate(PHONE_PUNCTUATION))
        domain = expression.OR(
            [[("phone_sanitized", "=", international)]] if international else []
        )
        domain = expression.OR(
            [domain] + [[("phone_mobile_search", "=", term)] for term in candidates]
        )
        return self.search(domain, limit=20)

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.phone_validation.tools import phone_validation

from .res_config_settings import DEFAULT_FORGOTTEN_DAYS

PHONE_PUNCTUATION = str.maketrans("", "", " .-/()\\\t")


class ResPartner(models.Model):
    """Contact history on the customer: its logs, the last contact date rolled up to
    the company, forgotten customers and the phone lookup."""

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

    contact_log_count = fields.Integer(compute="_compute_contact_log_stats")

    # Derived from the logs on read, never stored on the partner: a stored date made
    # every new log UPDATE its customer's row, and concurrent logs on a busy customer
    # then failed with "could not serialize access" (issue 13). The logs table is
    # append-only for new contacts; reading, searching, sorting and grouping go through
    # the (commercial_partner_id, date) index (see _last_contact_sql).
    last_contact_date = fields.Datetime(
        compute="_compute_contact_log_stats",
        search="_search_last_contact_date",
        help="Latest contact logged with this partner; for a company, with the company "
        "or any of its people. Computed from the contact logs, whoever logged them.",
    )

    days_since_last_contact = fields.Integer(compute="_compute_days_since_last_contact")
    last_contact_ago = fields.Char(compute="_compute_days_since_last_contact")

    is_forgotten = fields.Boolean(
        string="Forgotten Customer",
        compute="_compute_is_forgotten",
        search="_search_is_forgotten",
    )

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

    @api.model
    def _crm_suite_flush_contact_logs(self):
        """Flush what the last-contact SQL reads: the logs, their other customers
        met and the partners' commercial entities."""
        self.env["crm.contact.log"].flush_model(
            ["date", "partner_id", "contact_id", "commercial_partner_id", "partner_ids"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])

    @api.model
    def _crm_suite_entity_log_domain(self, entity_ids):
        """The logs of the commercial entities ``entity_ids``: about them or one of
        their people, as the customer or among the other customers met."""
        return [("history_partner_ids", "in", list(entity_ids))]

    def _compute_contact_log_stats(self):
        """Both figures in one query whatever the history: the count of the logs
        the user may read (record rules applied through ``_search``), and the last
        contact from all the logs (plain SQL on purpose: the date is a fact about
        the customer, whoever logged it)."""
        partners = self.filtered("id")
        stats = {}
        if partners:
            Log = self.env["crm.contact.log"]
            self._crm_suite_flush_contact_logs()
            commercial_ids = tuple(partners.commercial_partner_id.ids)
            ids = tuple(partners.ids)
            # the logs of the entities (the composite index), and the logs of other
            # customers where the entities' people were met (through the relation)
            own = Log._search([("commercial_partner_id", "in", commercial_ids)])
            met_sql = SQL(
                "(SELECT r.log_id FROM crm_contact_log_res_partner_rel r"
                " JOIN res_partner rp ON rp.id = r.partner_id"
                " WHERE rp.commercial_partner_id IN %s)",
                commercial_ids,
            )
            met = Log._search([("id", "in", met_sql)])
            own_columns = SQL(", ").join(
                SQL.identifier(own.table, fname)
                for fname in ("id", "partner_id", "contact_id", "commercial_partner_id")
            )
            # one (log, partner) pair per way a visible log enters a history
            pairs = SQL(
                "SELECT l.id, unnest(ARRAY[l.partner_id, l.contact_id,"
                " l.commercial_partner_id]) FROM (%(own)s)"
                " AS l(id, partner_id, contact_id, commercial_partner_id)"
                " UNION ALL SELECT r.log_id, unnest(ARRAY[r.partner_id,"
                " rp.commercial_partner_id]) FROM crm_contact_log_res_partner_rel r"
                " JOIN res_partner rp ON rp.id = r.partner_id"
                " WHERE r.log_id IN (%(met)s)",
                own=own.subselect(own_columns),
                met=met.subselect(),
            )
            stats = {
                partner_id: (count, date)
                for partner_id, count, date in self.env.execute_query(
                    SQL(
                        "SELECT p.id, (SELECT count(DISTINCT pair.log_id)"
                        " FROM (%(pairs)s) AS pair(log_id, partner_id)"
                        " WHERE pair.partner_id = p.id), %(last)s"
                        " FROM res_partner p WHERE p.id IN %(ids)s",
                        last=self._last_contact_sql("p"),
                        pairs=pairs,
                        ids=ids,
                    )
                )
            }
        for partner in self:
            count, date = stats.get(partner.id, (0, False))
            partner.contact_log_count = count
            partner.last_contact_date = date or False

    def _search_last_contact_date(self, operator, value):
        """Partners whose derived last contact matches; one SQL subquery on the
        logs: hashed set operations for ranges and "never contacted" anti-joins;
        an exact date compares each partner's latest log."""
        self._crm_suite_flush_contact_logs()
        if operator in ("=", "!=") and not value:
            contacted = self._contacted_partners_sql()
            if operator == "!=":
                return [("id", "in", SQL("(%s)", contacted))]
            # never contacted: anti-joins (a NOT IN on a large set is quadratic)
            never = SQL(
                "(SELECT p.id FROM res_partner p WHERE"
                " NOT EXISTS (SELECT 1 FROM crm_contact_log l"
                " WHERE l.commercial_partner_id = p.id)"
                " AND NOT EXISTS (SELECT 1 FROM crm_contact_log l"
                " WHERE l.partner_id = p.id)"
                " AND NOT EXISTS (SELECT 1 FROM crm_contact_log l"
                " WHERE l.contact_id = p.id)"
                " AND NOT EXISTS (SELECT 1 FROM crm_contact_log_res_partner_rel r"
                " JOIN res_partner rp ON rp.id = r.partner_id"
                " WHERE p.id IN (r.partner_id, rp.commercial_partner_id)))"
            )
            return [("id", "in", never)]
        if operator not in (">", ">=", "<", "<=", "=", "!="):
            raise UserError(
                self.env._(
                    "Unsupported search on the last contact date: %(operator)s.",
                    operator=operator,
                )
            )
        try:
            value = fields.Datetime.to_datetime(value)
        except ValueError as error:
            raise UserError(
                self.env._("%(value)s is not a date.", value=str(value))
            ) from error
        if operator in (">", ">="):
            later = self._contacted_partners_sql(SQL(operator), value)
            return [("id", "in", SQL("(%s)", later))]
        if operator in ("<", "<="):
            # contacted, and never on or after (or after) the value
            later = SQL(">=" if operator == "<" else ">")
            earlier = SQL(
                "(%s EXCEPT %s)",
                self._contacted_partners_sql(),
                self._contacted_partners_sql(later, value),
            )
            return [("id", "in", earlier)]
        matching = SQL(
            "(SELECT p.id FROM res_partner p WHERE %s %s %s)",
            self._last_contact_sql("p"),
            SQL(operator),
            value,
        )
        return [("id", "in", matching)]

    @api.model
    def _contacted_partners_sql(self, operator=None, value=None):
        """SQL selecting the ids of the partners with a log (dated ``operator
        value`` when given): each log counts for its customer, its contact person and
        their commercial entity, and so does each other customer met."""
        condition = SQL("WHERE l.date %s %s", operator, value) if operator else SQL()
        return SQL(
            "SELECT id FROM (SELECT commercial_partner_id FROM crm_contact_log l %(c)s"
            " UNION SELECT partner_id FROM crm_contact_log l %(c)s"
            " UNION SELECT contact_id FROM crm_contact_log l %(c)s"
            " UNION SELECT r.partner_id FROM crm_contact_log_res_partner_rel r"
            " JOIN crm_contact_log l ON l.id = r.log_id %(c)s"
            " UNION SELECT rp.commercial_partner_id"
            " FROM crm_contact_log_res_partner_rel r"
            " JOIN crm_contact_log l ON l.id = r.log_id"
            " JOIN res_partner rp ON rp.id = r.partner_id %(c)s)"
            " AS contacted(id) WHERE id IS NOT NULL",
            c=condition,
        )

    def _last_contact_sql(self, alias):
        """SQL of the last contact of the partner at ``alias``: an entity's is the
        latest log of its commercial entity (top row of the composite index), a
        person's the latest log where they are the customer, the contact or one of
        the other customers met."""
        partner_id = SQL.identifier(alias, "id")
        return SQL(
            "(CASE WHEN %(commercial)s = %(id)s THEN %(entity)s"
            " ELSE GREATEST("
            "(SELECT max(l.date) FROM crm_contact_log l WHERE l.partner_id = %(id)s),"
            " (SELECT max(l.date) FROM crm_contact_log l WHERE l.contact_id = %(id)s),"
            " (SELECT max(l.date) FROM crm_contact_log_res_partner_rel r"
            " JOIN crm_contact_log l ON l.id = r.log_id WHERE r.partner_id = %(id)s))"
            " END)",
            commercial=SQL.identifier(alias, "commercial_partner_id"),
            id=partner_id,
            entity=self._crm_suite_entity_last_contact_sql(partner_id),
        )

    @api.model
    def _crm_suite_entity_last_contact_sql(self, entity_id):
        """SQL of the last contact of the commercial entity ``entity_id`` (an SQL
        expression): its latest log (top row of the composite index), or a later log
        where it or one of its people was among the other customers met."""
        return SQL(
            "GREATEST((SELECT max(l.date) FROM crm_contact_log l"
            " WHERE l.commercial_partner_id = %(id)s),"
            " (SELECT max(l.date) FROM crm_contact_log_res_partner_rel r"
            " JOIN res_partner rp ON rp.id = r.partner_id"
            " JOIN crm_contact_log l ON l.id = r.log_id"
            " WHERE rp.commercial_partner_id = %(id)s))",
            id=entity_id,
        )

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # last_contact_date is derived: give its SQL so that it sorts and groups
        if fname == "last_contact_date":
            self.check_field_access_rights("read", [fname])
            if flush:
                self._crm_suite_flush_contact_logs()
            return self._last_contact_sql(alias)
        return super()._field_to_sql(alias, fname, query=query, flush=flush)

    @api.depends("last_contact_date")
    def _compute_days_since_last_contact(self):
        now = fields.Datetime.now()
        for partner in self:
            last = partner.last_contact_date
            days = (now - last).days if last else 0
            partner.days_since_last_contact = days
            partner.last_contact_ago = self._crm_suite_days_ago(days) if last else ""

    @api.model
    def _crm_suite_days_ago(self, days):
        """ "today", "yesterday" or "N days ago", in words."""
        if days <= 0:
            return self.env._("today")
        if days == 1:
            return self.env._("yesterday")
        return self.env._("%(days)s days ago", days=days)

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
        self._crm_suite_flush_contact_logs()
        self.env["res.partner"].flush_model(["parent_id", "customer_rank"])
        cutoff = self._forgotten_cutoff()
        # a top-level partner is its own commercial entity: its last contact is the
        # latest log of its commercial entity; forgotten = no log since the cutoff,
        # and either some older log or a customer never contacted
        # (a log where the entity or its people were among the other customers met
        # counts the same)
        met = SQL(
            "SELECT 1 FROM crm_contact_log_res_partner_rel r"
            " JOIN res_partner rp ON rp.id = r.partner_id"
            " JOIN crm_contact_log l ON l.id = r.log_id"
            " WHERE rp.commercial_partner_id = p.id"
        )
        forgotten = SQL(
            "p.parent_id IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM crm_contact_log l"
            " WHERE l.commercial_partner_id = p.id AND l.date >= %(cutoff)s)"
            " AND NOT EXISTS (%(met)s AND l.date >= %(cutoff)s)"
            " AND (COALESCE(p.customer_rank, 0) > 0"
            " OR EXISTS (SELECT 1 FROM crm_contact_log l"
            " WHERE l.commercial_partner_id = p.id) OR EXISTS (%(met)s))",
            cutoff=cutoff,
            met=met,
        )
        if (operator == "=") != value:
            forgotten = SQL("NOT (%s)", forgotten)
        return [
            ("id", "in", SQL("(SELECT p.id FROM res_partner p WHERE %s)", forgotten))
        ]

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

    def write(self, vals):
        res = super().write(vals)
        if "parent_id" in vals:
            # people changing company take their contact history along
            self._crm_suite_invalidate_last_contact()
        return res

    def _contact_log_domain(self):
        """The history of the partners: the logs where they (or, for a company,
        its people) are the customer, the contact person or among the other
        customers met."""
        return [("history_partner_ids", "in", self.ids)]

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

    def _crm_suite_invalidate_last_contact(self):
        """Contacts were logged, edited or deleted: forget the derived figures read
        in this transaction (no write on the partners, see last_contact_date)."""
        self.env["res.partner"].invalidate_model(
            ["last_contact_date", "days_since_last_contact", "is_forgotten"]
        )

    # kept for callers of the previous version: the date is derived now
    def _crm_suite_bump_last_contact(self, dates):
        self._crm_suite_invalidate_last_contact()

    def _crm_suite_recompute_last_contact(self):
        self._crm_suite_invalidate_last_contact()

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

    # ------------------------------------------------------------
    # TIMELINE
    # ------------------------------------------------------------

    def _crm_suite_timeline_sources(self):
        # the contact logs of the customer and its people
        _ = self.env._
        return [
            *super()._crm_suite_timeline_sources(),
            {
                "kind": "contact",
                "label": _("Contacts"),
                "icon": "fa-phone",
                "model": "crm.contact.log",
                "method": self._crm_suite_timeline_contacts,
                "sequence": 10,
            },
        ]

    def _crm_suite_timeline_contacts(self, scope):
        """Two branches: the logs of the customer (the composite index delivers the
        newest first, at any volume) and the logs of other customers where the
        customer or one of its people was among the customers met (few)."""
        commercial = scope["commercial"]
        met = SQL(
            "(SELECT r.log_id FROM crm_contact_log_res_partner_rel r"
            " JOIN res_partner rp ON rp.id = r.partner_id"
            " WHERE rp.commercial_partner_id = %s)",
            commercial.id,
        )
        return SQL(
            "%s UNION ALL %s",
            self._crm_suite_timeline_contact_branch(
                scope, [("commercial_partner_id", "=", commercial.id)]
            ),
            self._crm_suite_timeline_contact_branch(
                scope,
                [("commercial_partner_id", "!=", commercial.id), ("id", "in", met)],
            ),
        )

    def _crm_suite_timeline_contact_branch(self, scope, domain):
        Log = self.env["crm.contact.log"]
        query = Log._search(
            domain + self._crm_suite_timeline_dates(scope, "date", is_day=False)
        )
        log = query.table
        kind = query.left_join(
            log, "activity_type_id", "mail_activity_type", "id", "activity_type_id"
        )
        result = query.left_join(
            log, "result_id", "crm_contact_result", "id", "result_id"
        )
        person = query.left_join(log, "contact_id", "res_partner", "id", "contact_id")
        partner = query.left_join(log, "partner_id", "res_partner", "id", "partner_id")
        return self._crm_suite_timeline_branch(
            query,
            scope,
            "contact",
            date=SQL.identifier(log, "date"),
            row_id=SQL.identifier(log, "id"),
            res_model=SQL("%s", Log._name),
            res_id=SQL.identifier(log, "id"),
            title=SQL.identifier(log, "summary"),
            subtitle=SQL(
                "CONCAT_WS(' · ', %s, %s, COALESCE(%s, %s))",
                self.env["mail.activity.type"]._field_to_sql(kind, "name"),
                self.env["crm.contact.result"]._field_to_sql(result, "name"),
                SQL.identifier(person, "name"),
                SQL.identifier(partner, "name"),
            ),
            user_id=SQL.identifier(log, "user_id"),
        )

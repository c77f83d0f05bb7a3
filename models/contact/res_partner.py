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

    contact_log_count = fields.Integer(compute="_compute_contact_log_count")

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

    def write(self, vals):
        moved = self.browse()
        if "parent_id" in vals:
            moved = self | self.commercial_partner_id
        res = super().write(vals)
        if moved:
            # people changing company take their contact history along
            (moved | self.commercial_partner_id)._crm_suite_recompute_last_contact()
        return res

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
        Log = self.env["crm.contact.log"]
        query = Log._search(
            [("commercial_partner_id", "=", scope["commercial"].id)]
            + self._crm_suite_timeline_dates(scope, "date", is_day=False)
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

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.osv.expression import AND as expression_and
from odoo.tools import SQL, create_index

from .mail_activity import LOGGED_MODELS

SUMMARY_MAX_LENGTH = 250
REMINDER_BATCH_SIZE = 200
LAST_CONTACT_FIELDS = {"date", "partner_id", "contact_id", "partner_ids"}
NEXT_CONTACT_TRIGGERS = {
    "next_date",
    "next_activity_type_id",
    "next_user_id",
    "result_id",
    "lead_id",
    "partner_id",
}

# who may log in the name of another user
LOG_MANAGER_GROUPS = ("sales_team.group_sale_salesman_all_leads",)
# the records a log points at, which its author must be able to read
TARGET_FIELDS = {"partner_id", "contact_id", "lead_id", "partner_ids"}
# the fields that decide who the participants are; user_ids is what the participant
# rule keys on, so only the responsible (and LOG_MANAGER_GROUPS) may write it
PARTICIPANT_FIELDS = {"user_id", "user_ids", "partner_id", "contact_id", "partner_ids"}


class CrmContactLog(models.Model):
    _name = "crm.contact.log"
    _inherit = ["crm.suite.cron.mixin", "crm.suite.same.customer.mixin"]
    _description = "Contact Log"
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The company or person the contact was with.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Commercial Entity",
        store=True,
        index=True,
    )
    is_partner_company = fields.Boolean(related="partner_id.is_company")
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        index="btree_not_null",
        ondelete="set null",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('id', '!=', partner_id), ('is_company', '=', False)]",
        help="The person spoken to, when the customer is a company.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_contact_log_res_partner_rel",
        "log_id",
        "partner_id",
        string="Other Customers Met",
        help="The other customers and people who took part, besides the customer and "
        "the contact person above (who are never repeated here). The log counts in "
        "the history, timeline, last contact and dossier of each of them and of their "
        "companies. A person listed here must come with their company: the log's "
        "customer or a company listed here.",
    )
    customer_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        compute="_compute_customer_ids",
        help="The commercial entities this contact was with: the customer's and the "
        "companies (or individuals) listed among the other customers met.",
    )
    history_partner_ids = fields.Many2many(
        "res.partner",
        string="In the History Of",
        compute="_compute_history_partner_ids",
        search="_search_history_partner_ids",
        help="The partners whose contact history shows this log: the customer, the "
        "contact person, the other customers met and their companies.",
    )
    user_ids = fields.Many2many(
        "res.users",
        "crm_contact_log_res_users_rel",
        "log_id",
        "user_id",
        string="Our Participants",
        domain="[('share', '=', False)]",
        help="Our users who took part; the responsible is always one of them. "
        "Participants read the log; only the responsible and managers edit it.",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The calendar meeting this log reports on.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Kind",
        required=True,
        ondelete="restrict",
        default=lambda self: self._default_activity_type_id(),
        domain="[('is_contact_kind', '=', True)]",
    )
    activity_type_icon = fields.Char(related="activity_type_id.icon")
    direction = fields.Selection(
        [("out", "Outgoing"), ("in", "Incoming")],
        required=True,
        default="out",
        help="Outgoing: we contacted the customer. "
        "Incoming: the customer contacted us.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    result_id = fields.Many2one("crm.contact.result", index=True, ondelete="restrict")
    summary = fields.Char(required=True)
    note = fields.Html()
    duration = fields.Float(help="Length of the contact, in hours.")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    phone = fields.Char(string="Phone Number Used")
    next_date = fields.Date(
        string="Next Contact",
        compute="_compute_next_date",
        store=True,
        readonly=False,
        precompute=True,
        help="Plans an activity on the deal, or on the customer, for this day.",
    )
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next Contact Kind",
        compute="_compute_next_activity_type_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        domain="[('is_contact_kind', '=', True)]",
    )
    next_user_id = fields.Many2one(
        "res.users",
        string="Next Contact By",
        compute="_compute_next_user_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        domain="[('share', '=', False)]",
    )
    next_activity_id = fields.Many2one(
        "mail.activity",
        string="Planned Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    # ------------------------------------------------------------
    # DEFAULTS / COMPUTES
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if meeting_id := self.env.context.get("crm_suite_log_meeting_id"):
            event = self.env["calendar.event"].browse(meeting_id).exists()
            # the action refused the meeting already logged; "New" from the log it
            # opened gives an empty log
            if event.crm_suite_customer_attendee_ids and not event.crm_suite_is_logged:
                defaults.update(
                    {
                        fname: value
                        for fname, value in (
                            event._crm_suite_prepare_contact_log_values()[0].items()
                        )
                        if fname in fields_list
                    }
                )
        return defaults

    def _default_activity_type_id(self):
        return self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)

    @api.depends("lead_id.team_id", "user_id")
    def _compute_team_id(self):
        for log in self:
            log.team_id = log.lead_id.team_id or log.user_id.sale_team_id

    @api.depends(
        "partner_id.commercial_partner_id", "partner_ids.commercial_partner_id"
    )
    def _compute_customer_ids(self):
        for log in self:
            log.customer_ids = log.partner_id.commercial_partner_id | (
                log.partner_ids.filtered(lambda p: p.commercial_partner_id == p)
            )

    @api.depends("partner_id", "contact_id", "commercial_partner_id", "partner_ids")
    def _compute_history_partner_ids(self):
        for log in self:
            log.history_partner_ids = (
                log.partner_id
                | log.contact_id
                | log.commercial_partner_id
                | log.partner_ids
                | log.partner_ids.commercial_partner_id
            )

    def _search_history_partner_ids(self, operator, value):
        """One index-backed branch per way a log enters a history, united: an OR of
        the same conditions in a domain defeats the indexes (a sequential scan of the
        logs with a sub-plan per row)."""
        ids = [value] if isinstance(value, int) else value
        if operator not in ("in", "=") or not isinstance(ids, (list, tuple)):
            raise UserError(
                self.env._(
                    "Unsupported search on the contact history: %(operator)s"
                    " %(value)s.",
                    operator=operator,
                    value=value,
                )
            )
        ids = tuple(i for i in ids if isinstance(i, int))
        if not ids:
            return expression.FALSE_DOMAIN
        self.env["res.partner"]._crm_suite_flush_contact_logs()
        history = SQL(
            "(SELECT id FROM crm_contact_log WHERE partner_id IN %(ids)s"
            " UNION SELECT id FROM crm_contact_log WHERE contact_id IN %(ids)s"
            " UNION SELECT id FROM crm_contact_log"
            " WHERE commercial_partner_id IN %(ids)s"
            " UNION SELECT log_id FROM crm_contact_log_res_partner_rel"
            " WHERE partner_id IN %(ids)s"
            " UNION SELECT r.log_id FROM crm_contact_log_res_partner_rel r"
            " JOIN res_partner rp ON rp.id = r.partner_id"
            " WHERE rp.commercial_partner_id IN %(ids)s)",
            ids=ids,
        )
        return [("id", "in", history)]

    @api.depends("result_id")
    def _compute_next_date(self):
        for log in self.filtered("result_id"):
            if proposed := log.result_id._next_contact_date():
                log.next_date = proposed

    @api.depends("result_id", "next_date")
    def _compute_next_activity_type_id(self):
        for log in self:
            if log.result_id.next_activity_type_id:
                log.next_activity_type_id = log.result_id.next_activity_type_id
            elif log.next_date and not log.next_activity_type_id:
                log.next_activity_type_id = log.activity_type_id

    @api.depends("user_id", "next_date")
    def _compute_next_user_id(self):
        for log in self:
            if log.next_date and not log.next_user_id:
                log.next_user_id = log.user_id

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("summary")
    def _check_summary(self):
        for log in self:
            summary = (log.summary or "").strip()
            if not summary:
                raise ValidationError(
                    self.env._("A contact log needs a summary of what was said.")
                )
            if len(log.summary) > SUMMARY_MAX_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The summary is limited to %(max)s characters (this one has "
                        "%(length)s); put the details in the note.",
                        max=SUMMARY_MAX_LENGTH,
                        length=len(log.summary),
                    )
                )

    @api.constrains("partner_id", "contact_id")
    def _check_contact_id(self):
        self._crm_suite_check_same_customer(
            "contact_id",
            lambda log: self.env._(
                "%(contact)s is not a contact person of %(partner)s.",
                contact=log.contact_id.display_name,
                partner=log.partner_id.display_name,
            ),
            refuse=lambda log: log.contact_id == log.partner_id,
        )

    @api.constrains("partner_id", "lead_id")
    def _check_lead_id(self):
        self._crm_suite_check_same_customer(
            "lead_id",
            lambda log: self.env._(
                "The deal %(deal)s belongs to %(deal_partner)s, not to %(partner)s.",
                deal=log.lead_id.name,
                deal_partner=log.lead_id.partner_id.display_name,
                partner=log.partner_id.display_name,
            ),
            linked_customer="partner_id.commercial_partner_id",
        )

    @api.constrains("partner_id", "partner_ids")
    def _check_partner_ids(self):
        # a person met comes with their company: the log counts for that company
        self._crm_suite_check_same_customer(
            "partner_ids",
            lambda log: self.env._(
                "%(people)s: add their company to the customers met, or pick them "
                "as the contact person of %(partner)s.",
                people=", ".join(
                    (
                        log.partner_ids.filtered(
                            lambda p: p.commercial_partner_id not in log.customer_ids
                        )
                    ).mapped("display_name")
                ),
                partner=log.partner_id.display_name,
            ),
            customer="customer_ids",
        )

    @api.constrains("company_id", "partner_ids", "user_ids")
    def _check_participants_company(self):
        for log in self:
            partners = log.partner_ids.filtered(
                lambda p, c=log.company_id: p.company_id and p.company_id != c
            )
            # sudo usage: a salesperson may not read the companies of their colleagues;
            # only the membership is compared
            # the responsible is not checked here (it never was: a manager may log
            # in a company for a user of another)
            users = (
                (log.user_ids - log.user_id)
                .sudo()
                .filtered(lambda u, c=log.company_id: u.share or c not in u.company_ids)
            )
            if partners or users:
                raise ValidationError(
                    self.env._(
                        "The participants of a contact log of %(company)s must be "
                        "customers and internal users of that company: %(names)s.",
                        company=log.company_id.name,
                        names=", ".join(
                            partners.mapped("display_name") + users.mapped("name")
                        ),
                    )
                )

    @api.constrains("calendar_event_id")
    def _check_calendar_event_id(self):
        events = self.calendar_event_id
        if not events:
            return
        # sudo usage: a log of the same meeting may belong to someone else
        logged = self.sudo()._read_group(
            [("calendar_event_id", "in", events.ids)],
            ["calendar_event_id"],
            having=[("__count", ">", 1)],
        )
        if logged:
            raise ValidationError(
                self.env._(
                    "The meeting %(meeting)s already has its contact log.",
                    meeting=logged[0][0].sudo().display_name,
                )
            )

    @api.constrains("next_date")
    def _check_next_date(self):
        today = fields.Date.context_today(self)
        for log in self:
            if log.next_date and log.next_date < today:
                raise ValidationError(
                    self.env._(
                        "The next contact cannot be planned in the past (%(date)s).",
                        date=log.next_date,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        if any(log.duration < 0 for log in self):
            raise ValidationError(self.env._("A contact cannot last a negative time."))

    def init(self):
        # the customer timeline reads a company's newest logs first: with this index
        # its first page stays an index range scan at millions of logs
        create_index(
            self.env.cr,
            "crm_contact_log_commercial_partner_date_index",
            self._table,
            ["commercial_partner_id", "date DESC", "id DESC"],
        )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # the rules give a log's responsible (and the owner of its deal) the log:
        # a salesperson logs in their own name, on deals they may read
        self.env["res.users"]._crm_suite_check_assignment(
            self, vals_list, ["user_id"], LOG_MANAGER_GROUPS
        )
        logs = super().create(vals_list)
        logs._sync_participants()
        logs._check_targets_readable()
        # no write on the customer: its last contact date is derived from the logs
        self.env["res.partner"]._crm_suite_invalidate_last_contact()
        logs._apply_result_stage()
        logs.filtered("next_date")._plan_next_activity()
        return logs

    def write(self, vals):
        self.env["res.users"]._crm_suite_check_assignment(
            self, [vals], ["user_id"], LOG_MANAGER_GROUPS
        )
        if "user_ids" in vals:
            self._check_participants_editable()
        res = super().write(vals)
        if PARTICIPANT_FIELDS & vals.keys():
            self._sync_participants()
        if TARGET_FIELDS & vals.keys():
            self._check_targets_readable()
        if LAST_CONTACT_FIELDS & vals.keys():
            self.env["res.partner"]._crm_suite_invalidate_last_contact()
        if "result_id" in vals or "lead_id" in vals:
            self._apply_result_stage()
        # result_id may have proposed a next contact; lead_id moves its target
        if NEXT_CONTACT_TRIGGERS & vals.keys():
            self._plan_next_activity()
        return res

    def _check_participants_editable(self):
        """The participant rule gives each user of user_ids the log: like the
        responsible, the list is set by the responsible or a manager, not by a
        delegate or the owner of the deal (who could keep the log that way)."""
        if self.env["res.users"]._crm_suite_may_assign(LOG_MANAGER_GROUPS):
            return
        if any(log.user_id.id != self.env.uid for log in self):
            raise AccessError(
                self.env._(
                    "Only the responsible of a contact log (or a manager) may change "
                    "who took part in it."
                )
            )

    def _sync_participants(self):
        """Keep the participants consistent, silently: the responsible is always one
        of our participants, and the customer and contact person are not repeated
        among the other customers met. One write per distinct fix, not per log."""
        fixes = {}
        # an archived responsible (OdooBot for code running as superuser) counts
        for log in self.with_context(active_test=False):
            commands = []
            if log.user_id and log.user_id not in log.user_ids:
                commands.append(("user_ids", Command.link(log.user_id.id)))
            for repeated in (log.partner_id | log.contact_id) & log.partner_ids:
                commands.append(("partner_ids", Command.unlink(repeated.id)))
            for fname, command in commands:
                fixes.setdefault((fname, command), self.browse())
                fixes[fname, command] |= log.with_env(self.env)
        for (fname, command), logs in fixes.items():
            # the fix only completes what the author was allowed to write (the
            # second pass finds nothing left to fix)
            logs.write({fname: [command]})

    def _check_targets_readable(self):
        """A log links only the customer and the deal its author may read: an id
        typed over RPC would otherwise tie the log (and its rules) to any record."""
        if self.env.su:
            return
        for fname in TARGET_FIELDS:
            # an empty field checks nothing (helpdesk agents may not read deals)
            if targets := self[fname]:
                targets.check_access("read")

    def unlink(self):
        res = super().unlink()
        self.env["res.partner"]._crm_suite_invalidate_last_contact()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _crm_suite_action_open_form(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
        }

    def action_open_next_activity_target(self):
        self.ensure_one()
        target = self.lead_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": target._name,
            "res_id": target.id,
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply_result_stage(self):
        """Move each linked deal to the stage its log's result points to."""
        logs = self.filtered(
            lambda log: (
                log.lead_id.active
                and log.result_id.stage_id
                and log.lead_id.stage_id != log.result_id.stage_id
            )
        )
        for stage in logs.result_id.stage_id:
            logs.filtered(
                lambda log, s=stage: log.result_id.stage_id == s
            ).lead_id.write({"stage_id": stage.id})

    def _next_activity_target(self):
        self.ensure_one()
        return self.lead_id or self.partner_id

    def _prepare_next_activity_values(self):
        self.ensure_one()
        target = self._next_activity_target()
        return {
            "res_model_id": self.env["ir.model"]._get_id(target._name),
            "res_id": target.id,
            "activity_type_id": (
                self.next_activity_type_id or self.activity_type_id
            ).id,
            "date_deadline": self.next_date,
            "user_id": (self.next_user_id or self.user_id).id,
            "summary": self.env._("Follow-up: %(summary)s", summary=self.summary),
        }

    def _plan_next_activity(self):
        """Keep one planned activity per log in line with its next contact fields:
        created on the deal (or the customer), moved when the plan changes, removed when
        the next contact is cleared."""
        Activity = self.env["mail.activity"]
        to_create = self.env["crm.contact.log"]
        for log in self:
            activity = log.next_activity_id
            if not log.next_date:
                if activity:
                    activity.unlink()
                continue
            values = log._prepare_next_activity_values()
            if activity and (activity.res_model, activity.res_id) != (
                log._next_activity_target()._name,
                values["res_id"],
            ):
                activity.unlink()
                activity = Activity
            if activity and activity.active:
                activity.write(
                    {
                        key: values[key]
                        for key in ("activity_type_id", "date_deadline", "user_id")
                    }
                )
            else:
                to_create |= log
        if to_create:
            activities = Activity.create(
                [log._prepare_next_activity_values() for log in to_create]
            )
            for log, activity in zip(to_create, activities, strict=True):
                log.next_activity_id = activity

    @api.model
    def _cron_remind_due_contacts(self, batch_size=REMINDER_BATCH_SIZE):
        """Morning reminder: one notification per user listing the contacts due today.
        Works through users in batches; a user reminded today is skipped, so a re-run
        (or a second cron worker) sends nothing twice."""
        today = fields.Date.context_today(self)
        domain = [
            ("date_deadline", "=", today),
            ("res_model", "in", LOGGED_MODELS),
            ("activity_type_id.is_contact_kind", "=", True),
            ("user_id.active", "=", True),
            "|",
            ("user_id.crm_suite_reminder_date", "=", False),
            ("user_id.crm_suite_reminder_date", "<", today),
        ]
        Activity = self.env["mail.activity"]
        users = Activity._read_group(domain, ["user_id"], order="user_id")
        users = self.env["res.users"].union(*(user for (user,) in users))
        batch, remaining = users[:batch_size], users[batch_size:]
        if batch:
            activities = Activity.search(
                expression_and([domain, [("user_id", "in", batch.ids)]]),
                order="user_id, date_deadline, id",
            )
            author = self.env.ref("base.partner_root")
            for user in batch:
                user_activities = activities.filtered(lambda a, u=user: a.user_id == u)
                self.env["mail.thread"].message_notify(
                    partner_ids=user.partner_id.ids,
                    author_id=author.id,
                    subject=self.env._("Your contacts for today"),
                    body=self._reminder_body(user_activities),
                )
            batch.write({"crm_suite_reminder_date": today})
        self._crm_suite_cron_progress(len(batch), len(remaining))
        return batch

    @api.model
    def _reminder_body(self, activities):
        items = Markup().join(
            Markup('<li><a href="/odoo/%s/%s">%s</a>: %s %s</li>')
            % (
                activity.res_model,
                activity.res_id,
                activity.res_name,
                activity.activity_type_id.name,
                activity.summary or "",
            )
            for activity in activities
        )
        title = self.env._("Contacts planned for today:")
        return Markup("<p>%s</p><ul>%s</ul>") % (title, items)

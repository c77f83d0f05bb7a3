import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_datetime, html2plaintext, plaintext2html

from .crm_ticket_sla_clock import (
    DEFAULT_WARNING_HOURS,
    SLA_COMPUTED_FIELDS,
    SLA_STATUSES,
    WorkClock,
)

_logger = logging.getLogger(__name__)

TICKET_SEQUENCE_CODE = "crm.ticket"
# channels whose customer gets the acknowledgement mail on creation
ACKNOWLEDGED_CHANNELS = ("email", "portal")
# a longer description (a forwarded thread, a pasted log) is cut: the kanban, the list
# and the search stay fast, and the whole text stays in the chatter
DESCRIPTION_MAX_CHARS = 100_000
# the SLA figures a ticket's clock computes: nobody sets them by hand (an agent could
# otherwise mark a breach as reached over JSON-RPC); the clock writes them as sudo
SLA_GUARDED_FIELDS = frozenset(
    SLA_COMPUTED_FIELDS + ("sla_id", "sla_hours_waiting", "sla_date_waiting")
)
# who may assign a ticket to another agent than themselves
TICKET_DISPATCH_GROUPS = ("crm_suite.group_crm_suite_helpdesk_user",)


class CrmTicket(models.Model):
    _name = "crm.ticket"
    _description = "Helpdesk Ticket"
    # portal.mixin: each ticket has its page under /my/tickets and an access token,
    # like the other portal documents (orders, invoices, tasks)
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "crm.suite.cron.mixin",
        "crm.suite.same.customer.mixin",
    ]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True
    # hours feed date arithmetic: a value past a century overflows it
    _crm_suite_bounds = {"sla_hours_waiting": (0.0, 876_000.0)}
    _primary_email = "email_from"

    number = fields.Char(
        string="Ticket Number", readonly=True, copy=False, index=True, default="/"
    )
    name = fields.Char(string="Subject", required=True, index="trigram", tracking=True)
    description = fields.Html(sanitize=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=10,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Commercial Entity",
        store=True,
        index=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        index="btree_not_null",
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('is_company', '=', False)]",
        help="The person who asked, when the customer is a company.",
    )
    # internal fields (groups): portal users read their tickets over JSON-RPC too
    email_from = fields.Char(
        string="Email",
        compute="_compute_email_from",
        store=True,
        readonly=False,
        precompute=True,
        groups="base.group_user",
        help="The address the ticket came from (by default the contact person's, "
        "else the customer's); replies go to the customer's followers.",
    )
    team_id = fields.Many2one(
        "crm.ticket.team",
        string="Helpdesk Team",
        index=True,
        tracking=20,
        check_company=True,
        default=lambda self: self._default_team_id(),
        help="By default the current user's team, else (for agents of all teams) the "
        "company's only team.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index=True,
        tracking=30,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")],
        default="0",
        index=True,
    )
    stage_id = fields.Many2one(
        "crm.ticket.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
        check_company=True,
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("portal", "Portal"),
            ("web", "Web Form"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        index=True,
    )
    category_id = fields.Many2one(
        "crm.ticket.category", index="btree_not_null", check_company=True
    )
    tag_ids = fields.Many2many("crm.ticket.tag", string="Tags", check_company=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Related Deal",
        index="btree_not_null",
        groups="base.group_user",
        ondelete="set null",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    color = fields.Integer()
    # the dates are set when their event happens (create, write, message post):
    # reports group and average on them without scanning the chatter
    # indexed: the dashboard's "Opened Today" counter reads today's tickets only
    date_open = fields.Datetime(
        string="Opened On",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        index=True,
    )
    date_assign = fields.Datetime(string="Assigned On", readonly=True, copy=False)
    date_first_response = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        help="The first message an internal user sent to the customer.",
    )
    date_closed = fields.Datetime(
        string="Closed On", readonly=True, copy=False, index="btree_not_null"
    )
    # knowledge base: the solution that answered the ticket (counted on the solution)
    solution_id = fields.Many2one(
        "crm.ticket.solution",
        string="Solution Used",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        copy=False,
        check_company=True,
        groups="base.group_user",
    )

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique (number, company_id)",
            "Ticket numbers are unique.",
        ),
    ]

    # ------------------------------------------------------------
    # DEFAULTS / COMPUTES
    # ------------------------------------------------------------

    def _default_team_id(self):
        """The team of a ticket created in the back end: the user's team, else the
        only team of the company for those who handle every team's tickets (none
        when there are several to choose from, or when the user could not reach
        the ticket in that team)."""
        Team = self.env["crm.ticket.team"]
        if not Team.has_access("read"):
            return Team
        company_domain = [("company_id", "=", self.env.company.id)]
        team = Team.search(
            [*company_domain, ("member_ids", "in", self.env.uid)], limit=1
        )
        if not team and self.env.user.has_group(
            "crm_suite.group_crm_suite_helpdesk_all"
        ):
            teams = Team.search(company_domain, limit=2)
            team = teams if len(teams) == 1 else Team
        return team

    def _default_stage_id(self):
        return self.env["crm.ticket.stage"].search(
            [("is_closed", "=", False)], order="sequence, id", limit=1
        )

    @api.depends("partner_id", "contact_id")
    def _compute_email_from(self):
        for ticket in self:
            email = ticket.contact_id.email or ticket.partner_id.email
            if email:
                ticket.email_from = email

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # every stage is a kanban column, even an empty one
        return stages.search([], order=stages._order)

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.number} {ticket.name}"
                if ticket.number and ticket.number != "/"
                else ticket.name
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("partner_id", "contact_id")
    def _check_contact_id(self):
        self._crm_suite_check_same_customer(
            "contact_id",
            lambda ticket: self.env._(
                "%(contact)s is not a contact person of %(partner)s: the "
                "contact person must belong to the ticket's customer.",
                contact=ticket.contact_id.display_name,
                partner=ticket.partner_id.display_name or self.env._("(no customer)"),
            ),
        )

    @api.constrains("partner_id", "lead_id")
    def _check_lead_id(self):
        # sudo usage: an agent without sales rights changes the customer of a ticket
        # linked to a deal; the check only compares the two customers
        self.sudo()._crm_suite_check_same_customer(
            "lead_id",
            lambda ticket: self.env._(
                "The deal %(deal)s belongs to %(deal_partner)s, not to the "
                "ticket's customer %(partner)s.",
                deal=ticket.lead_id.name,
                deal_partner=ticket.lead_id.partner_id.display_name,
                partner=ticket.partner_id.display_name or self.env._("(no customer)"),
            ),
            linked_customer="partner_id.commercial_partner_id",
        )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_suite_check_input(vals_list)  # the values read below are sound
        self.env["res.users"]._crm_suite_check_assignment(
            self, vals_list, ["user_id"], TICKET_DISPATCH_GROUPS
        )
        self._check_deal_readable(vals_list)
        now = fields.Datetime.now()
        # numbered per company: each company may have its own ticket sequence
        to_number = defaultdict(list)
        default_company_id = (
            self.env.context.get("default_company_id") or self.env.company.id
        )
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                to_number[vals.get("company_id") or default_company_id].append(vals)
        for company_id, company_vals in to_number.items():
            numbers = self._next_ticket_numbers(
                len(company_vals), company=self.env["res.company"].browse(company_id)
            )
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["number"] = number
        if "default_stage_id" not in self.env.context:
            # the field default would search the first stage once per ticket
            default_stage = self._default_stage_id()
            for vals in vals_list:
                vals.setdefault("stage_id", default_stage.id)
        if "default_team_id" not in self.env.context and any(
            "team_id" not in vals for vals in vals_list
        ):
            # likewise for the team: searched once for the batch
            default_team = self._default_team_id()
            for vals in vals_list:
                vals.setdefault("team_id", default_team.id)
        stage_ids = {vals["stage_id"] for vals in vals_list if vals.get("stage_id")}
        closed_ids = set(
            self.env["crm.ticket.stage"].browse(stage_ids).filtered("is_closed").ids
        )
        for vals in vals_list:
            if vals.get("user_id") and not vals.get("date_assign"):
                vals["date_assign"] = now
            if vals.get("stage_id") in closed_ids and not vals.get("date_closed"):
                vals["date_closed"] = now
        tickets = super().create(vals_list)
        waiting = tickets.filtered(lambda t: t.stage_id.is_waiting)
        if waiting:
            # sudo usage: the SLA clock's own field (SLA_GUARDED_FIELDS)
            waiting.sudo().sla_date_waiting = now
        tickets.filtered(
            lambda t: t.channel in ACKNOWLEDGED_CHANNELS and t.partner_id
        )._send_acknowledgement()
        return tickets

    def write(self, vals):
        self._crm_suite_check_input([vals])  # the values read below are sound
        if not self.env.su and SLA_GUARDED_FIELDS & vals.keys():
            raise AccessError(
                self.env._(
                    "The SLA figures of a ticket are computed from its policy and "
                    "its stages; they cannot be set by hand."
                )
            )
        # agents of the "own tickets" tier take tickets or give them back; the team
        # tiers dispatch them to colleagues
        self.env["res.users"]._crm_suite_check_assignment(
            self, [vals], ["user_id"], TICKET_DISPATCH_GROUPS
        )
        self._check_deal_readable([vals])
        vals = dict(vals)
        now = fields.Datetime.now()
        if "user_id" in vals:
            vals["date_assign"] = now if vals["user_id"] else False
        entering, leaving = self._sla_waiting_moves(vals)
        to_close = self.browse()
        if vals.get("stage_id"):
            if self.env["crm.ticket.stage"].browse(vals["stage_id"]).is_closed:
                # tickets already closed keep the date they were first closed on
                to_close = self.filtered(lambda t: not t.is_closed)
            else:
                vals["date_closed"] = False
        res = super(CrmTicket, self - to_close).write(vals)
        if to_close:
            super(CrmTicket, to_close).write({**vals, "date_closed": now})
        if entering:
            # sudo usage: the SLA clock's own field (SLA_GUARDED_FIELDS)
            entering.sudo().sla_date_waiting = now
        if leaving:
            leaving._sla_resume_clock(now)
        return res

    @api.model
    def _check_deal_readable(self, vals_list):
        """A ticket is linked to a deal its author may read: the ticket shows the
        deal's name, so an id typed over RPC would reveal any deal."""
        lead_ids = {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        if lead_ids and not self.env.su:
            self.env["crm.lead"].browse(lead_ids).check_access("read")

    # ------------------------------------------------------------
    # MAIL GATEWAY
    # ------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a team's alias: a ticket for its sender, the mail's body as
        description. The sender is found by address, or created as a contact."""
        email_from = msg_dict.get("email_from")
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and email_from:
            author = self.env["res.partner"].find_or_create(email_from)
            # the gateway posts the mail with this author (not as an anonymous mail
            # notified back to its own sender)
            msg_dict["author_id"] = author.id
        commercial = author.commercial_partner_id
        values = {
            "name": msg_dict.get("subject") or self.env._("(no subject)"),
            "description": self._description_from_text(msg_dict.get("body")),
            "channel": "email",
            "email_from": email_from,
            "partner_id": commercial.id,
            "contact_id": author.id if author != commercial else False,
            **(custom_values or {}),
        }
        if values.get("team_id"):
            values.setdefault(
                "company_id",
                self.env["crm.ticket.team"].browse(values["team_id"]).company_id.id,
            )
        ticket = super().message_new(msg_dict, custom_values=values)
        # the sender follows the ticket: the team's answers reach them
        ticket.message_subscribe(partner_ids=author.ids)
        return ticket

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        # A new ticket needs a customer to answer: a mail without sender is refused
        # here, before message_new (whose failure would bounce and disable the
        # team's alias). _routing_warn logs at INFO and raises the gateway's
        # "Mailbox unavailable" ValueError for the mail fetcher.
        model, thread_id = route[0], route[1]
        if model == self._name and not thread_id and not message_dict.get("email_from"):
            self._routing_warn(
                self.env._("a ticket needs a sender, and the mail has no From address"),
                message_dict.get("message_id"),
                route,
                raise_exception,
            )
            return ()
        return super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )

    def _message_post_after_hook(self, message, msg_values):
        # first response: the first message an internal user sends to the customer
        # (notes and the customer's own messages do not count)
        if (
            message.message_type in ("comment", "email")
            and not message.is_internal
            and not message.subtype_id.internal
            and message.author_id
            and not message.author_id.partner_share
        ):
            unanswered = self.filtered(lambda t: not t.date_first_response)
            if unanswered:
                # sudo usage: a date the poster does not edit; whoever may post on
                # the ticket answers the customer
                unanswered.sudo().date_first_response = message.date
        if (
            message.message_type in ("comment", "email")
            and message.author_id.partner_share
        ):
            self._resume_after_customer_reply()
        return super()._message_post_after_hook(message, msg_values)

    def _resume_after_customer_reply(self):
        """The customer answered: tickets waiting for them go back to the open stage
        before the waiting one (the SLA clock starts again)."""
        waiting = self.filtered(lambda t: t.stage_id.is_waiting and not t.is_closed)
        if not waiting:
            return
        Stage = self.env["crm.ticket.stage"]
        for stage in waiting.stage_id:
            resumed = Stage.search(
                [
                    ("is_closed", "=", False),
                    ("is_waiting", "=", False),
                    ("sequence", "<=", stage.sequence),
                ],
                order="sequence desc, id desc",
                limit=1,
            ) or Stage.search(
                [("is_closed", "=", False), ("is_waiting", "=", False)],
                order="sequence, id",
                limit=1,
            )
            if resumed:
                # sudo usage: the customer (portal user, mail sender) may not edit
                # the ticket; their answer alone moves it out of the waiting stage
                waiting.filtered(lambda t, s=stage: t.stage_id == s).sudo().write(
                    {"stage_id": resumed.id}
                )

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        customer = self.contact_id or self.partner_id
        if customer:
            self._message_add_suggested_recipient(
                recipients, partner=customer, reason=self.env._("Customer")
            )
        return recipients

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _description_from_text(self, html):
        """A ticket description from a customer's mail: short bodies as they are
        (the field sanitises them), longer ones, mostly markup, as their text."""
        if not html or len(html) <= DESCRIPTION_MAX_CHARS:
            return html
        return self._description_from_plaintext(
            html2plaintext(html),
            self.env._("(Shortened: the full message is in the chatter.)"),
        )

    @api.model
    def _description_from_plaintext(self, text, note):
        """A customer's plain text as safe HTML (typed tags are shown, never
        interpreted), cut after ``DESCRIPTION_MAX_CHARS`` characters with ``note``."""
        html = plaintext2html(text[:DESCRIPTION_MAX_CHARS])
        if len(text) > DESCRIPTION_MAX_CHARS:
            html += Markup("<p><em>%s</em></p>") % note
        return html

    @api.model
    def _ticket_sequence(self, company):
        """The ``crm.ticket`` sequence of ``company``: its own, else the shared one
        (no company), as ``ir.sequence.next_by_code`` picks it."""
        # sudo usage: users who open tickets (portal users, the mail gateway) do not
        # read sequences
        return (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", TICKET_SEQUENCE_CODE),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )

    @api.model
    def _next_ticket_numbers(self, count, company=None, sequence_date=None):
        """``count`` ticket numbers of ``company`` (default: the current company),
        the numbers ``ir.sequence.next_by_code`` would give one after the other:
        the company's own ``crm.ticket`` sequence, else the shared one; when the
        sequence uses date ranges, the sub-sequence of ``sequence_date`` (default
        today), created when missing, with the prefix and suffix of that date.

        Concurrency: the shipped sequence is ``standard``, a PostgreSQL sequence.
        ``nextval`` never blocks and never gives a number twice, whatever the
        concurrent transactions (a rolled-back transaction leaves a gap, as with
        every standard Odoo sequence), and all ``count`` numbers come from one
        query, so a batch create costs the same as a single one. A ``no_gap``
        sequence locks its row (``FOR UPDATE NOWAIT``, concurrent creations fail
        instead of waiting): it is left to ``ir.sequence``, one number at a time.
        """
        if not count:
            return []
        sequence = self._ticket_sequence(company or self.env.company)
        if not sequence:
            return ["/"] * count
        sequence_date = sequence_date or fields.Date.today()
        if sequence.implementation != "standard":
            return [sequence._next(sequence_date=sequence_date) for _i in range(count)]
        sequence = sequence.with_context(ir_sequence_date=sequence_date)
        pg_sequence = f"ir_sequence_{sequence.id:03d}"
        if sequence.use_date_range:
            date_range = sequence.date_range_ids.filtered(
                lambda r: r.date_from <= sequence_date <= r.date_to
            )[:1] or sequence._create_date_range_seq(sequence_date)
            pg_sequence = f"ir_sequence_{sequence.id:03d}_{date_range.id:03d}"
            sequence = sequence.with_context(
                ir_sequence_date_range=date_range.date_from
            )
        rows = self.env.execute_query(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", pg_sequence, count)
        )
        return [sequence.get_next_char(number) for (number,) in rows]

    @api.model
    def _catch_up_ticket_sequences(self):
        """Move each ``crm.ticket`` sequence past the highest ticket number it could
        have given (same prefix and suffix, in the companies it serves), so that
        numbering goes on after the existing tickets. Run by the 18.0.2.0.0
        migration; harmless to run again."""
        # sudo usage: a data fix over every company's sequences and tickets
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "=", TICKET_SEQUENCE_CODE)])
        )
        for sequence in sequences:
            prefix, suffix = sequence._get_prefix_suffix()
            company_ids = (
                sequence.company_id.ids or self.env["res.company"].sudo().search([]).ids
            )
            [(highest,)] = self.env.execute_query(
                SQL(
                    """
                    SELECT max(
                               substr(number, %(start)s, length(number) - %(strip)s
                           )::bigint)
                      FROM crm_ticket
                     WHERE company_id = ANY(%(companies)s)
                       AND left(number, %(prefix_len)s) = %(prefix)s
                       AND right(number, %(suffix_len)s) = %(suffix)s
                       AND substr(number, %(start)s, length(number) - %(strip)s)
                           ~ '^[0-9]{1,18}$'
                    """,
                    start=len(prefix) + 1,
                    strip=len(prefix) + len(suffix),
                    companies=company_ids,
                    prefix_len=len(prefix),
                    prefix=prefix,
                    suffix_len=len(suffix),
                    suffix=suffix,
                )
            )
            target = sequence
            if sequence.use_date_range:
                target = sequence.date_range_ids.filtered(
                    lambda r: r.date_from <= fields.Date.today() <= r.date_to
                )[:1]
            if target and highest and target.number_next_actual <= highest:
                _logger.info(
                    "crm.ticket sequence %s moved past ticket number %s",
                    sequence.id,
                    highest,
                )
                target.number_next = highest + 1

    def _send_acknowledgement(self):
        """Queue the acknowledgement mail to the customers of these tickets."""
        template = self.env.ref(
            "crm_suite.mail_template_crm_ticket_acknowledgement",
            raise_if_not_found=False,
        )
        if template and self:
            # sudo usage: a portal user or the mail gateway opens the ticket; the
            # mail goes to the ticket's own customer
            template.sudo().send_mail_batch(self.ids)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})

    def action_find_solution(self):
        """The knowledge base, pre-filtered on the ticket's category and the words
        of its subject (two facets the agent can remove); the solution form then
        offers "Use this Solution" for this ticket."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_solution_action"
        )
        action["context"] = {
            "crm_suite_ticket_id": self.id,
            "search_default_keywords": self.name,
            "search_default_category_id": self.category_id.id,
        }
        return action

    # ------------------------------------------------------------
    # PORTAL
    # ------------------------------------------------------------

    def _compute_access_url(self):
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # Odoo's portal compares the token given with the ticket's own, and fails
        # with a server error when the ticket has none yet: no token opens such a
        # ticket
        # sudo usage: only whether the ticket has a token is read
        if kwargs.get("token") and not (
            self.browse(thread_id).sudo().exists().access_token
        ):
            kwargs = dict(kwargs, token=None)
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    @api.model
    def _portal_default_team(self):
        """The team of the tickets opened from the portal: the one set on the
        current company, else the company's first team."""
        company = self.env.company
        # sudo usage: portal users read neither the company's settings nor the
        # helpdesk teams; only the team is returned, for the new ticket
        team = company.sudo().crm_ticket_portal_team_id
        if not team:
            team = (
                self.env["crm.ticket.team"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
            )
        return team.sudo(False)

    # ------------------------------------------------------------
    # SUPPORT CONTRACT AND TIME
    # ------------------------------------------------------------

    contract_id = fields.Many2one(
        "crm.support.contract",
        string="Support Contract",
        compute="_compute_contract_id",
        groups="base.group_user",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', commercial_partner_id), "
        "('state', '=', 'running')]",
        help="Defaults to the customer's running contract when there is exactly one.",
    )
    time_log_ids = fields.One2many(
        "crm.ticket.time.log",
        "ticket_id",
        string="Time Logs",
        groups="crm_suite.group_crm_suite_helpdesk_personal",
    )
    time_total = fields.Float(
        string="Time Spent",
        digits=(16, 2),
        compute="_compute_time_total",
        groups="crm_suite.group_crm_suite_helpdesk_personal",
    )

    @api.depends("partner_id", "company_id")
    def _compute_contract_id(self):
        tickets = self.filtered(
            lambda t: (
                t.commercial_partner_id
                and t.contract_id.partner_id != t.commercial_partner_id
            )
        )
        (self - tickets).filtered(lambda t: not t.partner_id).contract_id = False
        if not tickets:
            return
        # one query for the batch: the running contracts of its customers
        running = defaultdict(list)
        # sudo usage: the default only looks up which contract applies; the user
        # picks among the contracts of the field's domain
        rows = (
            self.env["crm.support.contract"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "running"),
                    ("partner_id", "in", tickets.commercial_partner_id.ids),
                    ("company_id", "in", tickets.company_id.ids),
                ],
                ["partner_id", "company_id"],
                ["id:array_agg"],
            )
        )
        for partner, company, ids in rows:
            running[partner.id, company.id] = ids
        for ticket in tickets:
            ids = running[ticket.commercial_partner_id.id, ticket.company_id.id]
            ticket.contract_id = ids[0] if len(ids) == 1 else False

    @api.depends("time_log_ids.hours")
    def _compute_time_total(self):
        totals = dict(
            self.env["crm.ticket.time.log"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["hours:sum"]
            )
        )
        for ticket in self:
            ticket.time_total = totals.get(ticket._origin, 0.0)

    @api.constrains("contract_id", "partner_id")
    def _check_contract_id(self):
        # sudo usage: compares customers; the contract may be another team's
        self.sudo()._crm_suite_check_same_customer(
            "contract_id",
            lambda ticket: self.env._(
                "The support contract %(contract)s is with %(holder)s, not "
                "with the ticket's customer %(partner)s.",
                contract=ticket.contract_id.name,
                holder=ticket.contract_id.partner_id.display_name,
                partner=ticket.partner_id.display_name or self.env._("(no customer)"),
            ),
            linked_customer="partner_id",
        )

    # ------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------

    sla_id = fields.Many2one(
        "crm.ticket.sla",
        string="SLA Policy",
        compute="_compute_sla_id",
        groups="base.group_user",
        store=True,
        index="btree_not_null",
        ondelete="set null",
        help="Chosen when the ticket is created or when its team, priority, "
        "category or customer change.",
    )
    sla_deadline_response = fields.Datetime(
        string="First Response Deadline", compute="_compute_sla", store=True
    )
    sla_deadline_resolution = fields.Datetime(
        string="Resolution Deadline", compute="_compute_sla", store=True
    )
    sla_status_response = fields.Selection(
        SLA_STATUSES, string="First Response SLA", compute="_compute_sla", store=True
    )
    sla_status_resolution = fields.Selection(
        SLA_STATUSES, string="Resolution SLA", compute="_compute_sla", store=True
    )
    sla_hours_response = fields.Float(
        string="Hours to First Response",
        compute="_compute_sla",
        store=True,
        aggregator="avg",
        help="Working hours from the opening to the first answer, time waiting for "
        "the customer excluded.",
    )
    sla_hours_resolution = fields.Float(
        string="Hours to Resolution",
        compute="_compute_sla",
        store=True,
        aggregator="avg",
        help="Working hours from the opening to the closing, time waiting for the "
        "customer excluded.",
    )
    sla_deadline_next = fields.Datetime(
        string="Next SLA Deadline",
        compute="_compute_sla",
        store=True,
        index="btree_not_null",
        help="The nearest deadline still running; empty while the ticket waits "
        "for the customer.",
    )
    sla_date_warning = fields.Datetime(
        string="SLA Warning On",
        compute="_compute_sla",
        store=True,
        index="btree_not_null",
        help="When the assignee and the team leader are warned of the next deadline.",
    )
    is_sla_failed = fields.Boolean(
        string="SLA Failed", compute="_compute_sla", store=True, index=True
    )
    is_sla_at_risk = fields.Boolean(
        string="SLA at Risk",
        compute="_compute_is_sla_at_risk",
        search="_search_is_sla_at_risk",
    )
    # set by events (stage changes, the cron), not computed
    sla_hours_waiting = fields.Float(
        string="Hours Waiting for Customer", readonly=True, copy=False
    )
    sla_date_waiting = fields.Datetime(
        string="Waiting Since", readonly=True, copy=False
    )
    sla_warned_deadline = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "company_id",
        "team_id",
        "priority",
        "category_id",
        "partner_id",
        "commercial_partner_id",
    )
    def _compute_sla_id(self):
        # sudo usage: customers (portal, mail gateway) open tickets without reading
        # the policies; read once for the whole batch
        policies_su = self.env["crm.ticket.sla"].sudo().search([])
        for ticket in self:
            ticket.sla_id = policies_su._match_ticket(ticket).id

    @api.depends(
        "sla_id",
        "date_open",
        "date_first_response",
        "date_closed",
        "stage_id",
        "sla_hours_waiting",
        "sla_warned_deadline",
    )
    def _compute_sla(self):
        now = fields.Datetime.now()
        clocks = self._sla_clocks(now)
        for ticket in self:
            clock = clocks[ticket._sla_calendar()]
            policy = ticket.sla_id.sudo()
            waited = ticket.sla_hours_waiting
            opened = ticket.date_open or now
            waiting = ticket.stage_id.is_waiting and not ticket.is_closed
            answered = ticket.date_first_response or ticket.date_closed
            ticket.sla_hours_response = max(clock.hours(opened, answered) - waited, 0)
            ticket.sla_hours_resolution = max(
                clock.hours(opened, ticket.date_closed) - waited, 0
            )
            deadlines = []
            for hours, done, deadline_field, status_field in (
                (
                    policy.time_first_response,
                    answered,
                    "sla_deadline_response",
                    "sla_status_response",
                ),
                (
                    policy.time_resolution,
                    ticket.date_closed,
                    "sla_deadline_resolution",
                    "sla_status_resolution",
                ),
            ):
                # the clock stopped while waiting: the deadline moves by that time
                deadline = hours and clock.plan(opened, hours + waited)
                if not deadline:
                    status = False
                elif done:
                    status = "reached" if done <= deadline else "failed"
                elif now > deadline and not waiting:
                    status = "failed"
                else:
                    status = "ongoing"
                    deadlines.append(deadline)
                ticket[deadline_field] = deadline or False
                ticket[status_field] = status
            next_deadline = min(deadlines) if deadlines and not waiting else False
            ticket.sla_deadline_next = next_deadline
            ticket.sla_date_warning = (
                next_deadline
                and next_deadline != ticket.sla_warned_deadline
                and next_deadline - timedelta(hours=ticket._sla_warning_hours())
            )
            ticket.is_sla_failed = "failed" in (
                ticket.sla_status_response,
                ticket.sla_status_resolution,
            )

    @api.depends("sla_deadline_next", "team_id.sla_warning_hours")
    def _compute_is_sla_at_risk(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_sla_at_risk = bool(
                ticket.sla_deadline_next
                and ticket.sla_deadline_next
                - timedelta(hours=ticket._sla_warning_hours())
                <= now
            )

    def _search_is_sla_at_risk(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        now = fields.Datetime.now()
        teams = self.env["crm.ticket.team"].with_context(active_test=False).search([])
        windows = {team.sla_warning_hours for team in teams} | {DEFAULT_WARNING_HOURS}
        # one range per window length: the domain stays on the indexed deadline
        domain = ["|"] * (len(windows) - 1)
        for hours in sorted(windows):
            with_window = [team.id for team in teams if team.sla_warning_hours == hours]
            team_domain = [("team_id", "in", with_window)]
            if hours == DEFAULT_WARNING_HOURS:
                team_domain = ["|", ("team_id", "=", False), *team_domain]
            domain += [
                "&",
                *team_domain,
                ("sla_deadline_next", "<=", now + timedelta(hours=hours)),
            ]
        at_risk = ["&", ("sla_deadline_next", "!=", False), *domain]
        return at_risk if (operator == "=") == value else ["!", *at_risk]

    # ------------------------------------------------------------
    # SLA CLOCK ON STAGE CHANGES
    # ------------------------------------------------------------

    def _sla_waiting_moves(self, vals):
        """The tickets that ``vals`` moves into a waiting stage, and those it moves
        out of one."""
        if "stage_id" not in vals:
            return self.browse(), self.browse()
        stage = self.env["crm.ticket.stage"].browse(vals["stage_id"])
        if stage.is_waiting:
            return self.filtered(lambda t: not t.stage_id.is_waiting), self.browse()
        return self.browse(), self.filtered(lambda t: t.stage_id.is_waiting)

    def _sla_resume_clock(self, now):
        """The SLA clock stopped while the customer had to answer: the deadlines move
        back by the working time waited."""
        clocks = self._sla_clocks(now)
        for ticket in self:
            waited = clocks[ticket._sla_calendar()].hours(
                ticket.sla_date_waiting or now, now
            )
            # sudo usage: the SLA clock's own fields (SLA_GUARDED_FIELDS)
            ticket.sudo().write(
                {
                    "sla_hours_waiting": ticket.sla_hours_waiting + waited,
                    "sla_date_waiting": False,
                }
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _sla_calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_warning_hours(self):
        self.ensure_one()
        return self.team_id.sla_warning_hours if self.team_id else DEFAULT_WARNING_HOURS

    def _sla_clocks(self, now):
        """One :class:`WorkClock` per calendar of these tickets, its working time
        read once over the whole period the batch needs."""
        by_calendar = {}
        for ticket in self:
            by_calendar.setdefault(ticket._sla_calendar(), []).append(ticket)
        clocks = {}
        for calendar, tickets in by_calendar.items():
            # sudo usage: agents read their team's working hours and leaves
            clock = WorkClock(calendar.sudo() or None)
            start = min(
                [t.date_open or now for t in tickets]
                + [t.sla_date_waiting or now for t in tickets]
            )
            hours = max(
                [
                    max(
                        t.sla_id.sudo().time_first_response,
                        t.sla_id.sudo().time_resolution,
                    )
                    + t.sla_hours_waiting
                    for t in tickets
                ]
            )
            clock.load(start, max(now, start) + timedelta(days=max(7, hours)))
            clocks[calendar] = clock
        return clocks

    def _sla_refresh(self, with_policy=False):
        """Recompute the SLA of these tickets now (deadlines passed since, new
        working hours); ``with_policy`` chooses their policy again first (tickets
        written by SQL, e.g. imports)."""
        fnames = (
            ("sla_id", *SLA_COMPUTED_FIELDS) if with_policy else SLA_COMPUTED_FIELDS
        )
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)

    @api.model
    def _cron_sla_warning(self, batch_size=1000):
        """Fail the SLAs whose deadline passed, then warn the assignee and the team
        leader of the tickets whose next deadline is near, once per deadline.

        Both come from indexed columns (``sla_deadline_next``, ``sla_date_warning``):
        the open tickets far from their deadlines cost nothing. The rows are locked
        (SKIP LOCKED) so a second worker, or a user saving the ticket, never makes a
        ticket processed twice; each run handles one batch and reports the rest,
        and Odoo's cron commits and calls again while something remains."""
        now = fields.Datetime.now()
        self.flush_model(["sla_deadline_next", "sla_date_warning"])
        breached = self._sla_claim("sla_deadline_next", SQL("< %s", now), batch_size)
        breached._sla_refresh()
        breached.flush_recordset()
        to_warn = self._sla_claim(
            "sla_date_warning", SQL("<= %s", now), batch_size - len(breached)
        )
        to_warn._sla_warn()
        remaining = self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM crm_ticket WHERE sla_deadline_next < %s "
                "OR sla_date_warning <= %s",
                now,
                now,
            )
        )[0][0]
        self._crm_suite_cron_progress(len(breached) + len(to_warn), remaining)
        return breached | to_warn

    def _sla_claim(self, column, condition, limit):
        """Up to ``limit`` tickets whose ``column`` meets ``condition``, the most
        urgent first, read along the column's index and claimed."""
        return self._crm_suite_claim(
            SQL("%s %s", SQL.identifier(column), condition),
            order=SQL("%s, id", SQL.identifier(column)),
            limit=limit,
        )

    def _sla_warn(self):
        """A to-do for the assignee and for the team leader of each ticket, for its
        next deadline; the ticket is not warned again for that deadline."""
        if not self:
            return
        activity_type = self.env.ref("crm_suite.mail_activity_type_sla_warning")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        values = []
        for ticket in self:
            summary = self.env._(
                "SLA deadline %(deadline)s",
                deadline=format_datetime(self.env, ticket.sla_deadline_next),
            )
            for user in ticket.user_id | ticket.team_id.user_id:
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": summary,
                    }
                )
        # no mail per to-do: the warning shows in the users' activities
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            values
        )
        # one UPDATE for the batch; the computed warning date is cleared with it
        self.env.execute_query(
            SQL(
                "UPDATE crm_ticket SET sla_warned_deadline = sla_deadline_next, "
                "sla_date_warning = NULL WHERE id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["sla_warned_deadline", "sla_date_warning"])

import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, html2plaintext, plaintext2html

_logger = logging.getLogger(__name__)

TICKET_SEQUENCE_CODE = "crm.ticket"
# channels whose customer gets the acknowledgement mail on creation
ACKNOWLEDGED_CHANNELS = ("email", "portal")
# a longer description (a forwarded thread, a pasted log) is cut: the kanban, the list
# and the search stay fast, and the whole text stays in the chatter
DESCRIPTION_MAX_CHARS = 100_000


class CrmTicket(models.Model):
    _name = "crm.ticket"
    _description = "Helpdesk Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True
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
    email_from = fields.Char(
        string="Email",
        help="The address the ticket came from; replies go to the customer's "
        "followers.",
    )
    team_id = fields.Many2one(
        "crm.ticket.team",
        string="Helpdesk Team",
        index=True,
        tracking=20,
        check_company=True,
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
    category_id = fields.Many2one("crm.ticket.category", index="btree_not_null")
    tag_ids = fields.Many2many("crm.ticket.tag", string="Tags")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Related Deal",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    color = fields.Integer()
    # the dates are set when their event happens (create, write, message post):
    # reports group and average on them without scanning the chatter
    date_open = fields.Datetime(
        string="Opened On", default=fields.Datetime.now, readonly=True, copy=False
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

    def _default_stage_id(self):
        return self.env["crm.ticket.stage"].search(
            [("is_closed", "=", False)], order="sequence, id", limit=1
        )

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
        for ticket in self.filtered("contact_id"):
            if ticket.contact_id.commercial_partner_id != ticket.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact person of %(partner)s: the "
                        "contact person must belong to the ticket's customer.",
                        contact=ticket.contact_id.display_name,
                        partner=ticket.partner_id.display_name
                        or self.env._("(no customer)"),
                    )
                )

    @api.constrains("partner_id", "lead_id")
    def _check_lead_id(self):
        # sudo usage: an agent without sales rights changes the customer of a ticket
        # linked to a deal; the check only compares the two customers
        for ticket in self.sudo().filtered("lead_id.partner_id"):
            if (
                ticket.lead_id.partner_id.commercial_partner_id
                != ticket.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The deal %(deal)s belongs to %(deal_partner)s, not to the "
                        "ticket's customer %(partner)s.",
                        deal=ticket.lead_id.name,
                        deal_partner=ticket.lead_id.partner_id.display_name,
                        partner=ticket.partner_id.display_name
                        or self.env._("(no customer)"),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        to_number = [vals for vals in vals_list if vals.get("number", "/") == "/"]
        for vals, number in zip(
            to_number, self._next_ticket_numbers(len(to_number)), strict=True
        ):
            vals["number"] = number
        if "default_stage_id" not in self.env.context:
            # the field default would search the first stage once per ticket
            default_stage = self._default_stage_id()
            for vals in vals_list:
                vals.setdefault("stage_id", default_stage.id)
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
        tickets.filtered(
            lambda t: t.channel in ACKNOWLEDGED_CHANNELS and t.partner_id
        )._send_acknowledgement()
        return tickets

    def write(self, vals):
        vals = dict(vals)
        now = fields.Datetime.now()
        if "user_id" in vals:
            vals["date_assign"] = now if vals["user_id"] else False
        if not vals.get("stage_id"):
            return super().write(vals)
        stage = self.env["crm.ticket.stage"].browse(vals["stage_id"])
        if not stage.is_closed:
            vals["date_closed"] = False
            return super().write(vals)
        # tickets already closed keep the date they were first closed on
        to_close = self.filtered(lambda t: not t.is_closed)
        res = super(CrmTicket, self - to_close).write(vals)
        if to_close:
            super(CrmTicket, to_close).write({**vals, "date_closed": now})
        return res

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
    def _next_ticket_numbers(self, count):
        """``count`` ticket numbers in one query, whatever ``count`` (a batch create
        costs the same as a single one). The sequence is a standard (PostgreSQL)
        one, so its numbers come from ``nextval``."""
        if not count:
            return []
        # sudo usage: users who open tickets are not sequence readers
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", TICKET_SEQUENCE_CODE),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence or sequence.implementation != "standard":
            return [
                self.env["ir.sequence"].sudo().next_by_code(TICKET_SEQUENCE_CODE) or "/"
                for _index in range(count)
            ]
        rows = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        return [sequence.get_next_char(number) for (number,) in rows]

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

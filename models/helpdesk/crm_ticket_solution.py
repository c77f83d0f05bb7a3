import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

# words shorter than this ("a", "on", "the") match nearly every solution
SEARCH_WORD_MIN_LENGTH = 4
# a long subject would make the search too narrow to read and slow to run
SEARCH_WORD_LIMIT = 6
# fields the "Words" search looks into
SEARCH_WORD_FIELDS = ("name", "problem", "cause", "solution")


class CrmTicketSolution(models.Model):
    _name = "crm.ticket.solution"
    _description = "Helpdesk Solution"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # the solutions that helped most come first in the search from a ticket
    _order = "use_count desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Problem in a Line", required=True, index="trigram", tracking=True
    )
    problem = fields.Text(help="What the customer sees, in their words.")
    cause = fields.Text(help="Why it happens.")
    solution = fields.Html(sanitize=True, help="What solves it, step by step.")
    tag_ids = fields.Many2many(
        "crm.ticket.tag",
        "crm_ticket_solution_tag_rel",
        "solution_id",
        "tag_id",
        string="Tags",
    )
    category_id = fields.Many2one(
        "crm.ticket.category", index="btree_not_null", tracking=True
    )
    company_id = fields.Many2one(
        "res.company",
        index="btree_not_null",
        tracking=True,
        help="Leave empty to share the solution between all companies.",
    )
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        string="Author",
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    ticket_id = fields.Many2one(
        "crm.ticket",
        string="Source Ticket",
        index="btree_not_null",
        ondelete="set null",
        # no check_company: a solution shared by all companies (no company) may
        # come from any company's ticket
        help="The ticket whose answer became this solution.",
    )
    ticket_ids = fields.One2many("crm.ticket", "solution_id", string="Tickets Solved")
    use_count = fields.Integer(
        string="Used",
        compute="_compute_use_count",
        store=True,
        help="How many tickets were solved with this solution.",
    )
    keywords = fields.Char(
        string="Words",
        compute="_compute_keywords",
        search="_search_keywords",
        help="Solutions that contain any of these words (of four letters or more).",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("ticket_ids")
    def _compute_use_count(self):
        # sudo usage: the count covers every ticket, also those of teams (or archived
        # tickets) the user who triggers the recompute cannot read
        counts = dict(
            self.env["crm.ticket"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("solution_id", "in", self.ids)], ["solution_id"], ["__count"]
            )
        )
        for solution in self:
            solution.use_count = counts.get(solution._origin, 0)

    def _compute_keywords(self):
        # a search-only field: nothing to show
        self.keywords = False

    def _search_keywords(self, operator, value):
        if operator not in ("ilike", "=") or not isinstance(value, str):
            raise UserError(self.env._("Search the solutions with words of a text."))
        words = self._search_words(value)
        if not words:
            return expression.TRUE_DOMAIN
        return expression.OR(
            [(field, "ilike", word)] for word in words for field in SEARCH_WORD_FIELDS
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_use_for_ticket(self):
        """Link this solution to the ticket it was searched from (the context's
        ``crm_suite_ticket_id``) and post its text there as an internal note: the
        agent reads it on the ticket, adapts it and answers the customer (or closes
        the ticket, whose close wizard starts from this text)."""
        self.ensure_one()
        ticket = self.env["crm.ticket"].browse(
            self.env.context.get("crm_suite_ticket_id")
        )
        if not ticket.exists():
            raise UserError(
                self.env._(
                    "Open the solutions from a ticket (Find a Solution) to use one."
                )
            )
        ticket.solution_id = self
        ticket.message_post(
            body=Markup("<p><strong>%s</strong></p>%s")
            % (
                self.env._("Solution used: %(name)s", name=self.name),
                self.solution or "",
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # back to the ticket's crumb: "Ticket > Solutions > Solution" does not
        # become "... > Ticket" at each use
        return {
            "type": "ir.actions.client",
            "tag": "crm_suite_back_to_record",
            "params": {
                "record_name": ticket.display_name,
                "action": {
                    "type": "ir.actions.act_window",
                    "res_model": "crm.ticket",
                    "res_id": ticket.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "current",
                },
            },
        }

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_action"
        )
        action["domain"] = [("solution_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _search_words(self, text):
        """The distinct words of ``text`` worth searching, in their order."""
        words = re.findall(rf"\w{{{SEARCH_WORD_MIN_LENGTH},}}", (text or "").lower())
        return list(dict.fromkeys(words))[:SEARCH_WORD_LIMIT]

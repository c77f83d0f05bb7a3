from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, is_html_empty


class CrmTicketClose(models.TransientModel):
    _name = "crm.ticket.close"
    _description = "Close a Ticket"

    ticket_id = fields.Many2one("crm.ticket", required=True, ondelete="cascade")
    stage_id = fields.Many2one(
        "crm.ticket.stage",
        string="Closing Stage",
        domain="[('is_closed', '=', True)]",
        default=lambda self: self._default_stage_id(),
    )
    resolution = fields.Html(
        compute="_compute_resolution",
        store=True,
        readonly=False,
        precompute=True,
        sanitize=True,
        help="Sent to the customer when the ticket is closed; leave empty to close "
        "without a message.",
    )
    save_solution = fields.Boolean(
        string="Save as a New Solution",
        help="Add this answer to the knowledge base, linked to the ticket.",
    )
    solution_name = fields.Char(
        string="Problem in a Line",
        compute="_compute_solution_texts",
        store=True,
        readonly=False,
        precompute=True,
    )
    problem = fields.Text(
        compute="_compute_solution_texts", store=True, readonly=False, precompute=True
    )
    cause = fields.Text()
    solution = fields.Html(
        compute="_compute_solution",
        store=True,
        readonly=False,
        precompute=True,
        sanitize=True,
    )

    def _default_stage_id(self):
        return self.env["crm.ticket.stage"].search(
            [("is_closed", "=", True)], order="sequence, id", limit=1
        )

    @api.depends("ticket_id")
    def _compute_resolution(self):
        for wizard in self:
            wizard.resolution = wizard.ticket_id.solution_id.solution or False

    @api.depends("ticket_id")
    def _compute_solution_texts(self):
        for wizard in self:
            ticket = wizard.ticket_id
            wizard.solution_name = ticket.name
            description = html2plaintext(ticket.description or "").strip()
            wizard.problem = description or ticket.name

    @api.depends("resolution")
    def _compute_solution(self):
        # the answer to the customer is usually the solution to keep
        for wizard in self:
            wizard.solution = wizard.resolution

    def action_confirm(self):
        self.ensure_one()
        ticket = self.ticket_id
        if not self.stage_id:
            raise UserError(
                self.env._(
                    "There is no closing stage: ask a helpdesk administrator to mark "
                    "a stage as Closing Stage (Helpdesk > Configuration > Stages)."
                )
            )
        if not self.stage_id.is_closed:
            raise UserError(
                self.env._(
                    "The stage %(stage)s does not close tickets.",
                    stage=self.stage_id.name,
                )
            )
        if self.save_solution and (
            is_html_empty(self.solution) or not (self.solution_name or "").strip()
        ):
            raise UserError(
                self.env._(
                    "To save a new solution, write the problem in a line and its "
                    "solution."
                )
            )
        values = {"stage_id": self.stage_id.id}
        if self.save_solution:
            solution = self.env["crm.ticket.solution"].create(
                self._prepare_solution_values()
            )
            values["solution_id"] = solution.id
        ticket.write(values)
        if not is_html_empty(self.resolution):
            customer = ticket.contact_id or ticket.partner_id
            ticket.message_post(
                body=self.resolution,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=customer.ids,
            )
        return {"type": "ir.actions.act_window_close"}

    def _prepare_solution_values(self):
        ticket = self.ticket_id
        return {
            "name": self.solution_name.strip(),
            "problem": self.problem,
            "cause": self.cause,
            "solution": self.solution,
            "category_id": ticket.category_id.id,
            "tag_ids": [Command.set(ticket.tag_ids.ids)],
            "company_id": ticket.company_id.id,
            "ticket_id": ticket.id,
        }

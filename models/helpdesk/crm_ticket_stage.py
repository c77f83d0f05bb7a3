from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTicketStage(models.Model):
    _name = "crm.ticket.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company",
        index="btree_not_null",
        help="Leave empty to share it between the companies.",
    )
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban", help="Closed stages are usually folded."
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="A ticket reaching this stage is closed: its closing date is set.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    is_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="The SLA clock stops while a ticket sits in this stage: its deadlines "
        "move by the working time it waited.",
    )

    @api.constrains("is_closed", "is_waiting")
    def _check_is_waiting(self):
        if any(stage.is_closed and stage.is_waiting for stage in self):
            raise ValidationError(
                self.env._(
                    "A closing stage cannot wait for the customer: the SLA of a "
                    "closed ticket no longer runs."
                )
            )

from odoo import fields, models


class CrmTicketStage(models.Model):
    _name = "crm.ticket.stage"
    _description = "Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
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

from odoo import fields, models


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    is_contact_kind = fields.Boolean(
        string="Kind of Contact",
        help="Offered as a kind of contact on contact logs; marking an activity of "
        "this "
        "type done on a customer or a deal records a contact log.",
    )

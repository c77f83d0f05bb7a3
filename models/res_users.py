from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_suite_reminder_date = fields.Date(
        string="Last Contact Reminder",
        copy=False,
        help="Day of the last reminder of due contacts sent to this user; keeps the "
        "morning reminder to one per user and day.",
    )

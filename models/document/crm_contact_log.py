from odoo import fields, models


class CrmContactLog(models.Model):
    """A contact log may record a generated or sent document."""

    _inherit = "crm.contact.log"

    document_id = fields.Many2one(
        "crm.document",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The document generated (kind Letter) or sent (kind E-mail).",
    )

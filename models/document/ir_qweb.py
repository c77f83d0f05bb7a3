from odoo import models

from .crm_document_template import FIELD_PATHS_CONTEXT, is_field_path


class IrQweb(models.AbstractModel):
    """Document templates: a plain field path of the template's record
    (``object.partner_id.name``, as the dynamic placeholder picker inserts) is
    allowed in the restricted rendering mode; it is rendered without evaluation
    (mail's regex mode). Anything else (calls, loops, other variables) still needs
    the Mail Template Editor group."""

    _inherit = "ir.qweb"

    def _is_expression_allowed(self, expression, model):
        paths_model = self.env.context.get(FIELD_PATHS_CONTEXT)
        if (
            paths_model
            and paths_model == model
            and is_field_path(self.env, model, expression)
        ):
            return True
        return super()._is_expression_allowed(expression, model)

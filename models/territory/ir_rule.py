from odoo import fields, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_context_values(self):
        # ir.rule caches each user's evaluated domains until something clears the
        # registry cache. Delegations make some domains depend on the day (see
        # res.users.crm_suite_delegator_ids): with the hour in the key, a
        # delegation starts and ends at the user's midnight without a restart.
        # The hour, not the UTC date, because "today" is the user's local day.
        yield from super()._compute_domain_context_values()
        yield fields.Datetime.now().strftime("%Y-%m-%d %H")

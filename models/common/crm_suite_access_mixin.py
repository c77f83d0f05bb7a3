from odoo import models


class CrmSuiteAccessMixin(models.AbstractModel):
    """The one way to make record rules see a change of who may see what (territory
    membership, delegations, the territory restriction setting): the rules read
    fields of res.users, and ir.rule caches each user's evaluated domains."""

    _name = "crm.suite.access.mixin"
    _description = "Access Cache Reset"

    def _crm_suite_access_user_fields(self):
        """The fields of res.users the record rules read that this model's changes
        alter; extended by each model."""
        return []

    def _crm_suite_reset_access(self):
        """Forget those fields and the record rules' cached domains."""
        if fnames := self._crm_suite_access_user_fields():
            self.env["res.users"].invalidate_model(fnames)
        self.env.registry.clear_cache()

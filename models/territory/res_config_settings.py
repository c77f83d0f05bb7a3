from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Whether salespeople are restricted to their territories."""

    _name = "res.config.settings"
    _inherit = ["res.config.settings", "crm.suite.access.mixin"]

    group_crm_suite_territory_restricted = fields.Boolean(
        string="Restrict Salespeople to Their Territories",
        implied_group="crm_suite.group_crm_suite_territory_restricted",
        group="sales_team.group_sale_salesman",
        help="Salespeople see only the customers, deals and contact logs of their "
        "territories; territory managers see all of their territories.",
    )

    def set_values(self):
        restricted = self.env.ref("crm_suite.group_crm_suite_territory_restricted")
        before = set(restricted.sudo().users.ids)
        res = super().set_values()
        if set(restricted.sudo().users.ids) != before:
            # res.groups only clears the groups cache: the record rules cached for
            # each user must be evaluated again with the new group
            self._crm_suite_reset_access()
        return res

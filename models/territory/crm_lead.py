from odoo import api, fields, models

from ..common.crm_suite_analysis import guard_analysis_dimensions


class CrmLead(models.Model):
    """The customer's territory, stored on the deal so every deal analysis (Pipeline
    Analysis, the deal funnel) can be grouped and filtered by it."""

    _inherit = "crm.lead"

    # Computed from the customer, never written by users: the territory rules key on
    # partner_id.crm_territory_id, and a stored related field is computed as superuser,
    # so a writable copy would let a salesperson move a deal into another territory.
    crm_territory_id = fields.Many2one(
        "crm.territory",
        string="Territory",
        compute="_compute_crm_territory_id",
        store=True,
        index="btree_not_null",
        help="The territory of the deal's customer (its commercial entity), kept up "
        "to date when the customer's territory changes.",
    )

    @api.depends("partner_id.commercial_partner_id.crm_territory_id")
    def _compute_crm_territory_id(self):
        for lead in self:
            lead.crm_territory_id = (
                lead.partner_id.commercial_partner_id.crm_territory_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        guard_analysis_dimensions(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        guard_analysis_dimensions(self, [vals])
        return super().write(vals)

from odoo import api, fields, models


class CrmLead(models.Model):
    """The customer's industry and tags, stored on the deal so every deal analysis
    (Pipeline Analysis, the deal funnel) can be grouped and filtered by them."""

    _inherit = "crm.lead"

    # Computed from the customer, never written by users (see
    # models/common/crm_suite_analysis.py, guard_analysis_dimensions).
    partner_industry_id = fields.Many2one(
        "res.partner.industry",
        string="Customer Industry",
        compute="_compute_partner_dimensions",
        store=True,
        index="btree_not_null",
        help="The industry of the deal's customer (its commercial entity), kept up "
        "to date when the customer's industry changes.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        "crm_lead_partner_category_rel",
        "lead_id",
        "category_id",
        string="Customer Tags",
        compute="_compute_partner_dimensions",
        store=True,
        help="The tags of the deal's customer (its commercial entity), kept up to "
        "date when the customer's tags change.",
    )

    @api.depends(
        "partner_id.commercial_partner_id.industry_id",
        "partner_id.commercial_partner_id.category_id",
    )
    def _compute_partner_dimensions(self):
        for lead in self:
            customer = lead.partner_id.commercial_partner_id
            lead.partner_industry_id = customer.industry_id
            lead.partner_category_ids = customer.category_id

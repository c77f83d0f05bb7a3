from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # a new company starts with the shipped payment follow-up levels
        self.env["crm.followup.level"].sudo()._create_default_levels(companies)
        return companies

from odoo import api, models


class ReportDebt(models.AbstractModel):
    _name = "report.crm_suite.report_debt"
    _description = "Debt Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["crm.debt.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "crm.debt.report",
            "docs": wizards,
            "reports": {wizard.id: wizard._get_report_data() for wizard in wizards},
        }

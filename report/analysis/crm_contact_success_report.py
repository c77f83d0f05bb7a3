from odoo import fields, models
from odoo.tools import SQL


class CrmContactSuccessReport(models.Model):
    """One row per contact log with its result: the share of positive contacts per
    user, kind, customer industry, source and territory. A contact is positive when
    its result is marked "Positive Outcome" (crm.contact.result.is_positive)."""

    _name = "crm.contact.success.report"
    _inherit = "crm.analysis.mixin"
    _description = "Contact Success Analysis"
    _auto = False
    _order = "date desc, id desc"

    log_id = fields.Many2one("crm.contact.log", string="Contact Log", readonly=True)
    date = fields.Datetime(readonly=True, help="When the contact took place.")
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Kind", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        help="The commercial entity of the customer contacted.",
    )
    industry_id = fields.Many2one(
        "res.partner.industry", string="Customer Industry", readonly=True
    )
    source_id = fields.Many2one(
        "utm.source",
        string="Customer Source",
        readonly=True,
        help="How the customer first came to us (the customer's Origin Source).",
    )
    territory_id = fields.Many2one(
        "crm.territory", string="Customer Territory", readonly=True
    )
    result_id = fields.Many2one("crm.contact.result", readonly=True)
    is_positive = fields.Boolean(
        string="Positive",
        readonly=True,
        help="The contact's result is marked Positive Outcome. A contact without a "
        "result is not positive.",
    )
    count = fields.Integer(string="Contacts", readonly=True, aggregator="sum")
    positive_count = fields.Integer(
        string="Positive Contacts",
        readonly=True,
        aggregator="sum",
        help="Contacts whose result is marked Positive Outcome.",
    )
    positive_rate = fields.Float(
        string="Positive Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of positive contacts among all contacts, results missing "
        "included, in percent.",
    )

    def _analysis_query(self):
        return SQL(
            """
                    SELECT log.id, log.id AS log_id, log.date, log.user_id,
                           log.team_id, log.company_id, log.activity_type_id,
                           log.commercial_partner_id AS partner_id,
                           customer.industry_id, customer.source_id,
                           customer.crm_territory_id AS territory_id,
                           log.result_id,
                           COALESCE(result.is_positive, FALSE) AS is_positive,
                           1 AS count,
                           CASE WHEN result.is_positive THEN 1 ELSE 0 END
                               AS positive_count,
                           CASE WHEN result.is_positive THEN 100.0 ELSE 0.0 END
                               AS positive_rate
                      FROM crm_contact_log log
                 LEFT JOIN res_partner customer
                        ON customer.id = log.commercial_partner_id
                 LEFT JOIN crm_contact_result result ON result.id = log.result_id
            """
        )

from odoo import api, models
from odoo.tools import SQL


class CrmMoney(models.AbstractModel):
    _inherit = "crm.money"

    @api.model
    def _customer_cost_sources(self):
        # support time: the hours logged on the customer's tickets times the
        # agent's cost per hour, else the company's default cost per hour
        return [
            *super()._customer_cost_sources(),
            (
                "support_cost",
                SQL(
                    """
                    SELECT log.partner_id, log.company_id,
                           log.hours * COALESCE(
                               NULLIF(agent.crm_support_hour_cost, 0),
                               company.crm_support_hour_cost, 0
                           ) AS amount
                      FROM crm_ticket_time_log log
                      JOIN res_users agent ON agent.id = log.user_id
                      JOIN res_company company ON company.id = log.company_id
                     WHERE log.partner_id IS NOT NULL
                    """
                ),
            ),
        ]

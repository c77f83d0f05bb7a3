from odoo import api, models
from odoo.tools import SQL


class CrmMoney(models.AbstractModel):
    _inherit = "crm.money"

    @api.model
    def _customer_cost_sources(self):
        # campaign costs: for each won deal of the customer that came from a
        # campaign, the campaign's cost per won deal (its costs split evenly over
        # its won deals)
        return [
            *super()._customer_cost_sources(),
            (
                "campaign_cost",
                SQL(
                    """
                    WITH won AS (
                        SELECT lead.id, lead.campaign_id, lead.company_id,
                               partner.commercial_partner_id AS partner_id
                          FROM crm_lead lead
                          JOIN crm_stage stage
                            ON stage.id = lead.stage_id AND stage.is_won
                          JOIN res_partner partner ON partner.id = lead.partner_id
                         WHERE lead.active AND lead.campaign_id IS NOT NULL
                    ), per_won AS (
                        SELECT cost.campaign_id,
                               SUM(cost.amount) / (
                                   SELECT COUNT(*) FROM won
                                    WHERE won.campaign_id = cost.campaign_id
                               ) AS amount
                          FROM crm_campaign_cost cost
                         WHERE EXISTS (SELECT 1 FROM won
                                        WHERE won.campaign_id = cost.campaign_id)
                      GROUP BY cost.campaign_id
                    )
                    SELECT won.partner_id, won.company_id, per_won.amount
                      FROM won
                      JOIN per_won ON per_won.campaign_id = won.campaign_id
                    """
                ),
            ),
        ]

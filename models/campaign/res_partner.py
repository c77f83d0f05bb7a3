from odoo import fields, models
from odoo.tools import SQL

from ..deal.res_partner import PROFIT_GROUPS


class ResPartner(models.Model):
    """Campaigns on the customer: responses of its people in the timeline."""

    _inherit = "res.partner"

    # its share of the customer profit (crm.money._customer_cost_sources)
    crm_profit_campaign_cost = fields.Monetary(
        string="Campaign Cost",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="For each won deal of the customer that came from a campaign, the "
        "campaign's cost per won deal: its costs split evenly over its won deals.",
    )

    # ------------------------------------------------------------
    # TIMELINE
    # ------------------------------------------------------------

    def _crm_suite_timeline_sources(self):
        # the responses of the customer's people to campaigns
        _ = self.env._
        return [
            *super()._crm_suite_timeline_sources(),
            {
                "kind": "campaign",
                "label": _("Campaigns"),
                "icon": "fa-bullhorn",
                "model": "crm.campaign.member",
                "method": self._crm_suite_timeline_campaigns,
                "sequence": 50,
            },
        ]

    def _crm_suite_timeline_campaigns(self, scope):
        Member = self.env["crm.campaign.member"]
        query = Member._search(
            [("partner_id", "in", scope["people"]), ("date_response", "!=", False)]
            + self._crm_suite_timeline_dates(scope, "date_response", is_day=True)
        )
        member = query.table
        campaign = query.join(
            member, "campaign_id", "utm_campaign", "id", "campaign_id"
        )
        partner = query.join(member, "partner_id", "res_partner", "id", "partner_id")
        return self._crm_suite_timeline_branch(
            query,
            scope,
            "campaign",
            is_day=True,
            date=SQL.identifier(member, "date_response"),
            row_id=SQL.identifier(member, "id"),
            res_model=SQL("%s", Member._name),
            res_id=SQL.identifier(member, "id"),
            title=self.env["utm.campaign"]._field_to_sql(campaign, "title"),
            subtitle=SQL(
                "CONCAT_WS(' · ', %s, %s)",
                self._crm_suite_timeline_selection(
                    Member, "status", SQL.identifier(member, "status")
                ),
                SQL.identifier(partner, "name"),
            ),
            user_id=SQL(
                "COALESCE(%s, %s)",
                SQL.identifier(member, "user_id"),
                SQL.identifier(campaign, "user_id"),
            ),
        )

from odoo import fields, models


class ResPartner(models.Model):
    """The competitors' products a customer uses."""

    _inherit = "res.partner"

    competitor_usage_ids = fields.One2many(
        "crm.competitor.usage", "partner_id", string="Competitor Products Used"
    )

    def action_view_competitor_usages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_competitor_usage_action_partner"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "crm_suite_short": True}
        action["display_name"] = self.env._(
            "Competitors used by %(name)s", name=self.display_name
        )
        return action

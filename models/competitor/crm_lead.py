from odoo import fields, models

from .crm_lead_competitor import STATUS_IN_PLAY, STATUS_THEY_WON, STATUS_WE_WON


class CrmLead(models.Model):
    """The competitors met on a deal."""

    _inherit = "crm.lead"

    competitor_line_ids = fields.One2many(
        "crm.lead.competitor", "lead_id", string="Competition"
    )
    competitor_count = fields.Integer(compute="_compute_competitor_count")

    def _compute_competitor_count(self):
        counts = dict(
            self.env["crm.lead.competitor"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.competitor_count = counts.get(lead, 0)

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            # winning a deal beats everyone still in play on it
            won = self.filtered("stage_id.is_won")
            won.competitor_line_ids.filtered(
                lambda line: line.status == STATUS_IN_PLAY
            ).status = STATUS_WE_WON
        return res

    def _record_lost_to_competitor(
        self, competitor, product=None, price=0.0, currency=None
    ):
        """The deals in ``self`` were lost to ``competitor``: its line on each deal
        (created if missing) says they won, with the price they won at."""
        Line = self.env["crm.lead.competitor"]
        lines = Line.search(
            [("lead_id", "in", self.ids), ("competitor_id", "=", competitor.id)]
        )
        values = {"status": STATUS_THEY_WON}
        if product:
            values["competitor_product_id"] = product.id
        if price:
            values["price"] = price
            values["currency_id"] = (currency or self.env.company.currency_id).id
        lines.write(values)
        missing = self - lines.lead_id
        if missing:
            Line.create(
                [
                    dict(values, lead_id=lead.id, competitor_id=competitor.id)
                    for lead in missing
                ]
            )

from odoo import api, fields, models


class CrmCompetitor(models.Model):
    _name = "crm.competitor"
    _description = "Competitor"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True, index="trigram")
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    type_id = fields.Many2one("crm.competitor.type", tracking=True, ondelete="restrict")
    partner_id = fields.Many2one(
        "res.partner",
        string="Company Record",
        index="btree_not_null",
        ondelete="set null",
        help="The competitor's own contact record, if you keep one.",
    )
    website = fields.Char()
    strengths = fields.Html()
    weaknesses = fields.Html()
    note = fields.Html(string="Notes")
    product_ids = fields.One2many(
        "crm.competitor.product", "competitor_id", string="Products"
    )
    lead_competitor_ids = fields.One2many(
        "crm.lead.competitor", "competitor_id", string="Deal Lines"
    )
    usage_ids = fields.One2many(
        "crm.competitor.usage", "competitor_id", string="Customer Usages"
    )
    company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_company_currency_id"
    )
    # figures, from one grouped read of the deal lines
    deal_count = fields.Integer(string="Deals Met", compute="_compute_figures")
    won_count = fields.Integer(string="Won Against Them", compute="_compute_figures")
    lost_count = fields.Integer(string="Lost to Them", compute="_compute_figures")
    win_rate = fields.Float(
        compute="_compute_figures",
        help="Deals we won against this competitor, out of the decided deals where "
        "we met them (%).",
    )
    revenue_lost = fields.Monetary(
        compute="_compute_figures", currency_field="company_currency_id"
    )
    avg_price_difference = fields.Monetary(
        string="Average Price Difference",
        compute="_compute_figures",
        currency_field="company_currency_id",
        help="Their offer minus ours, on average over the deals where their price is "
        "known, in the company's currency: negative when they are cheaper.",
    )
    customer_count = fields.Integer(
        string="Customers Using Them", compute="_compute_customer_count"
    )

    @api.depends_context("company")
    def _compute_company_currency_id(self):
        self.company_currency_id = self.env.company.currency_id

    def _compute_figures(self):
        # the same grouped figures as the win/loss pivot: the ratios are defined
        # once, in crm.lead.competitor._read_group_select
        groups = self.env["crm.lead.competitor"]._read_group(
            [("competitor_id", "in", self.ids)],
            ["competitor_id"],
            [
                "deal_met_count:sum",
                "won_count:sum",
                "lost_count:sum",
                "win_rate:avg",
                "revenue_lost:sum",
                "price_difference:avg",
            ],
        )
        figures = {competitor: values for competitor, *values in groups}
        for competitor in self:
            deals, won, lost, win_rate, revenue_lost, price_difference = figures.get(
                competitor, (0, 0, 0, None, 0.0, None)
            )
            competitor.deal_count = deals
            competitor.won_count = won
            competitor.lost_count = lost
            competitor.win_rate = win_rate or 0.0
            competitor.revenue_lost = revenue_lost
            competitor.avg_price_difference = price_difference or 0.0

    def _compute_customer_count(self):
        counts = dict(
            self.env["crm.competitor.usage"]._read_group(
                [("competitor_id", "in", self.ids)], ["competitor_id"], ["__count"]
            )
        )
        for competitor in self:
            competitor.customer_count = counts.get(competitor, 0)

    def action_view_deals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_lead_competitor_action"
        )
        action["domain"] = [("competitor_id", "=", self.id)]
        action["context"] = {"default_competitor_id": self.id}
        return action

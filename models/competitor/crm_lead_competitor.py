from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

STATUS_IN_PLAY = "in_play"
STATUS_THEY_WON = "they_won"
STATUS_WE_WON = "we_won"
STATUS_WITHDRAWN = "withdrawn"


class CrmLeadCompetitor(models.Model):
    _name = "crm.lead.competitor"
    _description = "Competitor on a Deal"
    _order = "date_deal desc, id desc"
    _rec_name = "competitor_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Deal", required=True, index=True, ondelete="cascade"
    )
    competitor_id = fields.Many2one(
        "crm.competitor",
        required=True,
        index=True,
        ondelete="restrict",
    )
    competitor_product_id = fields.Many2one(
        "crm.competitor.product",
        string="Their Product",
        ondelete="set null",
        domain="[('competitor_id', '=', competitor_id)]",
    )
    price = fields.Monetary(
        string="Their Price",
        help="The price they offered for this deal, in its currency.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    status = fields.Selection(
        [
            (STATUS_IN_PLAY, "In Play"),
            (STATUS_THEY_WON, "They Won"),
            (STATUS_WE_WON, "We Won"),
            (STATUS_WITHDRAWN, "Withdrawn"),
        ],
        required=True,
        default=STATUS_IN_PLAY,
        index=True,
    )
    note = fields.Text()
    # deal facts stored for the win/loss analysis (pivot and graph)
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        related="lead_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    product_id = fields.Many2one(
        related="competitor_product_id.product_id", string="Our Product", store=True
    )
    company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_company_currency_id", store=True
    )
    date_deal = fields.Date(
        string="Deal Date",
        compute="_compute_date_deal",
        store=True,
        help="When the deal was decided (or is expected to be): the date at which "
        "their price is converted.",
    )
    our_price = fields.Monetary(
        related="lead_id.expected_revenue",
        currency_field="company_currency_id",
        store=True,
    )
    price_company = fields.Monetary(
        string="Their Price (Company Currency)",
        compute="_compute_price_company",
        store=True,
        currency_field="company_currency_id",
    )
    price_difference = fields.Monetary(
        compute="_compute_price_company",
        store=True,
        currency_field="company_currency_id",
        aggregator="avg",
        help="Their price minus ours: negative when they are cheaper.",
    )
    revenue_lost = fields.Monetary(
        compute="_compute_revenue_lost",
        store=True,
        currency_field="company_currency_id",
        help="Our expected revenue on the deals they won.",
    )
    won_count = fields.Integer(
        string="Won Against", compute="_compute_revenue_lost", store=True
    )
    lost_count = fields.Integer(
        string="Lost To", compute="_compute_revenue_lost", store=True
    )
    # the two figures below are ratios and distinct counts: a sum of the lines
    # would be wrong, so _read_group_select computes them per group
    deal_met_count = fields.Integer(
        string="Deals Met",
        compute="_compute_revenue_lost",
        store=True,
        help="Deals on which the competitor was met, each deal counted once.",
    )
    win_rate = fields.Float(
        string="Win Rate (%)",
        compute="_compute_revenue_lost",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Deals won against the competitor, in percent of the deals decided "
        "between us (won against plus lost to); deals in play or withdrawn do not "
        "count.",
    )

    _sql_constraints = [
        (
            "competitor_once_per_deal",
            "UNIQUE(lead_id, competitor_id)",
            "This competitor is already on the deal.",
        ),
    ]

    @api.depends("lead_id.company_id")
    def _compute_company_currency_id(self):
        for line in self:
            line.company_currency_id = (
                line.lead_id.company_id.currency_id or self.env.company.currency_id
            )

    @api.depends("lead_id.date_closed", "lead_id.date_deadline", "lead_id.create_date")
    def _compute_date_deal(self):
        for line in self:
            lead = line.lead_id
            line.date_deal = (
                (lead.date_closed and lead.date_closed.date())
                or lead.date_deadline
                or (lead.create_date and lead.create_date.date())
                or fields.Date.context_today(line)
            )

    @api.depends(
        "price", "currency_id", "company_currency_id", "date_deal", "our_price"
    )
    def _compute_price_company(self):
        for line in self:
            company = line.lead_id.company_id or self.env.company
            price = line.currency_id._convert(
                line.price,
                line.company_currency_id,
                company,
                line.date_deal or fields.Date.context_today(line),
            )
            line.price_company = price
            line.price_difference = price - line.our_price if line.price else 0.0

    @api.depends("status", "our_price")
    def _compute_revenue_lost(self):
        for line in self:
            line.revenue_lost = (
                line.our_price if line.status == STATUS_THEY_WON else 0.0
            )
            line.won_count = int(line.status == STATUS_WE_WON)
            line.lost_count = int(line.status == STATUS_THEY_WON)
            line.deal_met_count = 1
            line.win_rate = 100.0 if line.status == STATUS_WE_WON else 0.0

    def _read_group_select(self, aggregate_spec, query):
        """The win/loss figures of a group, the same in the pivot and on the
        competitor: deals met counted once each, the win rate over the decided
        deals, the price difference over the known prices."""
        if aggregate_spec == "deal_met_count:sum":
            return SQL(
                "COUNT(DISTINCT %s)", self._field_to_sql(self._table, "lead_id", query)
            )
        if aggregate_spec == "win_rate:avg":
            won = self._field_to_sql(self._table, "won_count", query)
            lost = self._field_to_sql(self._table, "lost_count", query)
            return SQL("100.0 * SUM(%s) / NULLIF(SUM(%s) + SUM(%s), 0)", won, won, lost)
        if aggregate_spec == "price_difference:avg":
            # over the lines whose price is known: an unknown price is no difference
            return SQL(
                "AVG(CASE WHEN %s != 0 THEN %s END)",
                self._field_to_sql(self._table, "price", query),
                self._field_to_sql(self._table, "price_difference", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.constrains("price")
    def _check_price(self):
        if any(line.price < 0 for line in self):
            raise ValidationError(
                self.env._("A competitor's price cannot be negative.")
            )

    @api.constrains("competitor_id", "competitor_product_id")
    def _check_competitor_product_id(self):
        for line in self:
            line.competitor_product_id._check_competitor(line.competitor_id)

    @api.onchange("competitor_product_id")
    def _onchange_competitor_product_id(self):
        """Propose their known price at the deal's date."""
        if self.competitor_product_id and not self.price:
            price = self.competitor_product_id._price_at(
                self.date_deal or fields.Date.context_today(self)
            )
            if price:
                self.price = price.price
                self.currency_id = price.currency_id

from odoo import fields, models, tools
from odoo.tools import SQL


class CrmForecastSnapshotReport(models.Model):
    """The forecast snapshot lines, one row per figure, so that one graph puts the
    forecast, the revenue won and the revenue invoiced of each month side by side
    (a graph view draws a single measure)."""

    _name = "crm.forecast.snapshot.report"
    _description = "Forecast vs Actuals"
    _auto = False
    _order = "date_month desc, figure"

    date_month = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    figure = fields.Selection(
        [
            ("forecast", "Weighted Forecast"),
            ("won", "Revenue Won"),
            ("invoiced", "Revenue Invoiced (untaxed)"),
        ],
        readonly=True,
    )
    amount = fields.Monetary(
        readonly=True,
        help="Weighted forecast and revenue won: expected revenue of the deals; "
        "revenue invoiced: untaxed, see the Forecast Accuracy lines.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT line.id * 3 + figure.rank AS id,
                           line.date_month, line.company_id, line.team_id,
                           line.user_id, line.currency_id,
                           figure.name AS figure, figure.amount
                      FROM crm_forecast_snapshot line
                CROSS JOIN LATERAL (VALUES
                               (0, 'forecast', line.prorated_revenue),
                               (1, 'won', line.won_revenue),
                               (2, 'invoiced', line.invoiced_revenue)
                           ) AS figure (rank, name, amount)
                )
                """,
                SQL.identifier(self._table),
            )
        )

from odoo import api, fields, models
from odoo.tools import SQL

PROFIT_GROUPS = "sales_team.group_sale_manager,account.group_account_invoice"


class ResPartner(models.Model):
    """Deals and money on the customer: its profitability, and their entries in
    the timeline."""

    _inherit = "res.partner"

    crm_profit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_crm_profit", groups=PROFIT_GROUPS
    )
    crm_profit_margin = fields.Monetary(
        string="Sales Margin",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Margin of the customer's confirmed sales orders (untaxed sales less "
        "product cost), converted into company currency at each order's own date, "
        "in the companies you work in.",
    )
    crm_profit = fields.Monetary(
        string="Customer Profit",
        compute="_compute_crm_profit",
        currency_field="crm_profit_currency_id",
        groups=PROFIT_GROUPS,
        help="Sales margin less the customer's costs (support time, campaign costs), "
        "for the customer's company and its people (crm.money: Customer profit).",
    )

    @api.depends_context("allowed_company_ids")
    def _compute_crm_profit(self):
        self.env["crm.money"]._compute_customer_profit(self)

    # ------------------------------------------------------------
    # TIMELINE
    # ------------------------------------------------------------

    def _crm_suite_timeline_sources(self):
        # deal stage changes and outcomes, invoices and payments
        _ = self.env._
        return [
            *super()._crm_suite_timeline_sources(),
            {
                "kind": "stage",
                "label": _("Deal stages"),
                "icon": "fa-exchange",
                "model": "crm.lead",
                "method": self._crm_suite_timeline_stages,
                "sequence": 20,
            },
            {
                "kind": "won",
                "label": _("Won deals"),
                "icon": "fa-trophy",
                "model": "crm.lead",
                "method": self._crm_suite_timeline_won,
                "sequence": 30,
            },
            {
                "kind": "lost",
                "label": _("Lost deals"),
                "icon": "fa-times-circle",
                "model": "crm.lead",
                "method": self._crm_suite_timeline_lost,
                "sequence": 40,
            },
            {
                "kind": "invoice",
                "label": _("Invoices"),
                "icon": "fa-file-text-o",
                "model": "account.move",
                "method": self._crm_suite_timeline_invoices,
                "sequence": 60,
            },
            {
                "kind": "payment",
                "label": _("Payments"),
                "icon": "fa-money",
                "model": "account.payment",
                "method": self._crm_suite_timeline_payments,
                "sequence": 70,
            },
        ]

    def _crm_suite_timeline_deals(self, domain=()):
        """The deals of the scope's customer the user may read, archived included."""
        return (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._search([("partner_id.commercial_partner_id", "=", self.id), *domain])
        )

    def _crm_suite_timeline_stages(self, scope):
        deals = scope["commercial"]._crm_suite_timeline_deals()
        stage_field = self.env["ir.model.fields"]._get("crm.lead", "stage_id")
        # sudo usage: tracking values are readable by administrators only; they
        # are restricted here to the stage changes of the deals the user may read,
        # which is what the deal's chatter shows them
        message_query = (
            self.env["mail.message"]
            .sudo()
            ._search(
                [("model", "=", "crm.lead"), ("res_id", "in", deals)]
                + self._crm_suite_timeline_dates(scope, "date", is_day=False)
            )
        )
        message = message_query.table
        tracking = message_query.join(
            message, "id", "mail_tracking_value", "mail_message_id", "tracking"
        )
        lead = message_query.join(message, "res_id", "crm_lead", "id", "lead")
        message_query.add_where(
            SQL(
                "%s = %s AND %s NOT IN (SELECT id FROM crm_stage WHERE is_won)",
                SQL.identifier(tracking, "field_id"),
                stage_field.id,
                # a move to a won stage is the "won" entry already
                SQL("COALESCE(%s, 0)", SQL.identifier(tracking, "new_value_integer")),
            )
        )
        return self._crm_suite_timeline_branch(
            message_query,
            scope,
            "stage",
            date=SQL.identifier(message, "date"),
            row_id=SQL.identifier(tracking, "id"),
            res_model=SQL("%s", "crm.lead"),
            res_id=SQL.identifier(lead, "id"),
            title=SQL.identifier(lead, "name"),
            subtitle=SQL(
                "CONCAT(%s, ' → ', %s)",
                SQL.identifier(tracking, "old_value_char"),
                SQL.identifier(tracking, "new_value_char"),
            ),
            user_id=SQL.identifier(message, "create_uid"),
        )

    def _crm_suite_timeline_outcome(self, scope, kind, domain, subtitle):
        query = scope["commercial"]._crm_suite_timeline_deals(
            [("date_closed", "!=", False), *domain]
            + self._crm_suite_timeline_dates(scope, "date_closed", is_day=False)
        )
        lead = query.table
        company = query.left_join(lead, "company_id", "res_company", "id", "company_id")
        return self._crm_suite_timeline_branch(
            query,
            scope,
            kind,
            date=SQL.identifier(lead, "date_closed"),
            row_id=SQL.identifier(lead, "id"),
            res_model=SQL("%s", "crm.lead"),
            res_id=SQL.identifier(lead, "id"),
            title=SQL.identifier(lead, "name"),
            subtitle=subtitle(query),
            user_id=SQL.identifier(lead, "user_id"),
            amount=SQL.identifier(lead, "expected_revenue"),
            currency_id=SQL(
                "COALESCE(%s, %s)",
                SQL.identifier(company, "currency_id"),
                self.env.company.currency_id.id,
            ),
        )

    def _crm_suite_timeline_won(self, scope):
        return self._crm_suite_timeline_outcome(
            scope,
            "won",
            [("stage_id.is_won", "=", True)],
            lambda query: SQL("%s", self.env._("Won")),
        )

    def _crm_suite_timeline_lost(self, scope):
        def subtitle(query):
            reason = query.left_join(
                query.table, "lost_reason_id", "crm_lost_reason", "id", "lost_reason_id"
            )
            return SQL(
                "CONCAT_WS(': ', %s, %s)",
                self.env._("Lost"),
                self.env["crm.lost.reason"]._field_to_sql(reason, "name"),
            )

        # Odoo's definition of a lost deal: archived with a zero probability
        return self._crm_suite_timeline_outcome(
            scope, "lost", [("active", "=", False), ("probability", "=", 0)], subtitle
        )

    def _crm_suite_timeline_invoices(self, scope):
        Move = self.env["account.move"]
        query = Move._search(
            self.env["crm.money"]._invoice_domain()
            + [("commercial_partner_id", "=", scope["commercial"].id)]
            + self._crm_suite_timeline_dates(scope, "invoice_date", is_day=True)
        )
        move = query.table
        return self._crm_suite_timeline_branch(
            query,
            scope,
            "invoice",
            is_day=True,
            date=SQL.identifier(move, "invoice_date"),
            row_id=SQL.identifier(move, "id"),
            res_model=SQL("%s", Move._name),
            res_id=SQL.identifier(move, "id"),
            title=SQL.identifier(move, "name"),
            subtitle=SQL(
                "CONCAT_WS(' · ', %s, %s)",
                self._crm_suite_timeline_selection(
                    Move, "move_type", SQL.identifier(move, "move_type")
                ),
                self._crm_suite_timeline_selection(
                    Move, "payment_state", SQL.identifier(move, "payment_state")
                ),
            ),
            user_id=SQL.identifier(move, "invoice_user_id"),
            amount=SQL.identifier(move, "amount_total_in_currency_signed"),
            currency_id=SQL.identifier(move, "currency_id"),
        )

    def _crm_suite_timeline_payments(self, scope):
        Payment = self.env["account.payment"]
        query = Payment._search(
            self.env["crm.money"]._payment_domain()
            + [("partner_id", "in", scope["people"])]
            + self._crm_suite_timeline_dates(scope, "date", is_day=True)
        )
        payment = query.table
        return self._crm_suite_timeline_branch(
            query,
            scope,
            "payment",
            is_day=True,
            date=SQL.identifier(payment, "date"),
            row_id=SQL.identifier(payment, "id"),
            res_model=SQL("%s", Payment._name),
            res_id=SQL.identifier(payment, "id"),
            title=SQL.identifier(payment, "name"),
            subtitle=SQL(
                "CONCAT_WS(' · ', %s, %s)",
                self._crm_suite_timeline_selection(
                    Payment, "state", SQL.identifier(payment, "state")
                ),
                SQL.identifier(payment, "memo"),
            ),
            user_id=SQL.identifier(payment, "create_uid"),
            amount=SQL.identifier(payment, "amount"),
            currency_id=SQL.identifier(payment, "currency_id"),
        )

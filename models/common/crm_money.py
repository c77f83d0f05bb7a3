from odoo import api, fields, models
from odoo.tools import SQL

# customer invoices and credit notes: a credit note's signed amounts are negative
CUSTOMER_INVOICE_TYPES = ("out_invoice", "out_refund")
# a posted customer payment (18.0: "in process" until matched, then "paid")
PAYMENT_POSTED_STATES = ("in_process", "paid")


class CrmMoney(models.AbstractModel):
    """The money figures of a customer, a deal and a campaign, defined once.

    Every screen, report and analysis of crm_suite reads them here (Customer 360
    panel, customer dossier, timeline, deal money fields, campaign figures,
    forecast actuals, debt report). Amounts are in company currency (the signed
    ``*_signed`` amounts of the journal), summed over the companies the user works
    in (``self.env.companies``) unless a caller passes its own companies; a total
    over companies of another currency is converted at the date of the figure.

    - **Invoiced**: the posted customer invoices less the posted credit notes,
      *taxes included* (``amount_total_signed``). Revenue analyses (campaigns,
      forecast actuals) use **Invoiced (untaxed)** (``amount_untaxed_signed``).
    - **Paid**: what the payments matched with those invoices settled, taxes
      included: Invoiced less what the invoices and credit notes still owe
      (``amount_residual_signed``); a credit note matched with an invoice lowers
      Invoiced, not Paid. Payments not matched with an invoice (advances) are
      not in it.
    - **Due**: the customer's Total Receivable in Odoo's accounting
      (``res.partner.credit``) for its commercial entity and its people: the
      residual of the posted receivable journal items, unmatched payments
      (advances) and open credit notes included, as of today.
    - **Overdue**: the residual of those receivable items whose own due date
      (``date_maturity``, else the item's date) is before today, each instalment
      on its own, as Odoo's Aged Receivable sums its overdue columns. Unmatched
      credits count at their own date too: an advance or open credit note dated
      before today lowers Overdue (which is then below zero when the customer's
      credits exceed its late items); one dated today or later lowers Due only.
      The debt report ages the same items with the same rule.
    - **Last payment**: the date of the latest posted customer payment
      (``account.payment``, inbound, in process or paid), matched or not; credit
      notes and exchange differences are no payment.
    - A **deal's** figures are the deal's own invoices (``account.move.lead_id``,
      credit notes subtract) and the payments matched with them: its Due is what
      its invoices still owe, its last payment the latest payment matched with
      them. Invoices made from the deal's sales orders carry the deal.
    - **Ordered** and **Margin**: the untaxed amount and the margin (Odoo's
      ``sale_margin``: untaxed price less cost) of the *confirmed* sales orders,
      converted into company currency at each order's own rate (the rate of its
      order date, ``sale.order.currency_rate``), read with the user's rights on
      the orders (Odoo's sale rules decide whose margins one sees). **Margin %**
      is Margin / Ordered.
    - **Customer profit**: the margin of the customer's confirmed orders, less
      the costs the capabilities attribute to the customer
      (``_customer_cost_sources``): its support time cost (helpdesk: hours logged
      on its tickets times the agent's cost per hour, else the company's default
      cost per hour) and its share of campaign costs (campaigns: each campaign's
      costs split evenly over its won deals, the campaign's "cost per won deal",
      for each won deal of the customer).
    """

    _name = "crm.money"
    _description = "Money Figures"

    # ------------------------------------------------------------
    # SCOPE
    # ------------------------------------------------------------

    @api.model
    def _companies(self, companies=None):
        """The companies a figure sums: the companies the user works in."""
        return self.env.companies if companies is None else companies

    @api.model
    def _sees_money(self, partner, owns_deal=False):
        """Whether the current user may see ``partner``'s invoiced, paid, due and
        overdue amounts; the one money gate of the module. Accountants and "all
        documents" salespeople always; other salespeople for the customers a
        manager gave them: they are the customer's salesperson (which only "all
        documents" users and managers set, see models/customer/res_partner.py), or
        ``owns_deal`` and a manager assigned them one of its deals. A deal a
        salesperson created or took themselves does not count: it would hand them
        any customer's figures."""
        partner.ensure_one()
        user = self.env.user
        if user.has_group("account.group_account_invoice") or user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            return True
        if not user.has_group("sales_team.group_sale_salesman"):
            return False
        commercial = partner.commercial_partner_id
        if commercial.user_id == user:
            return True
        # sudo usage: a yes/no on the deals assigned to the user, whatever the
        # territory rules hide
        return bool(owns_deal) and bool(
            self.env["crm.lead"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("user_id", "=", user.id),
                    ("is_assigned_by_manager", "=", True),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------
    # DOMAINS: what counts as an invoice, a payment, a receivable item
    # ------------------------------------------------------------

    @api.model
    def _invoice_domain(self, companies=None):
        """``account.move``: the posted customer invoices and credit notes."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", CUSTOMER_INVOICE_TYPES),
            ("company_id", "in", self._companies(companies).ids),
        ]

    @api.model
    def _payment_domain(self, companies=None):
        """``account.payment``: the posted customer payments, matched or not."""
        return [
            ("partner_type", "=", "customer"),
            ("payment_type", "=", "inbound"),
            ("state", "in", PAYMENT_POSTED_STATES),
            ("company_id", "in", self._companies(companies).ids),
        ]

    @api.model
    def _receivable_domain(self, companies=None):
        """``account.move.line``: the posted receivable items (invoices'
        instalments, credit notes, payments, any entry on a receivable account)."""
        return [
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("company_id", "in", self._companies(companies).ids),
        ]

    @api.model
    def _date_due_sql(self, alias):
        """SQL: the own due date of the receivable item of table ``alias``
        (``date_maturity``, else the item's date, as Aged Receivable)."""
        return SQL(
            "COALESCE(%s, %s)",
            SQL.identifier(alias, "date_maturity"),
            SQL.identifier(alias, "date"),
        )

    @api.model
    def _is_overdue(self, date_due, as_of):
        """An item is overdue the day after its own due date."""
        return date_due < as_of

    # ------------------------------------------------------------
    # FIGURES
    # ------------------------------------------------------------

    @api.model
    def _invoice_totals(self, domain, groupby, companies=None):
        """The invoice figures of the customer invoices matching ``domain``, in one
        grouped read: ``{group: {"count", "invoiced", "invoiced_untaxed",
        "paid", "residual"}}``, where ``group`` is the record (or tuple of values)
        of ``groupby``. Read with the caller's rights: callers reading for users
        without accounting rights use ``compute_sudo``."""
        totals = {}
        for *keys, count, invoiced, untaxed, residual in self.env[
            "account.move"
        ]._read_group(
            self._invoice_domain(companies) + list(domain),
            groupby,
            [
                "__count",
                "amount_total_signed:sum",
                "amount_untaxed_signed:sum",
                "amount_residual_signed:sum",
            ],
        ):
            totals[keys[0] if len(keys) == 1 else tuple(keys)] = {
                "count": count,
                "invoiced": invoiced,
                "invoiced_untaxed": untaxed,
                "paid": invoiced - residual,
                "residual": residual,
            }
        return totals

    @api.model
    def _deal_figures(self, leads, companies=None):
        """``{lead: {"count", "invoiced", "paid", "due", "last_payment"}}`` of the
        deals' own invoices and the payments matched with them, in two queries
        whatever the number of deals."""
        totals = self._invoice_totals(
            [("lead_id", "in", leads.ids)], ["lead_id"], companies
        )
        last_payments = self._deal_last_payments(leads, companies)
        empty = {"count": 0, "invoiced": 0.0, "paid": 0.0, "residual": 0.0}
        return {
            lead: {
                "count": totals.get(lead, empty)["count"],
                "invoiced": totals.get(lead, empty)["invoiced"],
                "paid": totals.get(lead, empty)["paid"],
                "due": totals.get(lead, empty)["residual"],
                "last_payment": last_payments.get(lead.id, False),
            }
            for lead in leads
        }

    @api.model
    def _deal_committed(self, leads):
        """``{lead: amount}`` invoiced or about to be: the deals' customer invoices
        and credit notes, draft or posted (cancelled ones left out), taxes
        included, in company currency, whatever the company. What "Create
        Invoice" must not invoice again."""
        return dict(
            self.env["account.move"]._read_group(
                [
                    ("lead_id", "in", leads.ids),
                    ("state", "!=", "cancel"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["lead_id"],
                ["amount_total_signed:sum"],
            )
        )

    @api.model
    def _deal_last_payments(self, leads, companies=None):
        """``{lead id: date}`` of the latest customer payment matched with each
        deal's invoices: the payments' journal entries settle the invoices'
        receivable items through partial reconciliations (credit notes and
        exchange differences have no payment, so they do not count)."""
        if not leads.ids:
            return {}
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id"]
        )
        self.env["account.move.line"].flush_model(["move_id", "parent_state"])
        self.env["account.move"].flush_model(
            ["lead_id", "company_id", "origin_payment_id", "date", "state"]
        )
        return dict(
            self.env.execute_query(
                SQL(
                    """
                SELECT invoice.lead_id, MAX(settling.date)
                  FROM account_partial_reconcile partial
                  JOIN account_move_line debit ON debit.id = partial.debit_move_id
                  JOIN account_move invoice ON invoice.id = debit.move_id
                  JOIN account_move_line credit ON credit.id = partial.credit_move_id
                  JOIN account_move settling ON settling.id = credit.move_id
                 WHERE invoice.lead_id = ANY(%s)
                   AND invoice.company_id = ANY(%s)
                   AND debit.parent_state = 'posted'
                   AND settling.state = 'posted'
                   AND settling.origin_payment_id IS NOT NULL
              GROUP BY invoice.lead_id
                    """,
                    leads.ids,
                    self._companies(companies).ids,
                )
            )
        )

    @api.model
    def _order_domain(self, companies=None):
        """``sale.order``: the confirmed sales orders."""
        return [
            ("state", "=", "sale"),
            ("company_id", "in", self._companies(companies).ids),
        ]

    @api.model
    def _order_amounts_sql(self, alias):
        """SQL: the untaxed amount and the margin of the sales order of table
        ``alias`` in company currency, at the order's own rate."""
        rate = SQL("COALESCE(NULLIF(%s, 0), 1)", SQL.identifier(alias, "currency_rate"))
        return (
            SQL("%s / %s", SQL.identifier(alias, "amount_untaxed"), rate),
            SQL("%s / %s", SQL.identifier(alias, "margin"), rate),
        )

    @api.model
    def _margin_totals(self, domain, groupby_sql, periods=(), companies=None):
        """``[(group, ordered, margin, *(ordered, margin) per period)]`` of the
        confirmed sales orders matching ``domain`` that the user may read, in
        company currency, in one query; ``periods`` are dates from which a
        figure counts (``date_order``). ``groupby_sql(query)`` gives the group
        (or None for one total)."""
        Order = self.env["sale.order"]
        Order.flush_model(["amount_untaxed", "margin", "currency_rate", "date_order"])
        query = Order._search(self._order_domain(companies) + list(domain))
        ordered, margin = self._order_amounts_sql(query.table)
        date_order = Order._field_to_sql(query.table, "date_order", query)
        columns = [
            SQL("COALESCE(SUM(%s), 0)", ordered),
            SQL("COALESCE(SUM(%s), 0)", margin),
        ]
        for since in periods:
            columns += [
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s >= %s), 0)",
                    amount,
                    date_order,
                    since,
                )
                for amount in (ordered, margin)
            ]
        group = groupby_sql(query) if groupby_sql else None
        if group is not None:
            query.groupby = group
            return self.env.execute_query(query.select(group, *columns))
        return [(None, *row) for row in self.env.execute_query(query.select(*columns))]

    @api.model
    def _order_line_amounts_sql(self, line, order):
        """SQL: the untaxed amount and the margin of the sales order line of table
        ``line`` (order of table ``order``) in company currency, at the order's
        own rate; its cost is the one less the other."""
        rate = SQL("COALESCE(NULLIF(%s, 0), 1)", SQL.identifier(order, "currency_rate"))
        return (
            SQL("%s / %s", SQL.identifier(line, "price_subtotal"), rate),
            SQL("%s / %s", SQL.identifier(line, "margin"), rate),
        )

    @api.model
    def _customer_cost_sources(self):
        """Extension point: the costs subtracted from a customer's sales margin in
        its profitability, ``[(name, sql)]``. Each capability that knows a cost
        contributes its own source through ``super()`` (the helpdesk's support
        time, the campaigns' costs). ``sql`` selects ``partner_id`` (the commercial
        entity), ``company_id`` and ``amount`` (company currency), any number of
        rows per customer and company; ``name`` is the column of
        ``crm.customer.profitability.report`` that shows the cost (the report and
        ``res.partner`` declare a field for it: ``<name>`` and
        ``crm_profit_<name>``)."""
        return []

    @api.model
    def _customer_profit_sql(self):
        """SQL: one row per customer (commercial entity) and company with its
        ``margin`` (confirmed orders), one column per cost source
        (``_customer_cost_sources``) with the customer's total of that cost, and
        ``profit``: margin less every cost, in company currency. All companies:
        callers restrict the rows (record rules)."""
        __, margin = self._order_amounts_sql("sale_order")
        sources = self._customer_cost_sources()
        ctes = [
            SQL(
                """sales AS (
                SELECT partner.commercial_partner_id AS partner_id,
                       sale_order.company_id, SUM(%s) AS amount
                  FROM sale_order
                  JOIN res_partner partner ON partner.id = sale_order.partner_id
                 WHERE sale_order.state = 'sale'
              GROUP BY 1, 2
            )""",
                margin,
            )
        ]
        keys = [SQL("SELECT partner_id, company_id FROM sales")]
        columns = [SQL("COALESCE(sales.amount, 0) AS margin")]
        joins = [
            SQL(
                """LEFT JOIN sales ON sales.partner_id = keys.partner_id
                        AND sales.company_id = keys.company_id"""
            )
        ]
        profit = SQL("COALESCE(sales.amount, 0)")
        for name, source in sources:
            cte = SQL.identifier(f"cost_{name}")
            ctes.append(
                SQL(
                    """%(cte)s AS (
                SELECT partner_id, company_id, SUM(amount) AS amount
                  FROM (%(source)s) source
                 WHERE partner_id IS NOT NULL AND company_id IS NOT NULL
              GROUP BY 1, 2
            )""",
                    cte=cte,
                    source=source,
                )
            )
            keys.append(SQL("SELECT partner_id, company_id FROM %s", cte))
            columns.append(
                SQL("COALESCE(%s.amount, 0) AS %s", cte, SQL.identifier(name))
            )
            joins.append(
                SQL(
                    """LEFT JOIN %(cte)s ON %(cte)s.partner_id = keys.partner_id
                        AND %(cte)s.company_id = keys.company_id""",
                    cte=cte,
                )
            )
            profit = SQL("%s - COALESCE(%s.amount, 0)", profit, cte)
        return SQL(
            """
            WITH %(ctes)s, keys AS (%(keys)s)
            SELECT ROW_NUMBER() OVER (ORDER BY keys.partner_id, keys.company_id) AS id,
                   keys.partner_id, keys.company_id, company.currency_id,
                   partner.industry_id, partner.crm_territory_id AS territory_id,
                   partner.user_id, %(columns)s, %(profit)s AS profit
              FROM keys
              JOIN res_partner partner ON partner.id = keys.partner_id
              JOIN res_company company ON company.id = keys.company_id
              %(joins)s
            """,
            ctes=SQL(", ").join(ctes),
            keys=SQL(" UNION ").join(keys),
            columns=SQL(", ").join(columns),
            profit=profit,
            joins=SQL(" ").join(joins),
        )

    @api.model
    def _compute_customer_profit(self, partners):
        """Set the ``crm_profit*`` fields of ``partners`` from the customer
        profitability (``_customer_profit_sql``) of their commercial entities,
        one grouped read for all of them, in the current company's currency:
        ``crm_profit_margin``, ``crm_profit_<name>`` per cost source and
        ``crm_profit``."""
        currency = self.env.company.currency_id
        today = fields.Date.context_today(self)
        commercials = partners.commercial_partner_id
        names = ["margin", *(name for name, __ in self._customer_cost_sources())]
        names.append("profit")
        rows = self.env["crm.customer.profitability.report"]._read_group(
            [("partner_id", "in", commercials.ids)],
            ["partner_id", "company_id"],
            [f"{name}:sum" for name in names],
        )
        by_partner = {}
        for partner, company, *amounts in rows:
            by_partner.setdefault(partner, []).append((company, amounts))
        for partner in partners:
            per_company = by_partner.get(partner.commercial_partner_id, [])
            partner.crm_profit_currency_id = currency
            for index, name in enumerate(names):
                field = "crm_profit" if name == "profit" else f"crm_profit_{name}"
                partner[field] = self._convert(
                    [(company, amounts[index]) for company, amounts in per_company],
                    currency,
                    today,
                )

    @api.model
    def _deal_margins(self, leads, companies=None):
        """``{lead id: {"ordered", "margin"}}`` of the deals' confirmed orders, in
        company currency, one query whatever the number of deals."""
        if not leads.ids:
            return {}
        rows = self._margin_totals(
            [("opportunity_id", "in", leads.ids)],
            lambda query: self.env["sale.order"]._field_to_sql(
                query.table, "opportunity_id", query
            ),
            companies=companies,
        )
        return {
            lead_id: {"ordered": ordered, "margin": margin}
            for lead_id, ordered, margin in rows
        }

    @api.model
    def _customer_margins(self, partner, periods, companies=None):
        """``[(ordered, margin)]`` of the confirmed orders of ``partner``'s
        commercial entity, once per date of ``periods`` (orders from that date
        on), in one query."""
        [(__, __, __, *amounts)] = self._margin_totals(
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    partner.commercial_partner_id.id,
                )
            ],
            None,
            periods,
            companies,
        )
        return [tuple(amounts[i : i + 2]) for i in range(0, len(amounts), 2)]

    @api.model
    def _customer_figures(self, partner, today=None, companies=None):
        """Invoiced, paid, due and overdue amounts and the last payment date of
        ``partner``'s commercial entity (with its people), in three queries
        whatever its history: ``{"amount_invoiced", "amount_paid", "amount_due",
        "amount_overdue", "last_payment_date", "currency_id"}``, in the current
        company's currency. Call it only for a user who passes ``_sees_money``."""
        commercial = partner.commercial_partner_id
        today = today or fields.Date.context_today(self)
        companies = self._companies(companies)
        currency = self.env.company.currency_id
        # sudo usage: salespeople see their customers' amounts without accounting
        # rights; only these totals leave this method, never the journal items.
        invoices = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                self._invoice_domain(companies)
                + [("commercial_partner_id", "=", commercial.id)],
                ["company_id"],
                ["amount_total_signed:sum", "amount_residual_signed:sum"],
            )
        )
        aml_su = self.env["account.move.line"].sudo()
        items = aml_su._search(
            self._receivable_domain(companies)
            + [
                ("partner_id.commercial_partner_id", "=", commercial.id),
                ("reconciled", "=", False),
            ]
        )
        residual = aml_su._field_to_sql(items.table, "amount_residual", items)
        date_due = self._date_due_sql(items.table)
        items.groupby = aml_su._field_to_sql(items.table, "company_id", items)
        receivable = self.env.execute_query(
            items.select(
                items.groupby,
                SQL("SUM(%s)", residual),
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s < %s), 0)",
                    residual,
                    date_due,
                    today,
                ),
            )
        )
        [(last_payment,)] = (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                self._payment_domain(companies)
                + [("partner_id.commercial_partner_id", "=", commercial.id)],
                [],
                ["date:max"],
            )
        )
        Company = self.env["res.company"].sudo()
        invoiced = self._convert(
            [(company, total) for company, total, __ in invoices], currency, today
        )
        unpaid = self._convert(
            [(company, residual) for company, __, residual in invoices],
            currency,
            today,
        )
        due = self._convert(
            [(Company.browse(cid), amount) for cid, amount, __ in receivable],
            currency,
            today,
        )
        overdue = self._convert(
            [(Company.browse(cid), amount) for cid, __, amount in receivable],
            currency,
            today,
        )
        return {
            "amount_invoiced": invoiced,
            "amount_paid": invoiced - unpaid,
            "amount_due": due,
            "amount_overdue": overdue,
            "last_payment_date": last_payment or False,
            "currency_id": currency.id,
        }

    @api.model
    def _convert(self, amounts, currency, date):
        """The sum of ``[(company, amount in its currency)]`` in ``currency``;
        no rate is read when every company keeps its books in ``currency``."""
        total, converted = 0.0, False
        for company, amount in amounts:
            amount = float(amount or 0.0)
            if company.currency_id != currency:
                amount = company.currency_id._convert(amount, currency, company, date)
                converted = True
            total += amount
        # sums of one currency are exact in SQL; reading the rounding costs a query
        return currency.round(total) if converted else total

    # ------------------------------------------------------------
    # PAYMENT FOLLOW-UP
    # ------------------------------------------------------------

    @api.model
    def _followup_figures(self, company, today, partners=None, excluded_moves=None):
        """The figures payment reminders act on, for every customer of ``company``
        with open receivable items (or only ``partners``' commercial entities), in
        one query: ``{commercial partner id: {"due", "overdue", "date_oldest"}}``
        in the company's currency.

        ``due`` and ``overdue`` are the customer's Due and Overdue of this service
        for that one company, less the items of ``excluded_moves`` (invoices in
        dispute, see the follow-up capability); ``date_oldest`` is the own due date
        of the customer's oldest overdue item that still owes money (the start of
        the follow-up: levels count their days from it), or None."""
        aml_su = self.env["account.move.line"].sudo()
        domain = self._receivable_domain(company) + [("reconciled", "=", False)]
        if partners is not None:
            domain.append(
                (
                    "partner_id.commercial_partner_id",
                    "in",
                    partners.commercial_partner_id.ids,
                )
            )
        if excluded_moves:
            domain.append(("move_id", "not in", list(excluded_moves)))
        # sudo usage: reminders run for salespeople and the cron alike; only these
        # totals per customer leave this method, never the journal items.
        items = aml_su._search(domain)
        aml_su.flush_model(["amount_residual", "date_maturity", "date", "partner_id"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        residual = aml_su._field_to_sql(items.table, "amount_residual", items)
        date_due = self._date_due_sql(items.table)
        partner_alias = items.join(
            items.table, "partner_id", "res_partner", "id", "partner_id"
        )
        commercial = SQL.identifier(partner_alias, "commercial_partner_id")
        items.groupby = commercial
        rows = self.env.execute_query(
            items.select(
                commercial,
                SQL("SUM(%s)", residual),
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s < %s), 0)",
                    residual,
                    date_due,
                    today,
                ),
                SQL(
                    "MIN(%s) FILTER (WHERE %s < %s AND %s > 0)",
                    date_due,
                    date_due,
                    today,
                    residual,
                ),
            )
        )
        return {
            partner_id: {
                "due": float(due or 0.0),
                "overdue": float(overdue or 0.0),
                "date_oldest": date_oldest,
            }
            for partner_id, due, overdue, date_oldest in rows
            if partner_id
        }

    @api.model
    def _statement_items(self, partner, company):
        """The open receivable items of ``partner``'s commercial entity (and its
        people) in ``company``, oldest due date first: the lines of the customer
        statement. Their residuals add up to the customer's Due (Total Receivable)
        in that company; read as superuser, the caller checks who may see them."""
        # sudo usage: the statement is printed for salespeople and the portal
        # owner, who have no access to journal items; the caller checks the right.
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                self._receivable_domain(company)
                + [
                    (
                        "partner_id.commercial_partner_id",
                        "=",
                        partner.commercial_partner_id.id,
                    ),
                    ("reconciled", "=", False),
                ],
                order="date_maturity, date, id",
            )
        )

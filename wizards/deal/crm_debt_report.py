import base64
import io

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.misc import xlsxwriter

# Ageing buckets: (key, last day overdue in the bucket); the last one is open-ended.
BUCKET_LIMITS = [("not_due", 0), ("1_30", 30), ("31_60", 60), ("61_90", 90)]
BUCKET_KEYS = [key for key, _limit in BUCKET_LIMITS] + ["over_90"]


class CrmDebtReport(models.TransientModel):
    _name = "crm.debt.report"
    _description = "Debt Report"

    date = fields.Date(
        string="As of",
        required=True,
        default=fields.Date.context_today,
        help="Open items are the receivable items dated up to this day, less the "
        "payments and credit notes matched with them up to this day, in company "
        "currency. Unmatched payments and open credit notes are items too, aged by "
        "their own date: the total is the customers' Due (Total Receivable) and "
        "the overdue columns add up to their Overdue.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="Leave empty for all customers.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain="[('share', '=', False)]",
        help="Leave empty for all salespeople. An item's salesperson is its "
        "invoice's, else the customer's.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    xlsx_file = fields.Binary(string="Excel File", attachment=False, readonly=True)
    xlsx_filename = fields.Char(readonly=True)

    # ------------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------------

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("crm_suite.action_report_debt").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        self.write(
            {
                "xlsx_file": base64.b64encode(self._get_xlsx_content()),
                "xlsx_filename": self.env._(
                    "Debt Report %(date)s.xlsx", date=fields.Date.to_string(self.date)
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file"
            "&filename_field=xlsx_filename&download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------------

    @api.model
    def _get_bucket_labels(self):
        return {
            "not_due": self.env._("Not Due"),
            "1_30": self.env._("1-30"),
            "31_60": self.env._("31-60"),
            "61_90": self.env._("61-90"),
            "over_90": self.env._("Over 90"),
        }

    @api.model
    def _get_bucket(self, days_overdue):
        for key, limit in BUCKET_LIMITS:
            if days_overdue <= limit:
                return key
        return "over_90"

    def _get_lines(self):
        """The receivable items open on the as-of date, in one query.

        An item is a posted journal item on a receivable account of the company,
        dated up to the as-of date; its residual on that date is its balance less
        the reconciliations (``account.partial.reconcile``) whose ``max_date`` is
        up to the as-of date, in company currency. Items settled by then are left
        out; as of today the residual equals the item's ``amount_residual``, and
        the report's total is the customers' Due of ``crm.money``. Unmatched
        credits (advances, open credit notes) are items too, aged by their own
        date: the overdue columns sum to the Customer 360's Overdue.

        :return: a list of dicts, one per item, ordered by customer and due date.
        """
        self.ensure_one()
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot print the debt report of %(company)s.",
                    company=company.display_name,
                )
            )
        # the customers chosen are ones the user may read (ids typed over RPC)
        if self.partner_ids:
            self.partner_ids.check_access("read")
        date = self.date
        money = self.env["crm.money"]
        domain = money._receivable_domain(company) + [
            ("date", "<=", date),
            # settled items stay open on an earlier date if matched after it
            "|",
            "|",
            ("reconciled", "=", False),
            ("matched_debit_ids.max_date", ">", date),
            ("matched_credit_ids.max_date", ">", date),
        ]
        if self.partner_ids:
            domain.append(
                (
                    "partner_id.commercial_partner_id",
                    "in",
                    self.partner_ids.commercial_partner_id.ids,
                )
            )
        # sudo usage: the debt report is for accountants and for sales managers,
        # who have no access to journal items, so the items are selected as
        # superuser (read-only, one of the user's companies, checked above) and the
        # query below reads the same tables directly. Who may run the report is
        # decided by the wizard's access rights.
        aml_su = self.env["account.move.line"].sudo()
        items_query = aml_su._search(domain)
        aml_su.flush_model(
            ["balance", "date_maturity", "date", "move_id", "partner_id"]
        )
        self.env["account.move"].flush_model(
            ["name", "invoice_date", "invoice_user_id"]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id", "amount", "max_date"]
        )
        self.env["res.partner"].flush_model(
            ["commercial_partner_id", "user_id", "name"]
        )
        salesperson = SQL("COALESCE(move.invoice_user_id, customer.user_id)")
        user_filter = (
            SQL("AND %s IN %s", salesperson, tuple(self.user_ids.ids))
            if self.user_ids
            else SQL()
        )
        # the reconciliations up to the date are summed once per side and joined
        # (correlated sums per item were evaluated twice). PostgreSQL's JIT
        # compiles this plan for longer than it runs: off for this query only.
        self.env.cr.execute("SET LOCAL jit = off")
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH items AS MATERIALIZED (%(items)s),
                     debits AS (
                       SELECT part.debit_move_id AS line_id, SUM(part.amount) AS amount
                         FROM account_partial_reconcile part
                         JOIN items ON items.id = part.debit_move_id
                        WHERE part.max_date <= %(date)s
                     GROUP BY part.debit_move_id),
                     credits AS (
                       SELECT part.credit_move_id AS line_id, SUM(part.amount) AS amount
                         FROM account_partial_reconcile part
                         JOIN items ON items.id = part.credit_move_id
                        WHERE part.max_date <= %(date)s
                     GROUP BY part.credit_move_id),
                     open_items AS (
                       SELECT line.id,
                              ROUND(line.balance - COALESCE(debits.amount, 0)
                                    + COALESCE(credits.amount, 0), %(digits)s)
                                AS residual
                         FROM account_move_line line
                         JOIN items ON items.id = line.id
                    LEFT JOIN debits ON debits.line_id = line.id
                    LEFT JOIN credits ON credits.line_id = line.id)
                SELECT line.id AS line_id,
                       move.name AS move_name,
                       move.invoice_date AS invoice_date,
                       %(date_due)s AS date_due,
                       customer.id AS partner_id,
                       %(salesperson)s AS user_id,
                       open_items.residual AS residual
                  FROM open_items
                  JOIN account_move_line line ON line.id = open_items.id
                  JOIN account_move move ON move.id = line.move_id
             LEFT JOIN res_partner partner ON partner.id = line.partner_id
             LEFT JOIN res_partner customer
                       ON customer.id = partner.commercial_partner_id
                 WHERE open_items.residual != 0
                   %(user_filter)s
              ORDER BY customer.name, customer.id, date_due, move.name, line.id
                """,
                salesperson=salesperson,
                date_due=money._date_due_sql("line"),
                date=date,
                items=items_query.select(),
                digits=company.currency_id.decimal_places,
                user_filter=user_filter,
            )
        )
        self.env.cr.execute("SET LOCAL jit TO DEFAULT")
        partners = self.env["res.partner"].browse(
            {row["partner_id"] for row in rows} - {None}
        )
        users = self.env["res.users"].browse({row["user_id"] for row in rows} - {None})
        # records from these sets share their prefetching: one read per model
        partner_by_id = {partner.id: partner for partner in partners}
        partner_by_id[None] = partners.browse()
        user_by_id = {user.id: user for user in users}
        user_by_id[None] = users.browse()
        lines = []
        for row in rows:
            # the ageing of the Customer 360's Overdue: past the item's own due date
            days_overdue = (
                (date - row["date_due"]).days
                if money._is_overdue(row["date_due"], date)
                else 0
            )
            lines.append(
                {
                    "line_id": row["line_id"],
                    "partner": partner_by_id[row["partner_id"]],
                    "user": user_by_id[row["user_id"]],
                    "move_name": row["move_name"],
                    "invoice_date": row["invoice_date"],
                    "date_due": row["date_due"],
                    "days_overdue": days_overdue,
                    "bucket": self._get_bucket(days_overdue),
                    "residual": float(row["residual"]),
                }
            )
        return lines

    @api.model
    def _get_empty_totals(self):
        return dict.fromkeys([*BUCKET_KEYS, "total"], 0.0)

    @api.model
    def _add_to_totals(self, totals, line):
        totals[line["bucket"]] += line["residual"]
        totals["total"] += line["residual"]

    def _get_report_data(self):
        """The open items grouped by customer, then salesperson, with totals per
        ageing bucket (``not_due``, ``1_30``, ``31_60``, ``61_90``, ``over_90``) and
        ``total`` for each salesperson, each customer and the whole report."""
        self.ensure_one()
        currency = self.company_id.currency_id
        customers = {}
        grand_totals = self._get_empty_totals()
        for line in self._get_lines():
            customer = customers.setdefault(
                line["partner"],
                {
                    "partner": line["partner"],
                    "salespeople": {},
                    "totals": self._get_empty_totals(),
                },
            )
            group = customer["salespeople"].setdefault(
                line["user"],
                {"user": line["user"], "lines": [], "totals": self._get_empty_totals()},
            )
            group["lines"].append(line)
            for totals in (group["totals"], customer["totals"], grand_totals):
                self._add_to_totals(totals, line)
        # a customer whose items net to zero (an invoice and its credit note, a
        # payment not yet matched) owes nothing: not listed, not in the totals
        for key, customer in list(customers.items()):
            if currency.is_zero(customer["totals"]["total"]):
                del customers[key]
                for bucket, amount in customer["totals"].items():
                    grand_totals[bucket] -= amount
        # sums of rounded amounts, rounded again to drop float noise
        all_totals = [grand_totals]
        for customer in customers.values():
            customer["salespeople"] = sorted(
                customer["salespeople"].values(),
                key=lambda group: (not group["user"], group["user"].name or ""),
            )
            all_totals.append(customer["totals"])
            all_totals.extend(group["totals"] for group in customer["salespeople"])
        for totals in all_totals:
            for key, amount in totals.items():
                totals[key] = currency.round(amount)
        return {
            "company": self.company_id,
            "currency": currency,
            "date": self.date,
            "buckets": list(self._get_bucket_labels().items()),
            "customers": list(customers.values()),
            "totals": grand_totals,
        }

    def _get_xlsx_content(self):
        """The report as an .xlsx file: one row per open item, a subtotal row per
        customer and a grand total row."""
        self.ensure_one()
        data = self._get_report_data()
        currency = data["currency"]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Debt Report"))
        decimals = "0" * currency.decimal_places
        money_format = f"#,##0.{decimals}" if decimals else "#,##0"
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "header": workbook.add_format(
                {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"}
            ),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "integer": workbook.add_format({"num_format": "0"}),
            "money": workbook.add_format({"num_format": money_format}),
            "subtotal": workbook.add_format({"bold": True, "top": 1}),
            "subtotal_money": workbook.add_format(
                {"bold": True, "top": 1, "num_format": money_format}
            ),
            "total": workbook.add_format({"bold": True, "top": 2}),
            "total_money": workbook.add_format(
                {"bold": True, "top": 2, "num_format": money_format}
            ),
        }
        sheet.write(0, 0, self.env._("Debt Report"), styles["title"])
        sheet.write(1, 0, self.env._("Company"), styles["bold"])
        sheet.write(1, 1, data["company"].name)
        sheet.write(2, 0, self.env._("As of"), styles["bold"])
        sheet.write_datetime(2, 1, data["date"], styles["date"])
        sheet.write(3, 0, self.env._("Currency"), styles["bold"])
        sheet.write(3, 1, currency.name)
        headers = [
            self.env._("Customer"),
            self.env._("Salesperson"),
            self.env._("Document"),
            self.env._("Invoice Date"),
            self.env._("Due Date"),
            self.env._("Days Overdue"),
            self.env._("Residual"),
        ] + [label for _key, label in data["buckets"]]
        header_row = 5
        sheet.write_row(header_row, 0, headers, styles["header"])
        amount_col = 6
        bucket_col = {key: amount_col + 1 + i for i, key in enumerate(BUCKET_KEYS)}
        no_customer = self.env._("No customer")
        no_user = self.env._("No salesperson")
        row = header_row + 1
        for customer in data["customers"]:
            customer_name = customer["partner"].display_name or no_customer
            for group in customer["salespeople"]:
                user_name = group["user"].name or no_user
                for line in group["lines"]:
                    sheet.write(row, 0, customer_name)
                    sheet.write(row, 1, user_name)
                    sheet.write(row, 2, line["move_name"])
                    if line["invoice_date"]:
                        sheet.write_datetime(
                            row, 3, line["invoice_date"], styles["date"]
                        )
                    sheet.write_datetime(row, 4, line["date_due"], styles["date"])
                    if line["days_overdue"]:
                        # empty for an item not yet due, as in the PDF
                        sheet.write_number(
                            row, 5, line["days_overdue"], styles["integer"]
                        )
                    sheet.write_number(
                        row, amount_col, line["residual"], styles["money"]
                    )
                    sheet.write_number(
                        row,
                        bucket_col[line["bucket"]],
                        line["residual"],
                        styles["money"],
                    )
                    row += 1
            self._write_xlsx_totals(
                sheet,
                row,
                self.env._("Total %(customer)s", customer=customer_name),
                customer["totals"],
                bucket_col,
                styles["subtotal"],
                styles["subtotal_money"],
            )
            row += 1
        self._write_xlsx_totals(
            sheet,
            row,
            self.env._("Total"),
            data["totals"],
            bucket_col,
            styles["total"],
            styles["total_money"],
        )
        sheet.freeze_panes(header_row + 1, 0)
        sheet.set_column(0, 1, 28)
        sheet.set_column(2, 2, 20)
        sheet.set_column(3, 5, 12)
        sheet.set_column(amount_col, amount_col + len(BUCKET_KEYS), 14)
        workbook.close()
        return output.getvalue()

    @api.model
    def _write_xlsx_totals(
        self, sheet, row, label, totals, bucket_col, text_style, money_style
    ):
        sheet.write(row, 0, label, text_style)
        for col in range(1, 6):
            sheet.write_blank(row, col, None, text_style)
        sheet.write_number(row, 6, totals["total"], money_style)
        for key, col in bucket_col.items():
            sheet.write_number(row, col, totals[key], money_style)

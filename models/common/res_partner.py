from odoo import models
from odoo.tools import SQL


class ResPartner(models.Model):
    """The customer's money figures, shared by every capability that shows them."""

    _inherit = "res.partner"

    def _crm_suite_sees_money(self, owns_deal=False):
        """Whether the current user may see this customer's invoiced, paid and
        overdue amounts: accountants and "all documents" salespeople always, other
        salespeople for the customers a manager gave them: they are the customer's
        salesperson (which only "all documents" users and managers set, see
        models/customer/res_partner.py), or ``owns_deal`` and a manager assigned them
        one of its deals. A deal a salesperson created or took themselves does not
        count: it would hand them any customer's figures."""
        self.ensure_one()
        user = self.env.user
        if user.has_group("account.group_account_invoice") or user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            return True
        if not user.has_group("sales_team.group_sale_salesman"):
            return False
        commercial = self.commercial_partner_id
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

    def _crm_suite_money_figures(self, today):
        """Invoiced, paid, due and overdue amounts of this commercial entity in the
        current company, and its last payment date."""
        # sudo usage: salespeople see their customers' amounts without accounting
        # rights; only these totals leave this method, never the journal items.
        company = self.env.company
        Move = self.env["account.move"].sudo()
        [(invoiced, due)] = Move._read_group(
            [
                ("commercial_partner_id", "=", self.id),
                ("company_id", "=", company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            [],
            ["amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        # instalments fall due one by one: overdue is what is left of the
        # receivable items past their own due date
        receivable = [
            ("partner_id.commercial_partner_id", "=", self.id),
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_type", "=", "asset_receivable"),
        ]
        [(overdue,)] = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                receivable
                + [("reconciled", "=", False), ("date_maturity", "<", today)],
                [],
                ["amount_residual:sum"],
            )
        )
        [(last_payment,)] = (
            self.env["account.partial.reconcile"]
            .sudo()
            ._read_group(
                [
                    ("debit_move_id.partner_id.commercial_partner_id", "=", self.id),
                    ("debit_move_id.account_type", "=", "asset_receivable"),
                    ("company_id", "=", company.id),
                    ("credit_move_id.move_id.move_type", "!=", "out_refund"),
                    # exchange differences settle an invoice but are no payment
                    (
                        "credit_move_id.move_id",
                        "not in",
                        SQL(
                            "(SELECT exchange_move_id FROM account_partial_reconcile"
                            " WHERE exchange_move_id IS NOT NULL)"
                        ),
                    ),
                ],
                [],
                ["max_date:max"],
            )
        )
        # credit notes not yet matched settle the oldest debts first: never show
        # more overdue than the customer owes in total
        invoiced, due, overdue = invoiced or 0.0, due or 0.0, overdue or 0.0
        overdue = max(min(overdue, due), 0.0)
        return {
            "amount_invoiced": invoiced,
            "amount_paid": invoiced - due,
            "amount_due": due,
            "amount_overdue": overdue,
            "last_payment_date": last_payment or False,
        }

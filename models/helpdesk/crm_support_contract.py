import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import date_utils

_logger = logging.getLogger(__name__)

RENEWAL_DAYS = 30
RENEWAL_BATCH_SIZE = 200
# contracts whose time may still be invoiced (an expired contract's last period too)
INVOICEABLE_STATES = ("running", "expired")


class CrmSupportContract(models.Model):
    _name = "crm.support.contract"
    _description = "Support Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.suite.cron.mixin",
    ]
    _order = "date_end desc, id desc"
    _rec_names_search = ["name", "partner_id.name"]
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, index="trigram", tracking=True, copy=False
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=10,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The company (or private customer) the contract is with; its contact "
        "persons' tickets are covered too.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=20,
        check_company=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Gets the renewal reminder.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date", required=True, index=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    period = fields.Selection(
        [
            ("month", "Month"),
            ("quarter", "Quarter"),
            ("year", "Year"),
            ("contract", "Whole Contract"),
        ],
        string="Credit Period",
        required=True,
        default="month",
        help="The included hours are granted again at the start of each calendar "
        "period (or once for the whole contract).",
    )
    hours_included = fields.Float(
        digits=(16, 2),
        tracking=True,
        help="Hours of support included per period.",
    )
    hourly_rate = fields.Monetary(
        tracking=True, help="Price of an hour beyond the included hours."
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoiced Product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'service')]",
        default=lambda self: self.env.ref(
            "crm_suite.product_support_time", raise_if_not_found=False
        ),
        help="The service product of the invoice lines (its taxes and accounts).",
    )
    balance_threshold = fields.Float(
        string="Alert Below",
        digits=(16, 2),
        default=2.0,
        help="The balance shows red when fewer hours than this are left.",
    )
    # sudo usage: the balance is a contract figure; salespeople (no access to time
    # logs) and agents (who read only their teams' logs) see the whole of it
    hours_used = fields.Float(
        digits=(16, 2),
        compute="_compute_hours_used",
        compute_sudo=True,
        help="Billable hours logged in the current period.",
    )
    hours_balance = fields.Float(
        string="Balance",
        digits=(16, 2),
        compute="_compute_hours_used",
        compute_sudo=True,
        help="Included hours left in the current period.",
    )
    is_balance_low = fields.Boolean(
        string="Balance Low", compute="_compute_hours_used", compute_sudo=True
    )
    is_exhausted = fields.Boolean(
        string="Exhausted",
        compute="_compute_hours_used",
        compute_sudo=True,
        search="_search_is_exhausted",
    )
    is_renewal_notified = fields.Boolean(
        string="Renewal Notified",
        copy=False,
        readonly=True,
        help="Set when the renewal reminder was sent, so that it is sent once.",
    )
    ticket_ids = fields.One2many("crm.ticket", "contract_id", string="Tickets")
    time_log_ids = fields.One2many("crm.ticket.time.log", "contract_id")
    ticket_count = fields.Integer(
        compute="_compute_ticket_count",
        groups="crm_suite.group_crm_suite_helpdesk_personal,sales_team.group_sale_salesman",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        compute="_compute_invoice_ids",
        groups="account.group_account_invoice",
    )
    invoice_count = fields.Integer(
        compute="_compute_invoice_ids", groups="account.group_account_invoice"
    )
    note = fields.Html(string="Terms")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _period_bounds(self, day):
        """First and last day of the credit period holding ``day``, within the
        contract's validity."""
        self.ensure_one()
        if self.period == "contract":
            return self.date_start, self.date_end
        start = date_utils.start_of(day, self.period)
        end = date_utils.end_of(day, self.period)
        return max(start, self.date_start), min(end, self.date_end)

    def _current_period_bounds(self):
        today = fields.Date.context_today(self)
        return self._period_bounds(min(max(today, self.date_start), self.date_end))

    @api.depends(
        "time_log_ids.hours",
        "time_log_ids.date",
        "time_log_ids.is_billable",
        "hours_included",
        "balance_threshold",
        "period",
        "date_start",
        "date_end",
    )
    def _compute_hours_used(self):
        bounds = {
            contract._origin.id: contract._current_period_bounds()
            for contract in self
            if contract._origin.id and contract.date_start and contract.date_end
        }
        hours = defaultdict(float)
        if bounds:
            # one query for all contracts: their hours per day, summed per period
            rows = self.env["crm.ticket.time.log"]._read_group(
                [
                    ("contract_id", "in", list(bounds)),
                    ("is_billable", "=", True),
                    ("date", ">=", min(start for start, _end in bounds.values())),
                    ("date", "<=", max(end for _start, end in bounds.values())),
                ],
                ["contract_id", "date:day"],
                ["hours:sum"],
            )
            for contract, day, total in rows:
                start, end = bounds[contract.id]
                if start <= fields.Date.to_date(day) <= end:
                    hours[contract.id] += total
        for contract in self:
            used = hours[contract._origin.id]
            balance = contract.hours_included - used
            contract.hours_used = used
            contract.hours_balance = balance
            has_credit = contract.hours_included > 0
            contract.is_exhausted = has_credit and balance <= 0
            contract.is_balance_low = has_credit and (
                balance <= 0 or balance < contract.balance_threshold
            )

    def _search_is_exhausted(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Exhausted contracts are searched by yes/no."))
        # the balance depends on today's period: computed for the running contracts
        exhausted = self.search([("state", "=", "running")]).filtered("is_exhausted")
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", exhausted.ids)]

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        counts = dict(
            self.env["crm.ticket"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.ticket_count = counts.get(contract, 0)

    @api.depends("time_log_ids.invoice_id")
    def _compute_invoice_ids(self):
        # sudo usage: an accountant sees every invoice of the contract, whoever's
        # tickets the time was logged on
        rows = dict(
            self.env["crm.ticket.time.log"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids), ("invoice_id", "!=", False)],
                ["contract_id"],
                ["invoice_id:array_agg"],
            )
        )
        for contract in self:
            invoices = self.env["account.move"].browse(set(rows.get(contract, [])))
            contract.invoice_ids = invoices
            contract.invoice_count = len(invoices)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s ends on %(end)s, before it starts "
                        "on %(start)s.",
                        contract=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains("hours_included", "hourly_rate", "balance_threshold")
    def _check_amounts(self):
        for contract in self:
            if contract.hours_included < 0 or contract.balance_threshold < 0:
                raise ValidationError(
                    self.env._(
                        "The included hours and the alert threshold of %(contract)s "
                        "cannot be negative.",
                        contract=contract.name,
                    )
                )
            if contract.hourly_rate < 0:
                raise ValidationError(
                    self.env._(
                        "The hourly rate of %(contract)s cannot be negative.",
                        contract=contract.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for contract in self:
            if contract.partner_id != contract.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "A support contract is signed with %(company)s, not with its "
                        "contact person %(person)s.",
                        company=contract.partner_id.commercial_partner_id.display_name,
                        person=contract.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only a draft contract is started."))
        self.write({"state": "running"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
        self.write({"state": "draft", "is_renewal_notified": False})

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_contract_id": self.id,
        }
        return action

    def action_view_time_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_time_log_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"search_default_groupby_ticket": 1}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_invoice_time(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_support_invoice_action"
        )
        action["context"] = {
            "default_partner_ids": self.partner_id.ids,
            "default_contract_ids": self.ids,
        }
        return action

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_contract_renewal(self, batch_size=RENEWAL_BATCH_SIZE):
        """Ended contracts expire; running ones that end within 30 days get, once, an
        activity for their responsible and a renewal e-mail to the customer. Rows are
        locked (skipping those another worker holds) and flagged in the same
        transaction, so a rerun or a parallel worker notifies nobody twice."""
        today = fields.Date.context_today(self)
        ended = self.search(
            [("state", "=", "running"), ("date_end", "<", today)],
            limit=batch_size,
            order="date_end, id",
        )
        ended = self._crm_suite_claim_records(ended)
        if ended:
            ended.write({"state": "expired"})
        domain = [
            ("state", "=", "running"),
            ("is_renewal_notified", "=", False),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=RENEWAL_DAYS)),
        ]
        to_notify = self.search(domain, order="date_end, id")
        batch = self._crm_suite_claim_records(
            to_notify[: max(batch_size - len(ended), 0)]
        )
        if batch:
            batch._notify_renewal()
        remaining = self.search_count(domain) + self.search_count(
            [("state", "=", "running"), ("date_end", "<", today)]
        )
        self._crm_suite_cron_progress(len(ended) + len(batch), remaining)
        return ended | batch

    def _notify_renewal(self):
        template = self.env.ref("crm_suite.mail_template_crm_support_contract_renewal")
        today = fields.Date.context_today(self)
        for contract in self:
            contract.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=max(today, contract.date_end - timedelta(days=7)),
                summary=self.env._("Renew the support contract"),
                note=self.env._(
                    "%(contract)s with %(customer)s ends on %(end)s.",
                    contract=contract.name,
                    customer=contract.partner_id.display_name,
                    end=contract.date_end,
                ),
                user_id=(contract.user_id or contract.create_uid).id,
            )
        template.send_mail_batch(self.ids)
        self.write({"is_renewal_notified": True})
        _logger.info("Renewal reminders sent for %s support contracts", len(self))

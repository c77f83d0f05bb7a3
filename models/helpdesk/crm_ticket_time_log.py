from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

MAX_HOURS_PER_LOG = 24.0
# the fields the invoicing wizard sets on settled logs; every other change of a
# settled log would change what was invoiced
SETTLEMENT_FIELDS = {"is_settled", "hours_credit", "invoice_line_id"}
# who may log time in the name of another agent
TIME_LOG_MANAGER_GROUPS = ("crm_suite.group_crm_suite_helpdesk_manager",)


class CrmTicketTimeLog(models.Model):
    _name = "crm.ticket.time.log"
    _inherit = ["crm.suite.same.customer.mixin"]
    _description = "Ticket Time Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "crm.ticket",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    hours = fields.Float(required=True, digits=(16, 2))
    is_billable = fields.Boolean(string="Billable", default=True)
    name = fields.Char(string="Description")
    contract_id = fields.Many2one(
        "crm.support.contract",
        compute="_compute_contract_id",
        store=True,
        precompute=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The ticket's contract when the time was logged; settled time keeps it.",
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    is_settled = fields.Boolean(
        string="Settled",
        readonly=True,
        copy=False,
        help="Processed by the support time invoicing.",
    )
    hours_credit = fields.Float(
        string="Hours on Credit",
        digits=(16, 2),
        readonly=True,
        copy=False,
        help="The hours of this log taken from the contract's included hours.",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id",
        string="Invoice",
        store=True,
        index="btree_not_null",
    )
    invoice_state = fields.Selection(
        [
            ("to_invoice", "To Settle"),
            ("covered", "Covered by Contract"),
            ("invoiced", "Invoiced"),
            ("not_billable", "Not Billable"),
        ],
        compute="_compute_invoice_state",
        store=True,
        index=True,
        help="To Settle: not yet processed by the support time invoicing, which "
        "takes the contract's included hours first and invoices the hours beyond. "
        "Covered: taken from the contract's included hours.",
    )

    @api.depends("ticket_id.contract_id")
    def _compute_contract_id(self):
        for log in self:
            # settled time stays on the contract that settled it
            if not log.is_settled or not log.contract_id:
                log.contract_id = log.ticket_id.contract_id

    @api.depends(
        "is_billable", "is_settled", "hours", "hours_credit", "invoice_line_id.move_id"
    )
    def _compute_invoice_state(self):
        for log in self:
            if not log.is_billable:
                log.invoice_state = "not_billable"
            elif log.invoice_line_id:
                log.invoice_state = "invoiced"
            elif log.is_settled and log.hours_credit >= log.hours:
                log.invoice_state = "covered"
            else:
                # also a log whose draft invoice was deleted: invoiced again
                log.invoice_state = "to_invoice"

    @api.constrains("hours")
    def _check_hours(self):
        for log in self:
            if log.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Log a positive time: %(hours)s hours on %(ticket)s is not "
                        "possible.",
                        hours=log.hours,
                        ticket=log.ticket_id.display_name,
                    )
                )
            if log.hours > MAX_HOURS_PER_LOG:
                raise ValidationError(
                    self.env._(
                        "%(hours)s hours on one line: a time log holds at most "
                        "%(max)s hours; log each day on its own line.",
                        hours=log.hours,
                        max=int(MAX_HOURS_PER_LOG),
                    )
                )

    @api.constrains("contract_id", "ticket_id")
    def _check_contract_id(self):
        self._crm_suite_check_same_customer(
            "contract_id",
            lambda log: self.env._(
                "The contract %(contract)s does not cover %(customer)s.",
                contract=log.contract_id.name,
                customer=log.partner_id.display_name,
            ),
            linked_customer="partner_id",
            customer="partner_id",
        )

    @api.model_create_multi
    def create(self, vals_list):
        # a new log starts unsettled: only a value that settles it is refused
        self._check_settlement_write(
            [{key: value for key, value in vals.items() if value} for vals in vals_list]
        )
        self.env["res.users"]._crm_suite_check_assignment(
            self, vals_list, ["user_id"], TIME_LOG_MANAGER_GROUPS
        )
        logs = super().create(vals_list)
        # time is logged on the tickets one may work on
        logs.ticket_id.check_access("write")
        return logs

    def write(self, vals):
        self._check_settlement_write([vals])
        self.env["res.users"]._crm_suite_check_assignment(
            self, [vals], ["user_id"], TIME_LOG_MANAGER_GROUPS
        )
        if set(vals) - SETTLEMENT_FIELDS:
            self._check_not_settled()
        res = super().write(vals)
        if "ticket_id" in vals:
            self.ticket_id.check_access("write")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        self._check_not_settled()

    def _check_settlement_write(self, vals_list):
        """Only the invoicing code settles time (crm.support.invoice, which writes
        as superuser after its own checks): a user who sets these fields over RPC
        would un-settle invoiced time (billed twice) or cover unbilled time."""
        if self.env.su:
            return
        if any(SETTLEMENT_FIELDS & vals.keys() for vals in vals_list):
            raise AccessError(
                self.env._(
                    "Time logs are settled by the support time invoicing only: "
                    "you cannot change whether a time log is invoiced or covered."
                )
            )

    def _check_not_settled(self):
        settled = self.filtered(
            lambda log: log.invoice_state in ("covered", "invoiced")
        )
        if settled:
            raise UserError(
                self.env._(
                    "The time logged on %(tickets)s was invoiced or taken from the "
                    "contract's hours: it can no longer be changed or deleted. "
                    "Delete the draft invoice first.",
                    tickets=", ".join(settled.ticket_id.mapped("display_name")),
                )
            )

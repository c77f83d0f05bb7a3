from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round, format_date, format_duration

from ...models.helpdesk.crm_support_contract import INVOICEABLE_STATES

HOURS_DIGITS = 2


def _default_date_from(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


def _default_date_to(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(days=1)


class CrmSupportInvoice(models.TransientModel):
    _name = "crm.support.invoice"
    _description = "Invoice Support Time"

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('parent_id', '=', False)]",
        help="Leave empty to invoice all customers.",
    )
    contract_ids = fields.Many2many(
        "crm.support.contract",
        string="Contracts",
        domain="[('state', 'in', ('running', 'expired'))]",
        help="Leave empty to invoice all contracts.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._("The invoiced period ends before it starts.")
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_invoices(self):
        """One draft invoice per customer for the support time of the period: each
        contract's included hours are used first, the hours beyond are invoiced at
        the contract's rate, one line per ticket."""
        self.ensure_one()
        self._check_scope()
        logs = self._logs_to_settle()
        if not logs:
            # not an error: a warning saying why, the dialog stays open to change
            # the period
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": self.env._("Nothing to invoice"),
                    "message": self._nothing_to_invoice_reason(),
                    "type": "warning",
                    "sticky": True,
                },
            }
        settlement = self._settle(logs)
        invoices = self._create_invoices(settlement["billed"])
        self._mark_logs(settlement, invoices)
        return self._action_result(logs, invoices)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_scope(self):
        """Before any sudo: the company is one of the user's, and the customers and
        contracts chosen are records the user may read in that company."""
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot invoice the support time of %(company)s: it is not "
                    "one of your companies.",
                    company=self.company_id.display_name,
                )
            )
        for records in (self.partner_ids, self.contract_ids):
            if records:
                records.check_access("read")
        other = self.contract_ids.filtered(lambda c: c.company_id != self.company_id)
        if other:
            raise UserError(
                self.env._(
                    "The contracts %(contracts)s belong to another company than "
                    "%(company)s.",
                    contracts=", ".join(other.mapped("name")),
                    company=self.company_id.display_name,
                )
            )

    def _logs_to_settle(self):
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("invoice_state", "=", "to_invoice"),
            ("contract_id.state", "in", INVOICEABLE_STATES),
        ]
        if self.partner_ids:
            domain.append(
                ("partner_id", "in", self.partner_ids.commercial_partner_id.ids)
            )
        if self.contract_ids:
            domain.append(("contract_id", "in", self.contract_ids.ids))
        # sudo usage: invoicing users read no tickets, and the lines are labelled
        # with the tickets' numbers and subjects; the company is filtered above
        logs = (
            self.env["crm.ticket.time.log"]
            .sudo()
            .search(domain, order="contract_id, date, id")
        )
        if logs:
            # two invoicing runs at once: the second waits here, then fails to
            # serialize (REPEATABLE READ) and Odoo retries it, when these logs are
            # settled; no time is invoiced twice
            self.env.execute_query(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE",
                    SQL.identifier(logs._table),
                    tuple(logs.ids),
                )
            )
        return logs

    def _nothing_to_invoice_reason(self):
        """In words, why the period has no time to invoice: no time at all, time
        not billable, on no (running) contract, already covered or invoiced; and
        where time left to invoice lies outside the period."""
        self.ensure_one()
        Log = self.env["crm.ticket.time.log"]
        base = [("company_id", "=", self.company_id.id)]
        if self.partner_ids:
            base.append(
                ("partner_id", "in", self.partner_ids.commercial_partner_id.ids)
            )
        if self.contract_ids:
            base.append(("contract_id", "in", self.contract_ids.ids))
        period = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        env = self.env
        start = format_date(env, self.date_from)
        end = format_date(env, self.date_to)
        # sudo usage: invoicing users count the time logs, as in _logs_to_settle
        Log_su = Log.sudo()
        reasons = []
        if not Log_su.search_count([*base, *period], limit=1):
            reasons.append(
                env._(
                    "No support time was logged from %(start)s to %(end)s.",
                    start=start,
                    end=end,
                )
            )
        else:
            counts = {
                (state, bool(contract), contract.state if contract else False): hours
                for state, contract, hours in Log_su._read_group(
                    [*base, *period],
                    ["invoice_state", "contract_id"],
                    ["hours:sum"],
                )
            }
            by_kind = defaultdict(float)
            for (state, has_contract, contract_state), hours in counts.items():
                if state == "not_billable":
                    by_kind["not_billable"] += hours
                elif state in ("covered", "invoiced"):
                    by_kind[state] += hours
                elif not has_contract:
                    by_kind["no_contract"] += hours
                elif contract_state not in INVOICEABLE_STATES:
                    by_kind["contract_not_running"] += hours
            labels = {
                "invoiced": env._("%(hours)s h already invoiced"),
                "covered": env._(
                    "%(hours)s h covered by the contracts' included hours"
                ),
                "not_billable": env._("%(hours)s h not billable"),
                "no_contract": env._("%(hours)s h on tickets without a contract"),
                "contract_not_running": env._(
                    "%(hours)s h on contracts not running (draft or cancelled)"
                ),
            }
            parts = [
                labels[kind] % {"hours": format_duration(hours)}
                for kind, hours in by_kind.items()
            ]
            reasons.append(
                env._(
                    "The time logged from %(start)s to %(end)s is settled: %(parts)s.",
                    start=start,
                    end=end,
                    parts=", ".join(parts),
                )
            )
        pending = Log_su._read_group(
            [
                *base,
                ("invoice_state", "=", "to_invoice"),
                ("contract_id.state", "in", INVOICEABLE_STATES),
            ],
            [],
            ["date:min", "date:max", "hours:sum"],
        )
        first, last, hours = pending[0]
        if first:
            reasons.append(
                env._(
                    "%(hours)s h of billable time are left to invoice from %(first)s "
                    "to %(last)s: choose that period.",
                    hours=format_duration(hours),
                    first=format_date(env, first),
                    last=format_date(env, last),
                )
            )
        return " ".join(reasons)

    def _credit_used(self, logs, periods):
        """Included hours already taken in each (contract, period start): by the logs
        settled before, whatever their date in the period."""
        starts = [start for _contract, start, _end in periods]
        ends = [end for _contract, _start, end in periods]
        rows = logs._read_group(
            [
                ("contract_id", "in", logs.contract_id.ids),
                ("invoice_state", "in", ("covered", "invoiced")),
                ("date", ">=", min(starts)),
                ("date", "<=", max(ends)),
            ],
            ["contract_id", "date:day"],
            ["hours_credit:sum"],
        )
        used = defaultdict(float)
        for contract, day, hours in rows:
            start, _end = contract._period_bounds(fields.Date.to_date(day))
            used[contract.id, start] += hours
        return used

    def _settle(self, logs):
        """Split each log's hours between the contract's credit and the invoice.
        Returns the credit hours per log and the billed hours per log, grouped by
        (customer, currency) then (contract, ticket)."""
        periods = set()
        log_period = {}
        for log in logs:
            start, end = log.contract_id._period_bounds(log.date)
            log_period[log] = start
            periods.add((log.contract_id, start, end))
        used = self._credit_used(logs, periods)
        credit_left = {
            (contract.id, start): max(
                contract.hours_included - used[contract.id, start], 0.0
            )
            for contract, start, _end in periods
        }
        credit, billed = {}, defaultdict(lambda: defaultdict(dict))
        for log in logs:
            key = (log.contract_id.id, log_period[log])
            taken = min(log.hours, credit_left[key])
            credit_left[key] -= taken
            credit[log] = taken
            beyond = float_round(log.hours - taken, precision_digits=HOURS_DIGITS)
            if float_compare(beyond, 0.0, precision_digits=HOURS_DIGITS) > 0:
                contract = log.contract_id
                invoice_key = (contract.partner_id, contract.currency_id)
                billed[invoice_key][contract, log.ticket_id][log] = beyond
        return {"credit": credit, "billed": billed}

    def _create_invoices(self, billed):
        """One draft customer invoice per (customer, currency); returns the invoice
        line of each (contract, ticket)."""
        Move = self.env["account.move"]
        if not Move.has_access("create"):
            # sudo usage: helpdesk managers draft the invoices of support time
            # without accounting rights; accounting reviews and posts them
            Move = Move.sudo()
        line_keys, move_values = [], []
        for (partner, currency), tickets in billed.items():
            keys = list(tickets)
            line_keys.append(keys)
            move_values.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "currency_id": currency.id,
                    "company_id": self.company_id.id,
                    "invoice_origin": ", ".join(
                        dict.fromkeys(contract.name for contract, _ticket in keys)
                    ),
                    "invoice_line_ids": [
                        Command.create(
                            self._prepare_line_values(
                                contract,
                                ticket,
                                sum(tickets[contract, ticket].values()),
                            )
                        )
                        for contract, ticket in keys
                    ],
                }
            )
        invoices = Move.with_company(self.company_id).create(move_values)
        lines = {}
        for invoice, keys in zip(invoices, line_keys, strict=True):
            invoice_lines = invoice.invoice_line_ids.sorted("id")
            lines.update(zip(keys, invoice_lines, strict=True))
        return {"invoices": invoices, "lines": lines}

    def _prepare_line_values(self, contract, ticket, hours):
        # formatted outside the translated call: the term extractor reads its
        # arguments as plain expressions
        hours_text = f"{hours:.2f}"
        return {
            "product_id": contract.product_id.id,
            "name": self.env._(
                "%(number)s %(subject)s: %(hours)s h",
                number=ticket.number,
                subject=ticket.name,
                hours=hours_text,
            ),
            "quantity": hours,
            "price_unit": contract.hourly_rate,
        }

    def _mark_logs(self, settlement, invoices):
        """Every processed log is settled: covered, or linked to its invoice line.
        Logs with the same values are written together."""
        line_of = {}
        for tickets in settlement["billed"].values():
            for key, logs in tickets.items():
                for log in logs:
                    line_of[log] = invoices["lines"][key]
        # sudo usage (the logs come sudoed from _logs_to_settle): invoicing users
        # mark the time they settled, they do not edit time logs otherwise
        groups = defaultdict(lambda: self.env["crm.ticket.time.log"].sudo())
        for log, hours in settlement["credit"].items():
            line = line_of.get(log)
            groups[hours, line.id if line else False] |= log
        for (hours, line_id), logs in groups.items():
            logs.write(
                {"is_settled": True, "hours_credit": hours, "invoice_line_id": line_id}
            )

    def _action_result(self, logs, invoices):
        invoices = invoices["invoices"]
        if invoices and self.env["account.move"].has_access("read"):
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_out_invoice_type"
            )
            action["domain"] = [("id", "in", invoices.ids)]
            action["context"] = {"default_move_type": "out_invoice", "create": False}
            if len(invoices) == 1:
                action.update({"res_id": invoices.id, "views": [(False, "form")]})
            return action
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_ticket_time_log_action"
        )
        action["domain"] = [("id", "in", logs.ids)]
        action["context"] = {"search_default_groupby_invoice_state": 1}
        return action

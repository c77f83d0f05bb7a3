import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# customers reminded per call of the cron; the cron calls again while some remain
FOLLOWUP_BATCH_SIZE = 500
# what only accountants change: the level reached and "no reminders"
FOLLOWUP_ACCOUNTANT_FIELDS = {
    "followup_level_id",
    "followup_blocked",
    "followup_block_reason",
    "followup_credit_blocked",
}
ACCOUNTANT_GROUP = "account.group_account_invoice"


class ResPartner(models.Model):
    _inherit = "res.partner"

    followup_level_id = fields.Many2one(
        "crm.followup.level",
        string="Follow-up Level",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The last payment reminder level sent for the customer's current "
        "overdue items; empty once nothing is overdue.",
    )
    followup_date_next = fields.Date(
        string="Next Follow-up",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The day the next follow-up level is reached: the due date of the "
        "customer's oldest overdue item (invoices in dispute left out) plus the "
        "level's days, or the day after a payment promise.",
    )
    followup_blocked = fields.Boolean(
        string="No Reminders",
        copy=False,
        help="No payment reminder is sent to this customer.",
    )
    followup_block_reason = fields.Char(string="No Reminders Because", copy=False)
    followup_promise_date = fields.Date(
        string="Promised to Pay By",
        copy=False,
        help="The customer promised to pay by this day: no reminder is sent "
        "until then. Setting it logs a contact with the customer.",
    )
    followup_credit_blocked = fields.Boolean(
        string="Blocked for Overdue Payments",
        copy=False,
        help="Set by a follow-up level with the block flag; cleared by an accountant.",
    )
    followup_amount_overdue = fields.Monetary(
        string="Overdue (Follow-up)",
        compute="_compute_followup_amount_overdue",
        currency_field="followup_currency_id",
        help="The customer's Overdue in the current company: receivable items "
        "past their own due date, taxes included, less unmatched credits dated "
        "before today; invoices named in an open helpdesk ticket are left out.",
    )
    followup_currency_id = fields.Many2one(
        "res.currency", compute="_compute_followup_amount_overdue"
    )

    @api.depends_context("company")
    def _compute_followup_amount_overdue(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        figures = self.env["crm.money"]._followup_figures(
            company,
            today,
            partners=self,
            excluded_moves=self._followup_disputed_moves(company),
        )
        for partner in self:
            partner.followup_currency_id = company.currency_id
            partner.followup_amount_overdue = figures.get(
                partner.commercial_partner_id.id, {}
            ).get("overdue", 0.0)

    @api.constrains("followup_promise_date")
    def _check_followup_promise_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.followup_promise_date and partner.followup_promise_date < today:
                raise ValidationError(
                    self.env._(
                        "%(customer)s cannot promise to pay by %(date)s: the date "
                        "is in the past.",
                        customer=partner.display_name,
                        date=partner.followup_promise_date,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if FOLLOWUP_ACCOUNTANT_FIELDS & set(vals):
            self._followup_check_accountant()
        promise = vals.get("followup_promise_date")
        if promise:
            vals = dict(
                vals,
                followup_date_next=fields.Date.to_date(promise) + timedelta(days=1),
            )
        res = super().write(vals)
        if promise:
            self._followup_log_promise()
        return res

    def _followup_check_accountant(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(
                self.env._(
                    "Only accountants change a customer's follow-up level and "
                    '"No Reminders".'
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_followup_send(self):
        """Follow-up list's "Send now": the due level of each selected customer,
        at once, whatever its next follow-up date."""
        self._followup_check_accountant()
        sent = self.env["crm.followup.sent"]
        for company in self.env.companies:
            sent |= self.with_company(company)._followup_run(
                company, partners=self.commercial_partner_id
            )
        if not sent:
            raise UserError(
                self.env._(
                    "No reminder is due for the selected customers: nothing "
                    "overdue past a level, already reminded at that level, a "
                    'promise to pay running or "No Reminders" set.'
                )
            )
        return True

    def action_followup_print_letters(self):
        """Follow-up list's "Print letters": one PDF with the statements of the
        selected customers; their letters to print are marked printed."""
        partners = self.commercial_partner_id
        # sudo usage: salespeople print the letters of the customers they selected
        # (read access checked by the selection) and cannot write reminders.
        self.env["crm.followup.sent"].sudo().search(
            [("partner_id", "in", partners.ids), ("state", "=", "to_print")]
        ).write({"state": "done"})
        return self.env.ref("crm_suite.action_report_followup_statement").report_action(
            partners
        )

    def action_followup_call_done(self):
        """Follow-up list's "Done" for a call: the current user's open calls on
        the selected customers are marked done, each one a contact log."""
        call = self.env.ref("mail.mail_activity_data_call")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.commercial_partner_id.ids),
                ("activity_type_id", "=", call.id),
                ("user_id", "=", self.env.uid),
            ]
        )
        if not activities:
            raise UserError(
                self.env._("You have no call planned with the selected customers.")
            )
        activities.action_feedback(feedback=self.env._("Payment follow-up call done."))
        return True

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _followup_log_promise(self):
        kind = self.env.ref("mail.mail_activity_data_call")
        self.env["crm.contact.log"].create(
            [
                {
                    "partner_id": partner.commercial_partner_id.id,
                    "activity_type_id": kind.id,
                    "direction": "in",
                    "summary": self.env._(
                        "Promised to pay by %(date)s",
                        date=partner.followup_promise_date,
                    ),
                    "company_id": self.env.company.id,
                }
                for partner in self
            ]
        )

    def _followup_block_warning(self):
        """The onchange warning of a new quotation or customer invoice for a
        customer blocked by a follow-up level (``followup_credit_blocked``), or
        None. A warning, not a refusal: the salesperson decides with the
        accountant; the block is lifted by an accountant on the customer."""
        customer = self.commercial_partner_id
        if not customer or not customer.followup_credit_blocked:
            return None
        return {
            "warning": {
                "title": self.env._(
                    "%(customer)s is blocked for overdue payments",
                    customer=customer.display_name,
                ),
                "message": self.env._(
                    "A payment follow-up level blocked this customer: overdue "
                    "invoices are unpaid. Check with accounting before you go on."
                ),
            }
        }

    @api.model
    def _followup_disputed_moves(self, company):
        """Ids of the invoices named in an open helpdesk ticket of ``company``:
        not reminded while the dispute runs."""
        # sudo usage: disputes hold reminders back whoever runs them; only ids leave
        tickets_su = (
            self.env["crm.ticket"]
            .sudo()
            .search(
                [
                    ("is_closed", "=", False),
                    ("invoice_ids", "!=", False),
                    ("company_id", "=", company.id),
                ]
            )
        )
        return tickets_su.invoice_ids.ids

    @api.model
    def _cron_followup(self, batch_size=FOLLOWUP_BATCH_SIZE):
        """Daily: remind the customers whose oldest overdue item reached a level
        not yet sent for it, at most ``batch_size`` a call; the cron runs again
        while some remain. Safe to run twice and from two workers at once: each
        reminder is claimed by a row unique per customer, level and follow-up
        start (``crm.followup.sent``) before anything is sent."""
        companies = (
            self.env["crm.followup.level"].search([]).company_id
        )  # companies that use follow-up
        done = remaining = 0
        for company in companies:
            sent, left = self.with_company(company)._followup_run(
                company, limit=max(batch_size - done, 0), count_left=True
            )
            done += len(sent)
            remaining += left
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        _logger.info("Payment follow-up: %s reminders, %s left", done, remaining)

    @api.model
    def _followup_plan(self, company, today, partners=None):
        """``[(partner id, level, follow-up start)]``: the customers of ``company``
        owing overdue money past a level not yet sent for their current overdue
        items. Updates the customers' level and next follow-up date on the way
        (only rows that change are written)."""
        levels = self.env["crm.followup.level"].search(
            [("company_id", "=", company.id)], order="delay"
        )
        if not levels:
            return []
        figures = self.env["crm.money"]._followup_figures(
            company,
            today,
            partners=partners,
            excluded_moves=self._followup_disputed_moves(company),
        )
        late = {
            pid: fig["date_oldest"]
            for pid, fig in figures.items()
            if fig["overdue"] > 0 and fig["date_oldest"]
        }
        # sudo usage: what was sent and who is paused decide for every late
        # customer, whatever the runner's record rules; only ids and dates are read.
        sent_keys = {
            (row.partner_id.id, row.level_id.id, row.date_start)
            for row in self.env["crm.followup.sent"]
            .sudo()
            .search_fetch(
                [
                    ("company_id", "=", company.id),
                    ("partner_id", "in", list(late)),
                ],
                ["partner_id", "level_id", "date_start"],
            )
        }
        paused = set(
            self.sudo()
            .search(
                [
                    ("id", "in", list(late)),
                    "|",
                    ("followup_blocked", "=", True),
                    ("followup_promise_date", ">=", today),
                ]
            )
            .ids
        )
        # plain values: the loop runs once per late customer
        rows = [(level.id, level.delay) for level in levels]  # by delay
        by_id = {level.id: level for level in levels}
        plan, state = [], {}
        for pid, start in late.items():
            days = (today - start).days
            sent_ids = [lid for lid, __ in rows if (pid, lid, start) in sent_keys]
            current = sent_ids[-1] if sent_ids else False
            current_delay = by_id[current].delay if current else -1
            reached = [lid for lid, delay in rows if delay <= days]
            due = reached[-1] if reached else False
            if due and due not in sent_ids and pid not in paused:
                plan.append((pid, by_id[due], start))
            nxt = next((delay for __, delay in rows if delay > current_delay), None)
            state[pid] = (
                current,
                start + timedelta(days=nxt) if nxt is not None else False,
            )
        self._followup_store_state(company, levels, state, partners)
        return plan

    @api.model
    def _followup_store_state(self, company, levels, state, partners=None):
        """Write the level and next date of ``state`` ``{partner id: (level id,
        date)}``; the company's customers not in it (nothing overdue) get
        neither. One read, then one write per distinct value."""
        domain = [
            "|",
            ("id", "in", list(state)),
            ("followup_level_id", "in", levels.ids),
        ]
        if partners is not None:
            domain = [("id", "in", partners.commercial_partner_id.ids), *domain]
        # sudo usage: the cron and "Send now" keep the state of every customer
        # they reach; rules on partners must not leave a stale level behind.
        changes = {}
        for row in self.sudo().search_fetch(
            domain, ["followup_level_id", "followup_date_next", "followup_promise_date"]
        ):
            level_id, date_next = state.get(row.id, (False, False))
            if row.followup_promise_date and row.followup_promise_date >= (
                date_next or row.followup_promise_date
            ):
                date_next = row.followup_promise_date + timedelta(days=1)
            if (row.followup_level_id.id, row.followup_date_next) != (
                level_id,
                date_next,
            ):
                changes[row.id] = (level_id, date_next)
        self._followup_write_state(changes)

    @api.model
    def _followup_write_state(self, changes):
        """Write ``changes`` ``{partner id: (level id, next date)}`` in one UPDATE.
        The follow-up state is the cron's bookkeeping (read-only, not tracked):
        written by SQL so thousands of customers cost one query, not one ORM
        write each; the customers' write date is left alone."""
        if not changes:
            return
        fnames = ["followup_level_id", "followup_date_next"]
        self.flush_model(fnames)
        values = SQL(", ").join(
            SQL("(%s, %s::int, %s::date)", pid, level_id or None, date_next or None)
            for pid, (level_id, date_next) in changes.items()
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET followup_level_id = v.level_id, followup_date_next = v.date_next
                  FROM (VALUES %s) AS v(id, level_id, date_next)
                 WHERE p.id = v.id
                """,
                values,
            )
        )
        self.invalidate_model(fnames)

    @api.model
    def _followup_run(self, company, partners=None, limit=None, count_left=False):
        """Send what ``_followup_plan`` finds due, ``limit`` customers at most;
        returns the ``crm.followup.sent`` rows created (and how many are left)."""
        today = fields.Date.context_today(self)
        plan = self._followup_plan(company, today, partners)
        todo = plan if limit is None else plan[:limit]
        # sudo usage: a reminder writes contact logs, activities and mails for the
        # customer's salesperson; accountants running "Send now" (checked by the
        # caller) have no rights on those sales records.
        sent = self.env["crm.followup.sent"].sudo()._claim(company, todo)
        sent._execute()
        # the customers reminded now are at the level just sent
        changes = {}
        for reminder in sent:
            nxt = reminder.level_id._next_level()
            changes[reminder.partner_id.id] = (
                reminder.level_id.id,
                reminder.date_start + timedelta(days=nxt.delay) if nxt else False,
            )
        self._followup_write_state(changes)
        sent = sent.sudo(False)
        left = len(plan) - len(todo)
        return (sent, left) if count_left else sent

    def _followup_statement_data(self, company=None):
        """What the customer statement prints for this customer in ``company``:
        open items (instalments each on a line), unmatched payments and credits,
        Due, Overdue and ageing buckets, all from ``crm.money``."""
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id
        self._followup_check_statement_access(partner)
        money = self.env["crm.money"]
        today = fields.Date.context_today(self)
        debt = self.env["crm.debt.report"]
        disputed = set(self._followup_disputed_moves(company))
        buckets = debt._get_empty_totals()
        lines, credits = [], []
        for item in money._statement_items(partner, company):
            date_due = item.date_maturity or item.date
            late = (today - date_due).days if money._is_overdue(date_due, today) else 0
            bucket = debt._get_bucket(late)
            buckets[bucket] += item.amount_residual
            buckets["total"] += item.amount_residual
            values = {
                "item": item,
                "move": item.move_id,
                "date_due": date_due,
                "days_late": late,
                "residual": item.amount_residual,
                "in_dispute": item.move_id.id in disputed,
            }
            (credits if item.amount_residual < 0 else lines).append(values)
        figures = money._followup_figures(company, today, partners=partner).get(
            partner.id, {"due": 0.0, "overdue": 0.0}
        )
        return {
            "partner": partner,
            "company": company,
            "currency": company.currency_id,
            "lines": lines,
            "credits": credits,
            "due": figures["due"],
            "overdue": figures["overdue"],
            "buckets": buckets,
            "bucket_labels": debt._get_bucket_labels(),
            # sudo usage: the company's bank accounts are printed on every
            # invoice; portal readers of their own statement cannot read them.
            "banks": company.sudo().partner_id.bank_ids,
            "today": today,
        }

    @api.model
    def _followup_check_statement_access(self, partner):
        """Portal users read their own company's statement only; internal users
        the customers whose money they may see (``crm.money._sees_money``)."""
        user = self.env.user
        if self.env.su:
            return
        if user.share:
            allowed = user.partner_id.commercial_partner_id == partner
        else:
            allowed = self.env["crm.money"]._sees_money(partner)
        if not allowed:
            raise AccessError(
                self.env._(
                    "You cannot read the statement of %(customer)s.",
                    customer=partner.display_name,
                )
            )

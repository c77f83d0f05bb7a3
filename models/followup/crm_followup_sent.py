from psycopg2 import errors

from odoo import fields, models
from odoo.tools import SQL

from .mail_template import LAZY_STATEMENT_KEY


class CrmFollowupSent(models.Model):
    """One payment reminder: a customer reached a level for the overdue items
    that started on ``date_start``. Unique per customer, level and start, so a
    customer is reminded at most once per level, however often the cron runs."""

    _name = "crm.followup.sent"
    _description = "Payment Reminder"
    _order = "date desc, id desc"
    _rec_name = "level_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    level_id = fields.Many2one(
        "crm.followup.level", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    date_start = fields.Date(
        string="Follow-up Start",
        required=True,
        help="The own due date of the customer's oldest overdue item when the "
        "reminder was sent.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("done", "Sent"), ("to_print", "Letter to Print")],
        required=True,
        default="done",
        index=True,
    )
    contact_log_id = fields.Many2one("crm.contact.log", ondelete="set null")
    mail_id = fields.Many2one(
        "mail.mail",
        string="Queued E-mail",
        ondelete="set null",
        index="btree_not_null",
        help="The reminder e-mail waiting in the mail queue; its statement PDF is "
        "rendered when the queue sends it.",
    )
    statement_attached = fields.Boolean(copy=False)
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True, index=True
    )

    _sql_constraints = [
        (
            "reminder_unique",
            "UNIQUE(partner_id, level_id, date_start)",
            "A customer is reminded once per follow-up level.",
        ),
    ]

    def _claim(self, company, plan):
        """Insert the rows of ``plan`` ``[(partner id, level, start)]`` that no
        other run inserted; returns those this transaction owns. A concurrent
        run inserting the same row waits for this one, then skips it."""
        if not plan:
            return self.browse()
        self.flush_model()
        ids = self._claim_insert(company, plan)
        if ids is None:
            # another worker claimed some of these after this transaction began:
            # claim them one by one and skip those it holds
            ids = []
            for item in plan:
                ids += self._claim_insert(company, [item]) or []
        sent = self.browse(ids)
        # the related salesperson is stored: compute it for the new rows
        self.env.add_to_compute(self._fields["user_id"], sent)
        return sent

    def _claim_insert(self, company, plan):
        """Insert the rows of ``plan`` in a savepoint; the ids inserted, or None
        when a concurrent transaction inserted one of them first. Under Odoo's
        REPEATABLE READ isolation, ON CONFLICT on a row committed after this
        transaction's snapshot is a serialization failure, not a silent skip."""
        today = fields.Date.context_today(self)
        uid = self.env.uid
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, 'done', %s, %s, NOW() AT TIME ZONE 'UTC', "
                "NOW() AT TIME ZONE 'UTC')",
                pid,
                level.id,
                company.id,
                start,
                today,
                uid,
                uid,
            )
            for pid, level, start in plan
        )
        query = SQL(
            """
            INSERT INTO crm_followup_sent
                   (partner_id, level_id, company_id, date_start, date, state,
                    create_uid, write_uid, create_date, write_date)
            VALUES %s
            ON CONFLICT (partner_id, level_id, date_start) DO NOTHING
            RETURNING id
            """,
            values,
        )
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                # waits for a concurrent insert of the same row to end
                cr.execute(query, log_exceptions=False)
                return [row[0] for row in cr.fetchall()]
        except errors.SerializationFailure:
            return None

    def _execute(self):
        """Carry out each reminder's level: e-mail with the statement, letter to
        print, activity, block flag; each one is a contact log of the customer."""
        kinds = {
            "email": self.env.ref("mail.mail_activity_data_email"),
            "letter": self.env.ref("crm_suite.mail_activity_type_letter"),
            "call": self.env.ref("mail.mail_activity_data_call"),
        }
        # the statement PDF is rendered by the mail queue (mail.mail._send), not here
        template = self.env.ref("crm_suite.mail_template_followup").with_context(
            **{LAZY_STATEMENT_KEY: True}
        )
        partner_model_id = self.env["ir.model"]._get_id("res.partner")
        activity_vals, log_vals = [], []
        to_block = self.env["res.partner"]
        for reminder in self:
            level = reminder.level_id
            partner = reminder.partner_id.with_company(reminder.company_id)
            user = partner.user_id or self.env.user
            if level.send_email:
                reminder.mail_id = template.with_company(reminder.company_id).send_mail(
                    partner.id,
                    email_values={
                        "recipient_ids": [partner.address_get(["invoice"])["invoice"]]
                    },
                )
                kind = kinds["email"]
            elif level.print_letter:
                kind = kinds["letter"]
            else:
                kind = kinds["call"]
            if level.print_letter:
                reminder.state = "to_print"
            activity_user = {
                "salesperson": partner.user_id,
                "accountant": self.env.user,
                "manager": partner.user_id.sale_team_id.user_id or partner.user_id,
            }.get(level.activity_user)
            if level.activity_user and level.activity_type_id:
                activity_vals.append(
                    {
                        "res_model_id": partner_model_id,
                        "res_id": partner.id,
                        "activity_type_id": level.activity_type_id.id,
                        "summary": self.env._(
                            "Overdue payments: %(level)s", level=level.name
                        ),
                        "user_id": (activity_user or self.env.user).id,
                        "date_deadline": level.activity_type_id._get_date_deadline(),
                    }
                )
            if level.block_customer:
                to_block |= partner
            log_vals.append(
                {
                    "partner_id": partner.id,
                    "activity_type_id": kind.id,
                    "user_id": user.id if not user.share else self.env.user.id,
                    "company_id": reminder.company_id.id,
                    "summary": self.env._(
                        "Payment reminder: %(level)s", level=level.name
                    ),
                }
            )
        # one batch each; the nightly run does not e-mail every assignee an
        # "activity assigned" notice per customer: the activities are in their lists
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activity_vals
        )
        if to_block:
            to_block.write({"followup_credit_blocked": True})
        logs = self.env["crm.contact.log"].create(log_vals)
        for reminder, log in zip(self, logs, strict=True):
            reminder.contact_log_id = log

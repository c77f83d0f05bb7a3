from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import formatLang

# the users whose assignment of a salesperson to a deal counts for the money gate
ASSIGNING_GROUPS = ("sales_team.group_sale_salesman_all_leads",)


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.suite.cron.mixin"]

    invoice_ids = fields.One2many("account.move", "lead_id", string="Invoices")
    # money figures read with compute_sudo: salespeople see their deals' amounts
    # without accounting rights (computed amounts only, not the journal entries)
    invoice_count = fields.Integer(compute="_compute_money", compute_sudo=True)
    amount_invoiced = fields.Monetary(
        compute="_compute_money",
        compute_sudo=True,
        currency_field="company_currency",
        help="The deal's posted customer invoices less its credit notes, taxes "
        "included, in company currency, in the companies you work in.",
    )
    amount_paid = fields.Monetary(
        compute="_compute_money",
        compute_sudo=True,
        currency_field="company_currency",
        help="What the payments matched with the deal's invoices settled, taxes "
        "included, in company currency: Invoiced less Due. Payments not matched "
        "with its invoices (advances) are not in it.",
    )
    amount_due = fields.Monetary(
        compute="_compute_money",
        compute_sudo=True,
        currency_field="company_currency",
        help="What the deal's posted invoices still owe today, taxes included, "
        "in company currency, less its open credit notes.",
    )
    date_last_payment = fields.Date(
        string="Last Payment",
        compute="_compute_money",
        compute_sudo=True,
        help="Date of the latest posted customer payment matched with the deal's "
        "invoices (credit notes and exchange differences are no payment).",
    )
    invoice_payment_state = fields.Selection(
        [
            ("none", "Not Invoiced"),
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
        ],
        string="Payment Status",
        compute="_compute_money",
        compute_sudo=True,
    )
    # margins read with the user's rights: Odoo's sale rules decide whose orders'
    # margins one sees (crm.money._deal_margins)
    sale_margin = fields.Monetary(
        string="Margin",
        compute="_compute_sale_margin",
        currency_field="company_currency",
        groups="sales_team.group_sale_salesman",
        help="The margin of the deal's confirmed sales orders (untaxed sales less "
        "product cost, Odoo's Sales margins), converted into company currency at "
        "each order's own date, in the companies you work in. Orders you may not "
        "read are not in it.",
    )
    sale_margin_percent = fields.Float(
        string="Margin (%)",
        compute="_compute_sale_margin",
        aggregator="avg",
        groups="sales_team.group_sale_salesman",
        help="Margin / untaxed amount of the deal's confirmed sales orders, both "
        "in company currency.",
    )
    # the sales cycle, stored for reporting by salesperson, team, source, campaign
    date_first_contact = fields.Datetime(
        compute="_compute_date_first_contact",
        store=True,
        help="The earliest contact logged on the deal, or its creation.",
    )
    date_contract = fields.Datetime(
        string="Contract Date", compute="_compute_cycle_dates", store=True
    )
    date_first_invoice = fields.Date(compute="_compute_cycle_dates", store=True)
    date_fully_paid = fields.Date(
        compute="_compute_cycle_dates",
        store=True,
        help="Date of the last payment of the deal's invoices once nothing is due "
        "on them (all companies).",
    )
    days_to_contract = fields.Integer(
        string="Days to Contract",
        compute="_compute_cycle_dates",
        store=True,
        aggregator="avg",
        help="From the first contact to the contract.",
    )
    days_to_cash = fields.Integer(
        string="Days to Cash",
        compute="_compute_cycle_dates",
        store=True,
        aggregator="avg",
        help="From the contract to the last payment of the deal's invoices.",
    )
    amount_to_invoice = fields.Monetary(
        string="Left to Invoice",
        compute="_compute_amount_to_invoice",
        compute_sudo=True,
        currency_field="company_currency",
        help="Expected revenue of the won deal less its customer invoices, draft "
        "or posted, net of their credit notes.",
    )
    is_stage_overdue = fields.Boolean(
        string="Overdue in Stage",
        compute="_compute_is_stage_overdue",
        search="_search_is_stage_overdue",
        help="The deal has stayed longer in its stage than the stage expects.",
    )
    stage_overdue_stage_id = fields.Many2one(
        "crm.stage",
        string="Overdue Reminder Stage",
        copy=False,
        readonly=True,
        help="Stage for which the salesperson was last reminded that the deal is "
        "overdue: one reminder per deal and stage.",
    )

    is_assigned_by_manager = fields.Boolean(
        string="Assigned by a Manager",
        readonly=True,
        copy=False,
        help='The salesperson was set by a sales manager, an "All Documents" user '
        "or the automatic assignment: only such a deal shows its customer's money "
        "figures to its salesperson.",
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_assignment_values(vals) for vals in vals_list]
        leads = super().create(vals_list)
        if self.env["res.users"]._crm_suite_may_assign(ASSIGNING_GROUPS):
            # the default salesperson (the creator) is set by create itself
            assigned = leads.filtered(
                lambda lead: lead.user_id and not lead.is_assigned_by_manager
            )
            if assigned:
                super(CrmLead, assigned).write({"is_assigned_by_manager": True})
        return leads

    def write(self, vals):
        return super().write(self._prepare_assignment_values(vals))

    def _prepare_assignment_values(self, vals):
        """Who assigns the salesperson decides whether the assignment counts; the
        flag itself is never written by a user."""
        if "is_assigned_by_manager" in vals and not self.env.su:
            raise AccessError(
                self.env._("Whether a manager assigned a deal is not set by hand.")
            )
        if "user_id" in vals and "is_assigned_by_manager" not in vals:
            may_assign = self.env["res.users"]._crm_suite_may_assign(ASSIGNING_GROUPS)
            return {
                **vals,
                "is_assigned_by_manager": bool(vals["user_id"]) and may_assign,
            }
        return vals

    @api.depends_context("allowed_company_ids")
    def _compute_money(self):
        figures = self.env["crm.money"]._deal_figures(self)
        for lead in self:
            values = figures[lead]
            lead.invoice_count = values["count"]
            lead.amount_invoiced = values["invoiced"]
            lead.amount_paid = values["paid"]
            lead.amount_due = values["due"]
            lead.date_last_payment = values["last_payment"]
            lead.invoice_payment_state = lead._invoice_payment_state(values)

    @api.depends_context("allowed_company_ids", "uid")
    def _compute_sale_margin(self):
        margins = self.env["crm.money"]._deal_margins(self._origin)
        for lead in self:
            values = margins.get(lead._origin.id) or {"ordered": 0.0, "margin": 0.0}
            lead.sale_margin = values["margin"]
            lead.sale_margin_percent = (
                values["margin"] / values["ordered"] if values["ordered"] else 0.0
            )

    def _invoice_payment_state(self, values):
        """Not invoiced, not paid, partially paid or paid, from the deal's money
        figures (``crm.money._deal_figures``)."""
        currency = self.company_currency or self.env.company.currency_id
        if not values["count"]:
            return "none"
        if currency.is_zero(values["due"]):
            return "paid"
        if currency.is_zero(values["paid"]):
            return "not_paid"
        return "partial"

    @api.depends(
        "expected_revenue", "invoice_ids.state", "invoice_ids.amount_total_signed"
    )
    def _compute_amount_to_invoice(self):
        leads = self.filtered("id")
        invoiced = self.env["crm.money"]._deal_committed(leads) if leads else {}
        for lead in self:
            currency = lead.company_currency or self.env.company.currency_id
            left = currency.round(lead.expected_revenue - invoiced.get(lead, 0.0))
            lead.amount_to_invoice = max(left, 0.0)

    @api.depends("contact_log_ids.date", "create_date")
    def _compute_date_first_contact(self):
        first_logs = dict(
            self.env["crm.contact.log"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["date:min"]
            )
        )
        for lead in self:
            dates = [d for d in (first_logs.get(lead), lead.create_date) if d]
            lead.date_first_contact = min(dates) if dates else False

    @api.depends(
        "stage_id.is_won",
        "date_closed",
        "date_first_contact",
        "invoice_ids.state",
        "invoice_ids.invoice_date",
        "invoice_ids.payment_state",
    )
    def _compute_cycle_dates(self):
        leads = self.filtered("id")
        # stored, so the same for every reader: the deal's invoices in all companies
        figures = self.env["crm.money"]._deal_figures(
            leads, companies=self.env["res.company"].sudo().search([])
        )
        first_invoices = (
            dict(
                self.env["account.move"]._read_group(
                    [
                        ("lead_id", "in", leads.ids),
                        ("state", "=", "posted"),
                        ("move_type", "=", "out_invoice"),
                    ],
                    ["lead_id"],
                    ["invoice_date:min"],
                )
            )
            if leads
            else {}
        )
        for lead in self:
            won = lead.stage_id.is_won
            lead.date_contract = (lead.date_closed or False) if won else False
            lead.date_first_invoice = first_invoices.get(lead, False)
            values = figures.get(lead)
            currency = lead.company_currency or self.env.company.currency_id
            paid = (
                values
                and values["count"]
                and not currency.is_zero(values["invoiced"])
                and currency.is_zero(values["due"])
            )
            lead.date_fully_paid = values["last_payment"] if paid else False
            # deals recorded after the fact (imports) start after their contract
            lead.days_to_contract = (
                max((lead.date_contract - lead.date_first_contact).days, 0)
                if lead.date_contract and lead.date_first_contact
                else 0
            )
            lead.days_to_cash = (
                (lead.date_fully_paid - lead.date_contract.date()).days
                if lead.date_fully_paid and lead.date_contract
                else 0
            )

    def _prepare_invoice_values(self, amount=None):
        self.ensure_one()
        product_id = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_suite.invoice_product_id", 0)
            or 0
        )
        product = self.env["product.product"].browse(product_id).exists()
        price = self.expected_revenue if amount is None else amount
        line = {"quantity": 1, "price_unit": price}
        if product:
            line["product_id"] = product.id
        else:
            line["name"] = self.name
        if price != self.expected_revenue:
            line["name"] = self.env._(
                "%(deal)s: remainder not yet invoiced",
                deal=self.name,
            )
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "lead_id": self.id,
            "invoice_user_id": self.user_id.id,
            "company_id": self.company_id.id or self.env.company.id,
            "invoice_line_ids": [Command.create(line)],
        }

    def action_create_invoice(self):
        """A draft invoice for a won deal, without retyping: its customer, and the
        configured product (or the deal's name) at what is left to invoice of the
        deal's expected revenue. A deal whose invoices (draft or posted, net of
        credit notes) already cover it is not invoiced twice."""
        self.ensure_one()
        if not self.stage_id.is_won:
            raise UserError(self.env._("Only a won deal is invoiced from the deal."))
        if not self.partner_id:
            raise UserError(self.env._("Set the deal's customer before invoicing it."))
        # sudo usage: the invoices already made for the deal, read to compute what
        # is left; only their total is used
        left = self.sudo().amount_to_invoice
        currency = self.company_currency or self.env.company.currency_id
        if currency.compare_amounts(left, 0.0) <= 0:
            raise UserError(
                self.env._(
                    "Nothing left to invoice on %(deal)s: its invoices already "
                    "cover its expected revenue of %(amount)s. Open its invoices to "
                    "review them, or raise the expected revenue first.",
                    deal=self.name,
                    amount=formatLang(
                        self.env, self.expected_revenue, currency_obj=currency
                    ),
                )
            )
        if currency.compare_amounts(left, self.expected_revenue) < 0:
            self.message_post(
                body=self.env._(
                    "Invoiced for the remainder only: %(left)s of %(amount)s; the "
                    "rest is on the deal's other invoices.",
                    left=formatLang(self.env, left, currency_obj=currency),
                    amount=formatLang(
                        self.env, self.expected_revenue, currency_obj=currency
                    ),
                )
            )
        invoice = self.env["account.move"].create(
            self._prepare_invoice_values(amount=left)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": invoice.id,
            "views": [(False, "form")],
            "context": {"default_move_type": "out_invoice"},
        }

    def _check_can_quote(self):
        """A quotation is for an open deal with a customer: a clear error otherwise
        (``sale.order._check_opportunity_id`` holds the same rule on the order)."""
        for lead in self:
            if not lead.active:
                raise UserError(
                    self.env._(
                        "The deal %(deal)s is lost or archived: restore it before "
                        "making a quotation for it.",
                        deal=lead.name,
                    )
                )

    def action_sale_quotations_new(self):
        # Odoo asks for the customer of a deal without one, then quotes
        self._check_can_quote()
        return super().action_sale_quotations_new()

    def action_new_quotation(self):
        self._check_can_quote()
        if not self.partner_id:
            raise UserError(
                self.env._(
                    "Set the customer of the deal %(deal)s before making a quotation.",
                    deal=self.name,
                )
            )
        return super().action_new_quotation()

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    @api.depends("stage_id.expected_days", "date_last_stage_update", "active")
    def _compute_is_stage_overdue(self):
        now = fields.Datetime.now()
        for lead in self:
            days = lead.stage_id.expected_days
            lead.is_stage_overdue = bool(
                lead.active
                and days
                and not lead.stage_id.is_won
                and lead.date_last_stage_update
                and lead.date_last_stage_update < now - timedelta(days=days)
            )

    def _search_is_stage_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        now = fields.Datetime.now()
        stages = self.env["crm.stage"].search(
            [("expected_days", ">", 0), ("is_won", "=", False)]
        )
        overdue = expression.OR(
            [
                [
                    ("stage_id", "=", stage.id),
                    (
                        "date_last_stage_update",
                        "<",
                        now - timedelta(days=stage.expected_days),
                    ),
                ]
                for stage in stages
            ]
            or [expression.FALSE_DOMAIN]
        )
        if (operator == "=") == value:
            return overdue
        return ["!", *expression.normalize_domain(overdue)]

    @api.depends(lambda self: ["stage_id", "team_id"] + self._pls_get_safe_fields())
    def _compute_probabilities(self):
        if not self._probability_from_stage():
            return super()._compute_probabilities()
        for lead in self:
            if lead.stage_id.is_won:
                target = 100.0
            elif not lead.active and lead.probability == 0:
                continue  # lost deals keep their 0
            else:
                target = lead.stage_id.default_probability
            was_automated = lead.active and lead.is_automated_probability
            lead.automated_probability = target
            if was_automated:
                lead.probability = target

    def _probability_from_stage(self):
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_suite.probability_mode", "predictive")
            == "stage"
        )

    @api.model
    def _cron_remind_stage_overdue(self, batch_size=500):
        """One activity for the salesperson of each deal overdue in its stage: a deal
        is reminded once per stage, so reruns and parallel workers add nothing."""
        overdue = self.search_fetch(
            [("is_stage_overdue", "=", True), ("user_id", "!=", False)],
            ["stage_id", "user_id", "stage_overdue_stage_id"],
            order="date_last_stage_update, id",
        ).filtered(lambda lead: lead.stage_overdue_stage_id != lead.stage_id)
        batch, remaining = overdue[:batch_size], overdue[batch_size:]
        if batch:
            activity_type = self.env.ref("crm_suite.mail_activity_type_stage_overdue")
            today = fields.Date.context_today(self)
            self.env["mail.activity"].create(
                [
                    {
                        "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                        "res_id": lead.id,
                        "activity_type_id": activity_type.id,
                        "user_id": lead.user_id.id,
                        "date_deadline": today,
                        "summary": self.env._(
                            "Overdue in %(stage)s: more than %(days)s days",
                            stage=lead.stage_id.name,
                            days=lead.stage_id.expected_days,
                        ),
                    }
                    for lead in batch
                ]
            )
            for stage in batch.stage_id:
                batch.filtered(lambda lead, s=stage: lead.stage_id == s).write(
                    {"stage_overdue_stage_id": stage.id}
                )
        self._crm_suite_cron_progress(len(batch), len(remaining))
        return batch

import logging
from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .crm_campaign_member import MEMBER_STATUSES, RESPONDED_STATUSES

_logger = logging.getLogger(__name__)

CAMPAIGN_TYPES = [
    ("seminar", "Seminar"),
    ("conference", "Conference"),
    ("exhibition", "Exhibition"),
    ("mailshot", "Mailshot"),
    ("telemarketing", "Telemarketing"),
    ("webinar", "Webinar"),
    ("other", "Other"),
]
MEMBER_CREATE_BATCH = 5000
# the fields only sales managers may set: the money the campaign may spend
MANAGER_FIELDS = {"budget", "cost_ids"}
# the fields that define the dynamic segment: who writes them becomes its author,
# whose rights the nightly refresh runs with
SEGMENT_FIELDS = {"is_segment_dynamic", "segment_domain", "target_job_positions"}


class UtmCampaign(models.Model):
    _name = "utm.campaign"
    _inherit = ["utm.campaign", "crm.suite.cron.mixin"]

    campaign_type = fields.Selection(
        CAMPAIGN_TYPES, string="Type", default="other", index=True
    )
    date_planned_start = fields.Date(string="Planned Start")
    date_planned_end = fields.Date(string="Planned End")
    date_start = fields.Date(string="Actual Start")
    date_end = fields.Date(string="Actual End")
    description = fields.Html()
    # currency_id: Odoo's Sales defines it, the currency of the campaign's company
    budget = fields.Monetary(help="What the campaign may cost; set by sales managers.")
    cost_ids = fields.One2many("crm.campaign.cost", "campaign_id", string="Costs")
    actual_cost = fields.Monetary(
        compute="_compute_actual_cost",
        store=True,
        help="The sum of the campaign's cost lines.",
    )
    expected_revenue = fields.Monetary(
        help="The revenue the campaign is expected to bring."
    )
    target_job_positions = fields.Char(
        help="Comma-separated job positions the campaign addresses, e.g. "
        "'IT director, CIO': the segment then picks, inside the matching "
        "companies, the contact persons whose job position contains one of them.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail Template",
        domain="[('model', '=', 'crm.campaign.member')]",
        help="The e-mail sent to the members, personalised for each of them.",
    )
    # the dynamic segment: re-run on demand and by a cron, it adds new matches
    is_segment_dynamic = fields.Boolean(
        string="Dynamic Segment",
        help="Re-run the segment every night: new matching contacts are added; "
        "members who were contacted or answered are never removed.",
    )
    segment_domain = fields.Char(
        string="Segment Filter",
        default="[]",
        help="The contacts the segment selects.",
    )
    segment_match_domain = fields.Char(
        compute="_compute_segment_match_domain",
        help="The contacts the segment adds: its filter and its job positions.",
    )
    date_segment_refresh = fields.Datetime(string="Segment Last Run", readonly=True)
    segment_user_id = fields.Many2one(
        "res.users",
        string="Segment Author",
        readonly=True,
        ondelete="set null",
        help="Who saved the segment filter: the nightly refresh selects the "
        "contacts this user may read, never more.",
    )
    member_ids = fields.One2many("crm.campaign.member", "campaign_id", "Members")
    # the default gives new records the value too: the form's first onchange does not
    # return fields whose compute depends on nothing
    can_edit_costs = fields.Boolean(
        compute="_compute_can_edit_costs",
        default=lambda self: self._is_cost_manager(),
    )

    # effectiveness: computed for all campaigns of a list in one grouped read per
    # figure. compute_sudo: salespeople and marketing see what a campaign brought
    # (deals of all salespeople, invoiced and paid amounts) without accounting
    # rights; only these totals are exposed, never the deals or journal entries
    member_count = fields.Integer(compute="_compute_member_figures", compute_sudo=True)
    member_invited_count = fields.Integer(
        string="Invited",
        compute="_compute_member_figures",
        compute_sudo=True,
        help="Members who received an invitation: mailed by the campaign or past "
        "the Targeted status, whatever they answered since.",
    )
    member_interested_count = fields.Integer(
        string="Interested", compute="_compute_member_figures", compute_sudo=True
    )
    member_accepted_count = fields.Integer(
        string="Accepted", compute="_compute_member_figures", compute_sudo=True
    )
    member_refused_count = fields.Integer(
        string="Refused", compute="_compute_member_figures", compute_sudo=True
    )
    member_attended_count = fields.Integer(
        string="Attended", compute="_compute_member_figures", compute_sudo=True
    )
    member_no_show_count = fields.Integer(
        string="No Show", compute="_compute_member_figures", compute_sudo=True
    )
    response_count = fields.Integer(
        string="Responses", compute="_compute_member_figures", compute_sudo=True
    )
    response_rate = fields.Float(
        string="Response Rate (%)",
        compute="_compute_member_figures",
        compute_sudo=True,
        digits=(16, 1),
        help="Members who answered (interested, accepted, refused, attended or no "
        "show), in percent of all members.",
    )
    deal_count = fields.Integer(
        string="Deals", compute="_compute_money_figures", compute_sudo=True
    )
    won_count = fields.Integer(
        string="Deals Won", compute="_compute_money_figures", compute_sudo=True
    )
    won_revenue = fields.Monetary(
        compute="_compute_money_figures",
        compute_sudo=True,
        help="Expected revenue of the won deals of the campaign.",
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced (untaxed)",
        compute="_compute_money_figures",
        compute_sudo=True,
        help="Revenue: the campaign's posted customer invoices less its credit "
        "notes, untaxed, in company currency, in the companies you work in.",
    )
    amount_paid = fields.Monetary(
        string="Paid (taxes incl.)",
        compute="_compute_money_figures",
        compute_sudo=True,
        help="What the payments matched with those invoices settled, taxes "
        "included (the invoices' taxed total less what they still owe).",
    )
    cost_per_lead = fields.Monetary(
        string="Cost per Deal", compute="_compute_money_figures", compute_sudo=True
    )
    cost_per_won = fields.Monetary(
        string="Cost per Won Deal", compute="_compute_money_figures", compute_sudo=True
    )
    roi = fields.Float(
        string="ROI (%)",
        compute="_compute_money_figures",
        compute_sudo=True,
        digits=(16, 1),
        help="(Invoiced - actual cost) / actual cost, in percent.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("cost_ids.amount")
    def _compute_actual_cost(self):
        totals = dict(
            self.env["crm.campaign.cost"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["amount:sum"]
            )
        )
        for campaign in self:
            if campaign.id:
                campaign.actual_cost = totals.get(campaign, 0.0)
            else:  # a new record in a form: its lines are not in the database yet
                campaign.actual_cost = sum(campaign.cost_ids.mapped("amount"))

    @api.depends("segment_domain", "target_job_positions")
    def _compute_segment_match_domain(self):
        for campaign in self:
            try:
                domain = campaign._segment_domain()
            except ValidationError:
                campaign.segment_match_domain = False
                continue
            campaign.segment_match_domain = repr(
                self._segment_full_domain(domain, campaign.target_job_positions)
            )

    @api.depends_context("uid")
    def _compute_can_edit_costs(self):
        self.can_edit_costs = self._is_cost_manager()

    def _compute_member_figures(self):
        counts = {}
        mailed = {}
        for campaign, status, count, mailed_count in self.env[
            "crm.campaign.member"
        ]._read_group(
            [("campaign_id", "in", self.ids)],
            ["campaign_id", "status"],
            ["__count", "date_last_mailing:count"],
        ):
            counts[campaign.id, status] = count
            mailed[campaign.id, status] = mailed_count
        for campaign in self:
            by_status = {
                status: counts.get((campaign.id, status), 0)
                for status, __ in MEMBER_STATUSES
            }
            total = sum(by_status.values())
            responses = sum(by_status[status] for status in RESPONDED_STATUSES)
            campaign.member_count = total
            # every member past "targeted" was invited, and a targeted member
            # already mailed too: an answer does not undo the invitation
            campaign.member_invited_count = (
                total - by_status["targeted"] + mailed.get((campaign.id, "targeted"), 0)
            )
            campaign.member_interested_count = by_status["interested"]
            campaign.member_accepted_count = by_status["accepted"]
            campaign.member_refused_count = by_status["refused"]
            campaign.member_attended_count = by_status["attended"]
            campaign.member_no_show_count = by_status["no_show"]
            campaign.response_count = responses
            campaign.response_rate = 100.0 * responses / total if total else 0.0

    def _money_figures(self):
        """{campaign id: {figure: value}} of the deals and invoices of ``self``, in
        three grouped reads whatever the number of campaigns."""
        Lead = self.env["crm.lead"].with_context(active_test=False)
        figures = {campaign.id: {} for campaign in self}
        for campaign, count in Lead._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
        ):
            figures[campaign.id]["deal_count"] = count
        for campaign, count, revenue in Lead._read_group(
            [
                ("campaign_id", "in", self.ids),
                ("active", "=", True),
                ("stage_id.is_won", "=", True),
            ],
            ["campaign_id"],
            ["__count", "expected_revenue:sum"],
        ):
            figures[campaign.id].update(won_count=count, won_revenue=revenue)
        invoices = self.env["crm.money"]._invoice_totals(
            [("campaign_id", "in", self.ids)], ["campaign_id"]
        )
        for campaign, values in invoices.items():
            figures[campaign.id].update(
                amount_invoiced=values["invoiced_untaxed"], amount_paid=values["paid"]
            )
        return figures

    @api.depends_context("allowed_company_ids")
    def _compute_money_figures(self):
        figures = self._money_figures()
        for campaign in self:
            values = figures.get(campaign.id, {})
            deals = values.get("deal_count", 0)
            won = values.get("won_count", 0)
            invoiced = values.get("amount_invoiced", 0.0)
            cost = campaign.actual_cost
            campaign.deal_count = deals
            campaign.won_count = won
            campaign.won_revenue = values.get("won_revenue", 0.0)
            campaign.amount_invoiced = invoiced
            campaign.amount_paid = values.get("amount_paid", 0.0)
            campaign.cost_per_lead = cost / deals if deals else 0.0
            campaign.cost_per_won = cost / won if won else 0.0
            campaign.roi = 100.0 * (invoiced - cost) / cost if cost else 0.0

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_planned_start", "date_planned_end", "date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            for start, end, label in (
                (
                    campaign.date_planned_start,
                    campaign.date_planned_end,
                    self.env._("planned"),
                ),
                (campaign.date_start, campaign.date_end, self.env._("actual")),
            ):
                if start and end and end < start:
                    raise ValidationError(
                        self.env._(
                            "The %(which)s end of %(campaign)s (%(end)s) is before "
                            "its start (%(start)s).",
                            which=label,
                            campaign=campaign.title,
                            end=end,
                            start=start,
                        )
                    )

    @api.constrains("budget", "expected_revenue")
    def _check_amounts(self):
        for campaign in self:
            if campaign.budget < 0 or campaign.expected_revenue < 0:
                raise ValidationError(
                    self.env._(
                        "The budget and expected revenue of %(campaign)s cannot be "
                        "negative.",
                        campaign=campaign.title,
                    )
                )

    @api.constrains("segment_domain")
    def _check_segment_domain(self):
        for campaign in self:
            campaign._segment_domain()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in MANAGER_FIELDS):
            self._check_cost_manager()
        return super().create(
            [self._prepare_segment_author(vals) for vals in vals_list]
        )

    def write(self, vals):
        if MANAGER_FIELDS & vals.keys():
            self._check_cost_manager()
        return super().write(self._prepare_segment_author(vals))

    def _prepare_segment_author(self, vals):
        """The user who saves a segment is its author; nobody sets the author."""
        if self.env.su:
            if SEGMENT_FIELDS & vals.keys() and "segment_user_id" not in vals:
                return {**vals, "segment_user_id": self.env.uid}
            return vals
        if "segment_user_id" in vals:
            raise AccessError(
                self.env._("The author of a segment is the user who saves it.")
            )
        if SEGMENT_FIELDS & vals.keys():
            return {**vals, "segment_user_id": self.env.uid}
        return vals

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_segment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_campaign_segment_action"
        )
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_refresh_segment(self):
        """Button: re-run the segment and say what changed."""
        results = self._action_refresh_segment()
        added = sum(added for added, __ in results.values())
        removed = sum(removed for __, removed in results.values())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Segment re-run: %(added)s member(s) added, %(removed)s "
                    "removed (they no longer match and were never contacted).",
                    added=added,
                    removed=removed,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_campaign_member_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    def action_send_mail(self):
        """The campaign's e-mail to every member not mailed yet who has not answered
        (an invitation to someone who already refused would be out of place)."""
        self.ensure_one()
        members = self.member_ids.filtered(
            lambda m: not m.date_last_mailing and m.status == "targeted"
        )
        return members.action_send_mail()

    def action_create_leads(self):
        self.ensure_one()
        return self.member_ids.action_create_leads()

    def action_mail_merge(self):
        """A new mail merge of a letter to every member of the campaign."""
        self.ensure_one()
        return self.env["crm.mail.merge"].action_open_new(campaign_id=self.id)

    def action_print_labels(self):
        """The address labels of the campaign's members (A4, 3 x 8)."""
        self.ensure_one()
        return self.member_ids.action_print_labels()

    def action_print_envelopes(self):
        """A DL envelope per member of the campaign."""
        self.ensure_one()
        return self.member_ids.action_print_envelopes()

    def action_view_deals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"active_test": False, "default_campaign_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _is_cost_manager(self):
        # crons and installation run as the superuser
        user = self.env.user
        return (
            self.env.su
            or user._is_superuser()
            or user.has_group("sales_team.group_sale_manager")
        )

    def _check_cost_manager(self):
        if not self._is_cost_manager():
            raise AccessError(
                self.env._(
                    "Only sales managers set the budget and costs of a campaign."
                )
            )

    def _segment_domain(self):
        self.ensure_one()
        try:
            domain = literal_eval(self.segment_domain or "[]")
            expression.expression(domain, self.env["res.partner"])
        except (ValueError, SyntaxError, TypeError, KeyError) as exc:
            raise ValidationError(
                self.env._(
                    "The segment filter of %(campaign)s is not a valid contact filter "
                    "(%(error)s).",
                    campaign=self.title,
                    error=exc,
                )
            ) from exc
        return domain

    @api.model
    def _job_position_domain(self, job_positions):
        positions = [
            position.strip()
            for position in (job_positions or "").split(",")
            if position.strip()
        ]
        if not positions:
            return []
        return expression.OR([[("function", "ilike", p)] for p in positions])

    @api.model
    def _segment_full_domain(self, domain, job_positions=None):
        """The contacts a segment selects, as one res.partner domain: ``domain``,
        or with job positions, the contact persons of the matching companies (or
        people) whose job position contains one of them (case-insensitive). The
        screens count with it what the segment adds."""
        position_domain = self._job_position_domain(job_positions)
        if not position_domain:
            return domain
        return expression.AND(
            [
                [
                    ("is_company", "=", False),
                    ("commercial_partner_id", "any", domain),
                ],
                position_domain,
            ]
        )

    @api.model
    def _segment_partner_query(self, domain, job_positions=None):
        """The contacts of ``_segment_full_domain``, as a query (nothing is
        fetched)."""
        return self.env["res.partner"]._search(
            self._segment_full_domain(domain, job_positions)
        )

    @api.model
    def _segment_partner_count(self, partner_query):
        [(count,)] = self.env.execute_query(
            SQL("SELECT COUNT(*) FROM (%s) AS p", partner_query.select())
        )
        return count

    def _add_segment_members(
        self, partner_query, from_segment=False, batch_size=MEMBER_CREATE_BATCH
    ):
        """Add the partners of ``partner_query`` not yet members, set-based: the ids
        are selected with one query that skips the existing members, then created in
        batches. Returns the number of members added."""
        self.ensure_one()
        Member = self.env["crm.campaign.member"]
        Member.flush_model(["campaign_id", "partner_id"])
        # execute_query flushes what the partner filter reads
        rows = self.env.execute_query(
            SQL(
                "SELECT p.id FROM (%s) AS p WHERE NOT EXISTS (SELECT 1 FROM "
                "crm_campaign_member m WHERE m.campaign_id = %s AND "
                "m.partner_id = p.id) ORDER BY p.id",
                partner_query.select(),
                self.id,
            )
        )
        partner_ids = [partner_id for (partner_id,) in rows]
        for start in range(0, len(partner_ids), batch_size):
            Member.create(
                [
                    {
                        "campaign_id": self.id,
                        "partner_id": partner_id,
                        "is_from_segment": from_segment,
                    }
                    for partner_id in partner_ids[start : start + batch_size]
                ]
            )
            # members are many and never read again here: keep the cache small
            Member.invalidate_model()
        return len(partner_ids)

    def _action_refresh_segment(self):
        """Re-run the dynamic segment of each campaign: add the new matches, drop the
        segment's members that no longer match and were never contacted. Returns
        {campaign: (added, removed)}. A user runs it with their own rights; the cron
        (superuser) with the rights of the segment's author, so that a saved filter
        never selects contacts its author could not read."""
        results = {}
        for campaign in self.filtered("is_segment_dynamic"):
            author = campaign.segment_user_id
            if (self.env.su or self.env.user._is_superuser()) and not (
                author and author._is_superuser()
            ):
                if not author.active or author.share:
                    _logger.info(
                        "Segment of campaign %s not refreshed: its author is no "
                        "longer an active internal user",
                        campaign.id,
                    )
                    continue
                campaign = campaign.with_user(author)
            results[campaign.with_env(self.env)] = campaign._refresh_segment()
        return results

    def _refresh_segment(self):
        self.ensure_one()
        Member = self.env["crm.campaign.member"]
        query = self._segment_partner_query(
            self._segment_domain(), self.target_job_positions
        )
        stale = Member.search(
            [
                ("campaign_id", "=", self.id),
                ("is_from_segment", "=", True),
                ("status", "=", "targeted"),
                ("date_last_mailing", "=", False),
                ("lead_id", "=", False),
                ("partner_id", "not in", query),
            ]
        )
        removed = len(stale)
        stale.unlink()
        added = self._add_segment_members(query, from_segment=True)
        self.date_segment_refresh = fields.Datetime.now()
        return added, removed

    @api.model
    def _cron_refresh_segments(self):
        """Nightly: re-run the dynamic segments of the running campaigns."""
        today = fields.Date.context_today(self)
        campaigns = self.search(
            [
                ("is_segment_dynamic", "=", True),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        )
        for done, campaign in enumerate(campaigns, start=1):
            campaign._action_refresh_segment()
            self._crm_suite_cron_progress(done, len(campaigns) - done)

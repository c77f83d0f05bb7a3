from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

# what the deal and invoice history of a customer must look like
HISTORY_FILTERS = [
    ("all", "Any"),
    ("invoiced", "With Invoices"),
    ("not_invoiced", "Without Invoices"),
    ("open_deals", "With Open Deals"),
    ("no_open_deals", "Without Open Deals"),
]
INVOICE_DOMAIN = [
    ("move_type", "in", ("out_invoice", "out_refund")),
    ("state", "=", "posted"),
]
OPEN_DEAL_DOMAIN = [("active", "=", True), ("stage_id.is_won", "=", False)]


class CrmCampaignSegment(models.TransientModel):
    _name = "crm.campaign.segment"
    _description = "Build a Campaign Segment"

    campaign_id = fields.Many2one("utm.campaign", required=True)
    mode = fields.Selection(
        [("static", "Static"), ("dynamic", "Dynamic")],
        required=True,
        default="static",
        help="Static: the matching contacts become members now. Dynamic: also "
        "kept on the campaign, re-run on demand and every night to add new "
        "matches.",
    )
    partner_type = fields.Selection(
        [("company", "Companies"), ("person", "Persons"), ("all", "Both")],
        string="Contacts",
        required=True,
        default="company",
    )
    category_ids = fields.Many2many("res.partner.category", string="Tags")
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many(
        "res.country.state",
        string="States",
        domain="[('country_id', 'in', country_ids)]",
    )
    user_ids = fields.Many2many(
        "res.users", string="Salespeople", domain="[('share', '=', False)]"
    )
    last_contact_before = fields.Date(
        help="Only customers not contacted since this day (or never).",
    )
    last_contact_after = fields.Date(
        help="Only customers contacted on or after this day.",
    )
    history = fields.Selection(
        HISTORY_FILTERS,
        string="Invoices and Deals",
        required=True,
        default="all",
    )
    job_positions = fields.Char(
        compute="_compute_job_positions",
        store=True,
        readonly=False,
        precompute=True,
        help="Comma-separated, e.g. 'IT director, CIO': pick inside the matching "
        "companies only the contact persons whose job position contains one of "
        "them (case-insensitive).",
    )
    # any further condition on the contacts, their attributes included (the
    # domain editor offers the properties of res.partner)
    extra_domain = fields.Char(
        string="More Conditions",
        default="[]",
        help="Conditions on any field of the contacts, such as their attributes.",
    )
    domain = fields.Char(
        compute="_compute_domain",
        help="The contacts the wizard adds: its filters and the job positions.",
    )
    match_count = fields.Integer(string="Matching Contacts", compute="_compute_domain")

    @api.depends("campaign_id")
    def _compute_job_positions(self):
        for wizard in self:
            wizard.job_positions = wizard.campaign_id.target_job_positions

    @api.depends(
        "partner_type",
        "category_ids",
        "industry_ids",
        "country_ids",
        "state_ids",
        "user_ids",
        "last_contact_before",
        "last_contact_after",
        "history",
        "job_positions",
        "extra_domain",
    )
    def _compute_domain(self):
        Campaign = self.env["utm.campaign"]
        for wizard in self:
            domain = Campaign._segment_full_domain(
                wizard._prepare_partner_domain(), wizard.job_positions
            )
            wizard.domain = repr(domain)
            wizard.match_count = Campaign._segment_partner_count(
                self.env["res.partner"]._search(domain)
            )

    @api.constrains("last_contact_before", "last_contact_after")
    def _check_last_contact(self):
        for wizard in self:
            if (
                wizard.last_contact_before
                and wizard.last_contact_after
                and wizard.last_contact_before < wizard.last_contact_after
            ):
                raise UserError(
                    self.env._(
                        "'Last contact before' is earlier than 'last contact "
                        "after': no customer can match."
                    )
                )

    def _prepare_partner_domain(self):
        """The contact filter of the wizard, as a res.partner domain that can be
        stored on the campaign and re-run later."""
        self.ensure_one()
        domains = []
        if self.partner_type == "company":
            domains.append([("is_company", "=", True)])
        elif self.partner_type == "person":
            domains.append([("is_company", "=", False)])
        for fname, records in (
            ("category_id", self.category_ids),
            ("industry_id", self.industry_ids),
            ("country_id", self.country_ids),
            ("state_id", self.state_ids),
            ("user_id", self.user_ids),
        ):
            if records:
                domains.append([(fname, "in", records.ids)])
        if self.last_contact_before:
            domains.append(
                [
                    "|",
                    ("last_contact_date", "=", False),
                    ("last_contact_date", "<", str(self.last_contact_before)),
                ]
            )
        if self.last_contact_after:
            domains.append([("last_contact_date", ">=", str(self.last_contact_after))])
        # the history of the customer's company counts, for a person too: the
        # documents of the company or of one of its contacts
        history = None
        if self.history in ("invoiced", "not_invoiced"):
            history = self._history_domain("invoice_ids", INVOICE_DOMAIN)
        elif self.history in ("open_deals", "no_open_deals"):
            history = self._history_domain("opportunity_ids", OPEN_DEAL_DOMAIN)
        if history and self.history.startswith("no"):
            history = ["!", *expression.normalize_domain(history)]
        if history:
            domains.append(history)
        extra = self._extra_domain()
        if extra:
            domains.append(extra)
        return expression.AND(domains)

    def _extra_domain(self):
        try:
            domain = literal_eval(self.extra_domain or "[]")
            expression.expression(domain, self.env["res.partner"])
        except (ValueError, SyntaxError, TypeError, KeyError) as exc:
            raise UserError(
                self.env._("The extra conditions are not a valid contact filter.")
            ) from exc
        return domain

    @api.model
    def _history_domain(self, fname, domain):
        return expression.OR(
            [
                [(f"commercial_partner_id.{fname}", "any", domain)],
                [(f"commercial_partner_id.child_ids.{fname}", "any", domain)],
            ]
        )

    def action_apply(self):
        self.ensure_one()
        campaign = self.campaign_id
        # the members are added in the user's name, on a campaign they may edit
        campaign.check_access("write")
        domain = self._prepare_partner_domain()
        if self.mode == "dynamic":
            campaign.write(
                {
                    "is_segment_dynamic": True,
                    "segment_domain": repr(domain),
                    "target_job_positions": self.job_positions,
                }
            )
            added = campaign._action_refresh_segment()[campaign][0]
        else:
            query = campaign._segment_partner_query(domain, self.job_positions)
            added = campaign._add_segment_members(query)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s member(s) added to %(campaign)s.",
                    count=added,
                    campaign=campaign.title,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

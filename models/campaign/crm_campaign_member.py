from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

MEMBER_STATUSES = [
    ("targeted", "Targeted"),
    ("invited", "Invited"),
    ("interested", "Interested"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("attended", "Attended"),
    ("no_show", "No Show"),
]
# a member in one of these states has answered the campaign: the dynamic segment
# never removes them and they count in the response rate
RESPONDED_STATUSES = ("interested", "accepted", "refused", "attended", "no_show")
# members worth a deal when converting in one action
CONVERTIBLE_STATUSES = ("interested", "accepted", "attended")
MAIL_BATCH_SIZE = 500


class CrmCampaignMember(models.Model):
    _name = "crm.campaign.member"
    _description = "Campaign Member"
    _order = "campaign_id, id"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        "utm.campaign",
        required=True,
        ondelete="cascade",
        index=False,  # covered by the unique (campaign_id, partner_id) index
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        help="The company or person targeted by the campaign.",
    )
    is_company = fields.Boolean(related="partner_id.is_company")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    function = fields.Char(related="partner_id.function", string="Job Position")
    parent_name = fields.Char(related="partner_id.parent_name", string="Company")
    # group_expand: the kanban shows every status in this order, so a member can be
    # dragged to one no member has yet
    status = fields.Selection(
        MEMBER_STATUSES,
        required=True,
        default="targeted",
        index=True,
        group_expand=True,
    )
    date_response = fields.Date(
        string="Response Date",
        help="When the member answered; set by a contact log whose result changes "
        "the status.",
    )
    note = fields.Text()
    lead_id = fields.Many2one(
        "crm.lead",
        string="Resulting Deal",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index="btree_not_null",
        domain="[('share', '=', False)]",
        help="Who calls this member; empty means the campaign's responsible.",
    )
    date_last_mailing = fields.Datetime(string="Last Mailing", readonly=True)
    is_from_segment = fields.Boolean(
        string="From Segment",
        readonly=True,
        help="Added by the campaign's dynamic segment: a member that no longer "
        "matches and has not been contacted is removed when the segment is re-run.",
    )
    contact_log_ids = fields.One2many(
        "crm.contact.log", "campaign_member_id", string="Calls"
    )
    has_responded = fields.Boolean(compute="_compute_has_responded")

    _sql_constraints = [
        (
            "campaign_partner_unique",
            "UNIQUE(campaign_id, partner_id)",
            "A contact appears only once in a campaign.",
        ),
    ]

    @api.depends("status")
    def _compute_has_responded(self):
        for member in self:
            member.has_responded = member.status in RESPONDED_STATUSES

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_suite_check_input(vals_list)  # the values read below are sound
        # a status set by hand past "invited" is a response: date it
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("status") in RESPONDED_STATUSES:
                vals.setdefault("date_response", today)
        self._check_partners_readable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_suite_check_input([vals])  # the values read below are sound
        self._check_partners_readable([vals])
        if vals.get("status") in RESPONDED_STATUSES and "date_response" not in vals:
            undated = self.filtered(lambda member: not member.date_response)
            if undated:
                super(CrmCampaignMember, undated).write(
                    {"date_response": fields.Date.context_today(self)}
                )
        return super().write(vals)

    @api.model
    def _check_partners_readable(self, vals_list):
        """A member shows its contact's e-mail and phone (related fields, read as
        superuser): only contacts the user may read (company, territory) become
        members, so that no id typed over RPC reveals another contact."""
        if self.env.su:
            return
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        }
        if partner_ids:
            self.env["res.partner"].browse(partner_ids).check_access("read")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_log_call(self):
        """The Log a Call dialog for the member: its result sets the status."""
        self.ensure_one()
        partner = self.partner_id
        action = self.env["crm.contact.log.call"]._action_open(
            partner=partner.parent_id or partner, phone=partner.phone or partner.mobile
        )
        action["context"].update(
            {
                "default_contact_id": partner.id if partner.parent_id else False,
                "default_lead_id": self.lead_id.id,
                "default_campaign_member_id": self.id,
                "default_summary": self.campaign_id.title,
            }
        )
        return action

    def action_create_leads(self):
        """One deal per selected member that answered positively and has none yet,
        linked to the campaign; returns the deals."""
        members = self.filtered(
            lambda m: m.status in CONVERTIBLE_STATUSES and not m.lead_id
        )
        if not members:
            raise UserError(
                self.env._(
                    "No member to convert: only interested, accepted or attending "
                    "members without a deal become deals."
                )
            )
        leads = self.env["crm.lead"].create(
            [member._prepare_lead_values() for member in members]
        )
        for member, lead in zip(members, leads, strict=True):
            member.lead_id = lead
        deals_action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Deals"),
            "res_model": "crm.lead",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": [("id", "in", leads.ids)],
        }
        without_revenue = leads.filtered(lambda lead: not lead.expected_revenue)
        if not without_revenue:
            return deals_action
        # a deal at zero would count as nothing in the pipeline and the forecast:
        # say so, and open the deals to enter their revenue
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("Enter the expected revenue"),
                "message": self.env._(
                    "%(count)s deal(s) created without an expected revenue: they "
                    "count as zero in the pipeline and the forecast until you "
                    "enter one on each deal.",
                    count=len(without_revenue),
                ),
                "next": deals_action,
            },
        }

    def action_send_mail(self):
        """Send the campaign's e-mail to the selected members."""
        campaigns = self.campaign_id
        if any(not campaign.mail_template_id for campaign in campaigns):
            raise UserError(
                self.env._("Choose the e-mail template on the campaign first.")
            )
        sent = self.env["crm.campaign.member"]
        for campaign in campaigns:
            members = self.filtered(lambda m, c=campaign: m.campaign_id == c)
            sent |= members._send_campaign_mail(campaign.mail_template_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": self.env._(
                    "%(sent)s e-mail(s) queued; %(skipped)s member(s) skipped "
                    "(no e-mail address or opted out).",
                    sent=len(sent),
                    skipped=len(self) - len(sent),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_mail_merge(self):
        """A new mail merge of a letter to the selected members (of one campaign)."""
        if len(self.campaign_id) > 1:
            raise UserError(
                self.env._("Select the members of one campaign for a mail merge.")
            )
        return self.env["crm.mail.merge"].action_open_new(
            campaign_id=self.campaign_id.id, member_ids=self.ids
        )

    def action_print_labels(self):
        """The members' address labels, an A4 sheet of 3 x 8 per 24 members."""
        return self._action_print("crm_suite.action_report_address_label_member")

    def action_print_envelopes(self):
        """A DL envelope per member."""
        return self._action_print("crm_suite.action_report_envelope_member")

    def _action_print(self, report_xmlid):
        if not self:
            raise UserError(self.env._("The campaign has no member to print for."))
        # labels and envelopes print no letterhead: no layout to configure first
        return self.env.ref(report_xmlid).report_action(self.sorted("id"), config=False)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _prepare_lead_values(self):
        self.ensure_one()
        campaign = self.campaign_id
        partner = self.partner_id
        return {
            "name": f"{campaign.title}: {partner.display_name}",
            "type": "opportunity",
            "partner_id": partner.id,
            "campaign_id": campaign.id,
            "user_id": (self.user_id or campaign.user_id).id,
            "description": self.note,
        }

    def _mailable(self):
        """The members an e-mail may go to: with an address, not opted out."""
        return self.filtered(
            lambda m: m.partner_id.email and not m.partner_id.is_blacklisted
        )

    def _send_campaign_mail(self, template, batch_size=MAIL_BATCH_SIZE):
        """Queue one personalised e-mail per member through Odoo's mail composer in
        mass mode (rendered from ``template`` on crm.campaign.member), one composer
        per batch of ``batch_size`` members; the mail queue cron sends them, with
        Odoo's bounce handling and exclusion list. Records the mailing on each
        member and a note on each partner. Returns the members mailed.
        """
        members = self._mailable()
        now = fields.Datetime.now()
        mailed = self.browse()
        for batch in split_every(batch_size, members.ids, self.browse):
            composer = self.env["mail.compose.message"].create(
                {
                    "composition_mode": "mass_mail",
                    "model": self._name,
                    "res_ids": str(batch.ids),
                    "template_id": template.id,
                    # queued: the mail queue cron sends them, never the request
                    "force_send": False,
                    "use_exclusion_list": True,
                }
            )
            mails_su = composer._action_send_mail()[0]
            # a mail the composer cancelled (address blacklisted meanwhile,
            # invalid) did not reach its member
            sent = self.browse(
                mails_su.filtered(lambda mail: mail.state != "cancel").mapped("res_id")
            )
            if not sent:
                continue
            # the partner's chatter records what was sent, in one batch (a campaign
            # may hold thousands of members); _message_log_batch writes no partner
            # field, so salespeople without the right to edit partners may log it
            sent.partner_id._message_log_batch(
                bodies={
                    member.partner_id.id: Markup("<p>%s</p>")
                    % self.env._(
                        "Campaign e-mail sent: %(subject)s (%(campaign)s)",
                        subject=mail.subject,
                        campaign=member.campaign_id.title,
                    )
                    for member, mail in zip(
                        sent, sent._campaign_mails(mails_su), strict=True
                    )
                },
                message_type="comment",
            )
            sent.write({"date_last_mailing": now})
            sent.filtered(lambda m: m.status == "targeted").write({"status": "invited"})
            mailed |= sent
        return mailed

    def _campaign_mails(self, mails_su):
        """The mail of each member in ``mails_su``, in the members' order."""
        by_member = {mail.res_id: mail for mail in mails_su}
        return [by_member[member.id] for member in self]

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_document_template import DOCUMENT_KINDS, DOCUMENT_MODELS, DOCUMENT_REPORT

MANAGER_GROUP = "sales_team.group_sale_manager"
# the record a document is generated from -> the document's Many2one to it
SOURCE_FIELDS = {
    "res.partner": "partner_id",
    "crm.lead": "lead_id",
    "crm.support.contract": "support_contract_id",
    "crm.campaign.member": "campaign_member_id",
}
STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("sent", "Sent"),
    ("cancelled", "Cancelled"),
]


class CrmDocument(models.Model):
    """A document generated from a template on a customer, a deal, a campaign
    member or a support contract: its rendered body, its PDF (an attachment of the
    document, so that it follows the document's access), its approval by a sales
    manager when the template asks for it, and its sending by e-mail."""

    _name = "crm.document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Document"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    template_id = fields.Many2one(
        "crm.document.template",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    kind = fields.Selection(DOCUMENT_KINDS, required=True, default="other")
    res_model = fields.Selection(
        DOCUMENT_MODELS, string="Generated From", required=True, readonly=True
    )
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        help="The contact the document is addressed to.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    support_contract_id = fields.Many2one(
        "crm.support.contract",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    campaign_member_id = fields.Many2one(
        "crm.campaign.member",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        precompute=True,
        index="btree_not_null",
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, tracking=True, index=True
    )
    requires_approval = fields.Boolean(
        readonly=True,
        help="Copied from the template at generation: the document must be "
        "approved by a sales manager before it is sent.",
    )
    lang = fields.Char(
        string="Language", readonly=True, help="The customer's language, rendered in."
    )
    body_html = fields.Html(string="Body", sanitize_style=True)
    attachment_id = fields.Many2one(
        "ir.attachment", string="PDF", readonly=True, ondelete="set null", copy=False
    )
    refuse_reason = fields.Text(
        tracking=True, help="Why a sales manager refused the document."
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    contact_log_ids = fields.One2many("crm.contact.log", "document_id")

    @api.depends("lead_id.team_id", "user_id")
    def _compute_team_id(self):
        for document in self:
            document.team_id = document.lead_id.team_id or document.user_id.sale_team_id

    # ------------------------------------------------------------
    # GENERATION
    # ------------------------------------------------------------

    @api.model
    def _generate(self, template, records):
        """Documents of ``template`` on ``records`` (one each), rendered in the
        customer's language, with their PDF and a contact log of kind Letter on the
        customer; those whose template requires approval wait for a sales manager.

        :return: crm.document recordset
        """
        template._check_records(records)
        records.check_access("read")
        bodies = template._render_body(records)
        langs = template._render_lang(records.ids)
        vals_list = []
        for record in records:
            partner = template._document_partner(record)
            if not partner:
                raise UserError(
                    self.env._(
                        "%(record)s has no customer to address the document to.",
                        record=record.display_name,
                    )
                )
            vals = {
                "name": self.env._(
                    "%(template)s - %(record)s",
                    template=template.name,
                    record=record.display_name,
                ),
                "template_id": template.id,
                "kind": template.kind,
                "res_model": record._name,
                "res_id": record.id,
                "partner_id": partner.id,
                "company_id": (
                    template.company_id
                    or ("company_id" in record and record.company_id)
                    or self.env.company
                ).id,
                "requires_approval": template.requires_approval,
                "lang": langs[record.id],
                "body_html": bodies[record.id],
            }
            if record._name != "res.partner":
                vals[SOURCE_FIELDS[record._name]] = record.id
            if record._name == "crm.campaign.member" and record.lead_id:
                vals["lead_id"] = record.lead_id.id
            vals_list.append(vals)
        documents = self.create(vals_list)
        # demo data defers the PDF: no report engine call while a database installs
        if not self.env.context.get("crm_document_defer_pdf"):
            documents._make_pdf()
        documents._log_contact(sent=False)
        documents.filtered("requires_approval")._request_approval()
        return documents

    @api.model
    def _generate_from_ids(self, template_id, res_ids):
        """``_generate`` from ids (XML data, server actions)."""
        template = self.env["crm.document.template"].browse(template_id)
        return self._generate(template, self.env[template.res_model].browse(res_ids))

    def _make_pdf(self):
        """(Re)print each document's PDF into its attachment."""
        for document in self:
            content, __ = (
                self.env["ir.actions.report"]
                .with_context(lang=document.lang or self.env.lang)
                ._render_qweb_pdf(DOCUMENT_REPORT, res_ids=document.ids)
            )
            vals = {
                "name": f"{document.name}.pdf",
                "raw": content,
                "mimetype": "application/pdf",
                "res_model": document._name,
                "res_id": document.id,
            }
            if document.attachment_id:
                document.attachment_id.write(vals)
            else:
                document.attachment_id = self.env["ir.attachment"].create(vals)

    def _log_contact(self, sent):
        """A contact log on the customer, linked to the deal: kind Letter when the
        document is generated, E-mail when it is sent."""
        letter = self.env.ref("crm_suite.mail_activity_type_letter")
        email = self.env.ref("mail.mail_activity_data_email")
        vals_list = []
        for document in self:
            partner = document.partner_id
            commercial = partner.commercial_partner_id
            vals_list.append(
                {
                    "partner_id": commercial.id,
                    "contact_id": partner.id if partner != commercial else False,
                    "activity_type_id": (email if sent else letter).id,
                    "direction": "out",
                    "user_id": self.env.user.id,
                    "company_id": document.company_id.id,
                    "lead_id": document.lead_id.id,
                    "document_id": document.id,
                    "summary": (
                        self.env._("Sent by e-mail: %(name)s", name=document.name)
                        if sent
                        else self.env._("Document: %(name)s", name=document.name)
                    ),
                }
            )
        return self.env["crm.contact.log"].create(vals_list)

    # ------------------------------------------------------------
    # APPROVAL
    # ------------------------------------------------------------

    def _approvers(self):
        """Who is asked to approve: the deal's team leader when they are a sales
        manager, else the sales managers of the document's company."""
        self.ensure_one()
        leader = self.lead_id.team_id.user_id
        if leader and leader.has_group(MANAGER_GROUP):
            return leader
        # sudo usage: a salesperson lists the managers to ask, nothing more
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER_GROUP).id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )
        )

    def _request_approval(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for document in self:
            document.with_context(crm_document_transition=True).state = "to_approve"
            for approver in document._approvers():
                document.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=approver.id,
                    summary=self.env._("Approve %(name)s", name=document.name),
                    note=self.env._(
                        "Check the prices and terms, then approve or refuse the "
                        "document."
                    ),
                )

    def _approval_activities(self):
        return self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id
                == self.env.ref("mail.mail_activity_data_todo")
            )
        )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a sales manager can approve or refuse a document.")
            )

    def action_request_approval(self):
        for document in self:
            if document.state != "draft":
                raise UserError(
                    self.env._(
                        "Only a draft document can be submitted for approval "
                        "(%(name)s is %(state)s).",
                        name=document.name,
                        state=document._state_label(),
                    )
                )
        self._request_approval()
        return True

    def action_approve(self):
        self._check_manager()
        for document in self:
            if document.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(name)s is not waiting for approval.", name=document.name
                    )
                )
        self.with_context(crm_document_transition=True).write(
            {"state": "approved", "approved_by_id": self.env.user.id}
        )
        for document in self:
            document._approval_activities().action_feedback(
                feedback=self.env._("Approved")
            )
        return True

    def action_refuse(self):
        """Back to draft with the reason (typed in the form's Refusal Reason) for
        the responsible, who fixes and submits again."""
        self._check_manager()
        for document in self:
            if document.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(name)s is not waiting for approval.", name=document.name
                    )
                )
            if not (document.refuse_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write why %(name)s is refused in Refusal Reason first.",
                        name=document.name,
                    )
                )
        self.with_context(crm_document_transition=True).write({"state": "draft"})
        for document in self:
            document._approval_activities().action_feedback(
                feedback=self.env._(
                    "Refused: %(reason)s", reason=document.refuse_reason
                )
            )
            document.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=document.user_id.id,
                summary=self.env._("Document refused: %(name)s", name=document.name),
                note=document.refuse_reason,
            )
        return True

    def action_cancel(self):
        for document in self:
            if document.state == "sent":
                raise UserError(
                    self.env._(
                        "%(name)s was sent: it cannot be cancelled.",
                        name=document.name,
                    )
                )
        self.with_context(crm_document_transition=True).write({"state": "cancelled"})
        self._approval_activities().unlink()
        return True

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_sendable(self):
        for document in self:
            if document.state in ("to_approve",) or (
                document.requires_approval and document.state == "draft"
            ):
                raise UserError(
                    self.env._(
                        "%(name)s needs a sales manager's approval before it is sent.",
                        name=document.name,
                    )
                )
            if document.state == "cancelled":
                raise UserError(
                    self.env._("%(name)s is cancelled.", name=document.name)
                )

    def action_send(self):
        """Odoo's composer with the document's e-mail template: the customer as
        recipient, the salutation in the body, the PDF attached (the template's
        report prints it from the document's body)."""
        self.ensure_one()
        self._check_sendable()
        if not self.attachment_id:
            self._make_pdf()
        template = self.env.ref("crm_suite.mail_template_crm_document")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "crm_document_mark_sent": True,
            },
        }

    def _mark_sent(self):
        self._check_sendable()
        documents = self.filtered(lambda document: document.state != "sent")
        # sudo usage: the sending date is written by the send, never by hand
        documents.sudo().with_context(crm_document_transition=True).write(
            {"state": "sent", "date_sent": fields.Datetime.now()}
        )
        documents._log_contact(sent=True)

    def message_post(self, **kwargs):
        if self.env.context.get("crm_document_mark_sent"):
            self._mark_sent()
        return super(
            CrmDocument, self.with_context(crm_document_mark_sent=False)
        ).message_post(**kwargs)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for document in self:
            document._message_add_suggested_recipient(
                recipients, partner=document.partner_id, reason=self.env._("Customer")
            )
        return recipients

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    def write(self, vals):
        if "state" in vals and not self.env.context.get("crm_document_transition"):
            raise UserError(
                self.env._("The state of a document changes through its buttons.")
            )
        if (
            vals.get("state") == "approved"
            or vals.keys() & {"requires_approval", "approved_by_id"}
        ) and not self.env.su:
            self._check_manager()
        if "date_sent" in vals and not self.env.su:
            raise UserError(self.env._("The sending date is set by sending."))
        if vals.get("state") == "sent":
            self._check_sendable()
        body_changed = "body_html" in vals
        if body_changed:
            if any(document.state in ("sent", "cancelled") for document in self):
                raise UserError(
                    self.env._("A sent or cancelled document cannot be changed.")
                )
            reapprove = self.filtered(
                lambda document: (
                    document.state == "approved" and document.requires_approval
                )
            )
        result = super().write(vals)
        if body_changed:
            # sudo usage: a changed text clears the approval, whoever changes it
            reapprove.sudo().with_context(crm_document_transition=True).write(
                {"state": "draft", "approved_by_id": False}
            )
            reapprove._request_approval()
            self._make_pdf()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if any(document.state == "sent" for document in self):
            raise UserError(self.env._("A sent document cannot be deleted."))

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_pdf(self):
        self.ensure_one()
        if not self.attachment_id:
            self._make_pdf()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=false",
            "target": "new",
        }

import io
import logging
import os
import tempfile

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

MERGE_STATES = [
    ("draft", "Draft"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]
# the letters one cron call renders: one wkhtmltopdf run, one PDF kept as an
# attachment until the final merge, one batch of contact logs
MERGE_BATCH_SIZE = 200
MERGE_MODELS = ("crm.campaign.member", "res.partner")


class CrmMailMerge(models.Model):
    """A mail merge: one document template rendered on every member of a campaign
    (or on a selection of customers), one letter per recipient in the recipient's
    language, gathered in one PDF. It runs in the background: "Start" queues it and
    wakes a cron that renders the letters in batches (one PDF per batch, kept as an
    attachment), logs a Letter contact per recipient, then merges the batches page
    by page into the result and tells the requester."""

    _name = "crm.mail.merge"
    _inherit = ["mail.thread", "crm.suite.cron.mixin"]
    _description = "Mail Merge"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        required=True,
        default=lambda self: self.env._("Mail merge"),
        tracking=True,
    )
    template_id = fields.Many2one(
        "crm.document.template",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain="[('res_model', 'in', ('crm.campaign.member', 'res.partner'))]",
        help="The letter printed for each recipient; a template on campaign members "
        "needs a campaign (or members), one on customers a list of customers or a "
        "campaign, whose members' contacts then receive it.",
    )
    template_model = fields.Selection(related="template_id.res_model")
    campaign_id = fields.Many2one(
        "utm.campaign",
        index="btree_not_null",
        ondelete="cascade",
        help="Every member of the campaign receives a letter, unless members are "
        "selected below.",
    )
    member_ids = fields.Many2many(
        "crm.campaign.member",
        "crm_mail_merge_member_rel",
        "merge_id",
        "member_id",
        string="Members",
        help="The campaign members who receive a letter; empty means every member "
        "of the campaign when the merge starts.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_mail_merge_partner_rel",
        "merge_id",
        "partner_id",
        string="Customers",
        help="The customers who receive a letter, for a template on customers.",
    )
    state = fields.Selection(
        MERGE_STATES, required=True, default="draft", index=True, tracking=True
    )
    total_count = fields.Integer(
        string="Letters", readonly=True, help="The letters the merge prints."
    )
    done_count = fields.Integer(
        string="Letters Printed",
        readonly=True,
        help="The letters rendered so far (the result is ready once they all are "
        "and merged).",
    )
    progress = fields.Float(compute="_compute_progress", help="Letters printed, %.")
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="Result",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The merged PDF, one letter per recipient.",
    )
    result_file = fields.Binary(related="attachment_id.datas", string="Letters PDF")
    result_filename = fields.Char(related="attachment_id.name", string="File Name")
    batch_attachment_ids = fields.Many2many(
        "ir.attachment",
        "crm_mail_merge_batch_rel",
        "merge_id",
        "attachment_id",
        string="Rendered Batches",
        readonly=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="The letters are rendered with this user's access rights, and the "
        "merge and its PDF are theirs.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_start = fields.Datetime(string="Started", readonly=True, copy=False)
    date_done = fields.Datetime(string="Finished", readonly=True, copy=False)
    error_message = fields.Text(string="Error", readonly=True, copy=False)
    skipped_count = fields.Integer(
        string="Skipped",
        readonly=True,
        copy=False,
        help="Recipients left out when the merge started because the requester "
        "cannot read their contact.",
    )

    @api.depends("done_count", "total_count")
    def _compute_progress(self):
        for merge in self:
            merge.progress = (
                100.0 * merge.done_count / merge.total_count
                if merge.total_count
                else 0.0
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._crm_suite_check_input(vals_list)  # the values read below are sound
        for vals in vals_list:
            # the requester is who creates the merge: its PDF and logs are theirs
            vals["user_id"] = self.env.uid
        merges = super().create(vals_list)
        merges._check_campaign_readable()
        return merges

    def write(self, vals):
        self._crm_suite_check_input([vals])
        if "user_id" in vals and not self.env.su:
            raise UserError(self.env._("The requester of a mail merge cannot change."))
        result = super().write(vals)
        if "campaign_id" in vals:
            self._check_campaign_readable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_running(self):
        if any(merge.state == "running" for merge in self):
            raise UserError(
                self.env._("A running mail merge cannot be deleted; wait for it.")
            )

    def _check_campaign_readable(self):
        """A salesperson merges only the campaigns they may read."""
        self.campaign_id.check_access("read")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_start(self):
        """Queue the merge: fix its recipients (those whose contact the requester
        may read) and wake the cron that renders it."""
        for merge in self:
            if merge.state not in ("draft", "failed"):
                raise UserError(
                    self.env._(
                        "Mail merge “%(name)s” is already %(state)s.",
                        name=merge.name,
                        state=dict(MERGE_STATES)[merge.state].lower(),
                    )
                )
            merge._prepare_recipients()
        self.write(
            {
                "state": "queued",
                "done_count": 0,
                "error_message": False,
                "date_start": fields.Datetime.now(),
                "date_done": False,
            }
        )
        self.batch_attachment_ids.unlink()
        self.env.ref("crm_suite.ir_cron_mail_merge")._trigger()
        return True

    def action_reset_draft(self):
        for merge in self:
            if merge.state == "running":
                raise UserError(
                    self.env._("A running mail merge cannot be reset; wait for it.")
                )
        self.batch_attachment_ids.unlink()
        self.write({"state": "draft", "done_count": 0, "error_message": False})
        return True

    def _prepare_recipients(self):
        """Check the merge can start and fill its recipients: the campaign's members
        when none are selected (or their contacts for a template on customers),
        without those whose contact the requester cannot read."""
        self.ensure_one()
        template = self.template_id
        if template.res_model not in MERGE_MODELS:
            raise UserError(
                self.env._(
                    "Template “%(name)s” applies neither to campaign members nor to "
                    "customers: choose a letter template for a mail merge.",
                    name=template.name,
                )
            )
        members = self.member_ids
        if not members and self.campaign_id:
            members = self.campaign_id.member_ids
        if template.res_model == "crm.campaign.member":
            readable = members.partner_id._filtered_access("read")
            recipients = members.filtered(lambda m: m.partner_id in readable)
            skipped = len(members) - len(recipients)
            values = {"member_ids": [fields.Command.set(recipients.ids)]}
        else:
            partners = self.partner_ids | members.partner_id
            recipients = partners._filtered_access("read")
            skipped = len(partners) - len(recipients)
            values = {"partner_ids": [fields.Command.set(recipients.ids)]}
        if not recipients:
            raise UserError(
                self.env._(
                    "Mail merge “%(name)s” has nobody to write to: choose a campaign "
                    "with members, or customers.",
                    name=self.name,
                )
            )
        values.update(total_count=len(recipients), skipped_count=skipped)
        self.write(values)

    @api.model
    def action_open_new(self, campaign_id=False, member_ids=None, partner_ids=None):
        """The form of a new mail merge for a campaign, some of its members or some
        customers (the buttons of the campaign, the member list and the contact
        list)."""
        context = {"default_campaign_id": campaign_id}
        if member_ids:
            context["default_member_ids"] = [fields.Command.set(member_ids)]
        if partner_ids:
            context["default_partner_ids"] = [fields.Command.set(partner_ids)]
        campaign = self.env["utm.campaign"].browse(campaign_id)
        if campaign:
            campaign.check_access("read")
            context["default_name"] = self.env._(
                "Letters: %(campaign)s", campaign=campaign.title
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mail Merge"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_view_result(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("The mail merge has no result yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_run_mail_merge(self, batch_size=MERGE_BATCH_SIZE):
        """One step of the oldest queued or running merge no other worker holds:
        a batch of letters, or the final merge when they are all rendered. Odoo's
        cron commits after each call and calls again while some work remains."""
        merge = self._crm_suite_claim(
            SQL("state IN ('queued', 'running')"), order=SQL("id"), limit=1
        )
        if not merge:
            self._crm_suite_cron_progress(done=0, remaining=0)
            return
        done = merge._run_step(batch_size)
        self._crm_suite_cron_progress(done=done, remaining=self._remaining_steps())

    @api.model
    def _remaining_steps(self):
        """The letters left to render in every queued or running merge, plus one
        final merge step each."""
        groups = (
            self.sudo()._read_group(  # sudo usage: a count over every user's merges
                [("state", "in", ("queued", "running"))],
                aggregates=["total_count:sum", "done_count:sum", "__count"],
            )
        )
        total, done, count = groups[0]
        return max((total or 0) - (done or 0), 0) + count

    def _run_step(self, batch_size):
        """Render the next batch of this merge, or merge the batches once all are
        rendered, as the requester (their access rights, their company). A failure
        marks the merge failed with its message and rolls back the step only.

        :return: the units of work done (letters rendered, or 1 for the merge)
        """
        self.ensure_one()
        merge = self.with_user(self.user_id).with_company(self.company_id)
        merge = merge.with_context(
            allowed_company_ids=[self.company_id.id], lang=self.user_id.lang
        )
        try:
            with self.env.cr.savepoint():
                if merge.done_count < merge.total_count:
                    return merge._render_next_batch(batch_size)
                merge._merge_batches()
                return 1
        except Exception as error:  # noqa: BLE001  any failure is reported on the merge
            _logger.exception("Mail merge %s failed", self.id)
            self.write(
                {
                    "state": "failed",
                    "error_message": str(error) or type(error).__name__,
                    "date_done": fields.Datetime.now(),
                }
            )
            self._notify_requester()
            return 1

    def _recipients(self):
        """The records the letters are rendered on, in a stable order."""
        self.ensure_one()
        if self.template_id.res_model == "crm.campaign.member":
            return self.member_ids.sorted("id")
        return self.partner_ids.sorted("id")

    def _render_next_batch(self, batch_size):
        self.ensure_one()
        batch = self._recipients()[self.done_count : self.done_count + batch_size]
        if not batch:
            # the recipients changed since the start (a member deleted)
            self.total_count = self.done_count
            return 0
        pdf = self._render_letters_pdf(batch)
        if not pdf or not pdf.startswith(b"%PDF"):
            raise UserError(
                self.env._(
                    "The letters %(first)s to %(last)s could not be printed "
                    "(wkhtmltopdf produced no PDF); see the server log.",
                    first=self.done_count + 1,
                    last=self.done_count + len(batch),
                )
            )
        number = len(self.batch_attachment_ids) + 1
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"mail-merge-{self.id}-batch-{number:04d}.pdf",
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._log_letters(batch)
        self.write(
            {
                "state": "running",
                "done_count": self.done_count + len(batch),
                "batch_attachment_ids": [fields.Command.link(attachment.id)],
            }
        )
        return len(batch)

    def _render_letters_pdf(self, records):
        """The letters of ``records`` in one PDF, one page each: the template's body
        rendered on each record in its customer's language (the template's
        ``_render_body``), below the company's letterhead and the customer's letter
        address, all in one HTML document for a single wkhtmltopdf run.

        :return: bytes
        """
        self.ensure_one()
        template = self.template_id
        bodies = template._render_body(records)
        langs = template._render_lang(records.ids)
        today = fields.Date.context_today(self)
        letters = []
        for record in records:
            partner = template._document_partner(record)
            lang = langs[record.id]
            letters.append(
                {
                    "record": record,
                    "partner": partner,
                    "lang": lang,
                    "address": partner._crm_letter_address(),
                    "date": format_date(self.env, today, lang_code=lang),
                    "body": bodies[record.id],
                }
            )
        pdf, __ = self.env["ir.actions.report"]._render_qweb_pdf(
            "crm_suite.action_report_mail_merge",
            data={"letters": letters, "company": self.company_id},
        )
        return pdf

    def _log_letters(self, recipients):
        """One Letter contact log per recipient, in one create."""
        letter = self.env.ref("crm_suite.mail_activity_type_letter")
        campaign = self.campaign_id
        summary = self.env._("Letter: %(template)s", template=self.template_id.name)
        if campaign:
            summary = self.env._(
                "Letter: %(template)s (%(campaign)s)",
                template=self.template_id.name,
                campaign=campaign.title,
            )
        summary = summary[:250]
        vals_list = []
        for recipient in recipients:
            member = recipient if recipient._name == "crm.campaign.member" else None
            partner = member.partner_id if member else recipient
            customer = partner.commercial_partner_id
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "contact_id": partner.id if partner != customer else False,
                    "activity_type_id": letter.id,
                    "direction": "out",
                    "summary": summary,
                    "user_id": self.user_id.id,
                    "company_id": self.company_id.id,
                    "campaign_member_id": member.id if member else False,
                }
            )
        return self.env["crm.contact.log"].create(vals_list)

    def _merge_batches(self):
        """Append the batches' pages, one batch file at a time, to the result, which
        is written to a temporary file and stored as the merge's PDF; the batches are
        then deleted."""
        self.ensure_one()
        batches = self.batch_attachment_ids.sorted("id")
        writer = PdfFileWriter()
        streams = []
        try:
            for batch in batches:
                stream = self._open_attachment(batch)
                streams.append(stream)
                reader = PdfFileReader(stream, strict=False)
                for page in reader.pages:
                    writer.add_page(page)
            with tempfile.TemporaryFile(suffix=".pdf") as output:
                writer.write(output)
                output.seek(0)
                data = output.read()
        finally:
            for stream in streams:
                stream.close()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.pdf",
                "raw": data,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "date_done": fields.Datetime.now(),
            }
        )
        batches.unlink()
        self._notify_requester()

    @api.model
    def _open_attachment(self, attachment):
        """A binary stream on the attachment's content: its file in the filestore
        (read as the PDF reader needs it, not loaded at once) or its database
        value."""
        if attachment.store_fname:
            path = attachment._full_path(attachment.store_fname)
            if os.path.isfile(path):
                return open(path, "rb")  # noqa: SIM115  closed by _merge_batches
        return io.BytesIO(attachment.raw)

    def _notify_requester(self):
        """Tell the requester the merge is over: a message on the merge that reaches
        their inbox (from OdooBot: Odoo does not notify the author of a message) and
        a notification in their open browser tabs."""
        odoobot = self.env.ref("base.partner_root")
        for merge in self:
            requester = merge.user_id
            env = merge.with_context(lang=requester.lang).env
            if merge.state == "done":
                body = env._(
                    "Mail merge “%(name)s” is ready: %(count)s letters.",
                    name=merge.name,
                    count=merge.total_count,
                )
            else:
                body = env._(
                    "Mail merge “%(name)s” failed: %(error)s",
                    name=merge.name,
                    error=merge.error_message,
                )
            # sudo usage: the message is the cron's (OdooBot's), not the requester's
            merge.sudo().message_post(
                body=Markup("<p>%s</p>") % body,
                author_id=odoobot.id,
                partner_ids=requester.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            requester._bus_send(
                "simple_notification",
                {
                    "type": "success" if merge.state == "done" else "danger",
                    "title": env._("Mail merge"),
                    "message": body,
                },
            )

import re
from collections import defaultdict

from lxml import html as lxml_html

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# the records a document template applies to, and how each names its customer
DOCUMENT_MODELS = [
    ("res.partner", "Customer"),
    ("crm.lead", "Deal"),
    ("crm.campaign.member", "Campaign Member"),
    ("crm.support.contract", "Support Contract"),
]
DOCUMENT_KINDS = [
    ("proposal", "Proposal"),
    ("contract", "Contract"),
    ("specification", "Specification"),
    ("price_agreement", "Price Agreement"),
    ("letter", "Letter"),
    ("other", "Other"),
]
DOCUMENT_REPORT = "crm_suite.action_report_crm_document"
# what a letter says about the customer, from the record's customer field
_CUSTOMER = (
    "name",
    "crm_letter_salutation",
    "crm_letter_address",
    "function",
    "email",
    "phone",
    "commercial_partner_id",
    "commercial_partner_id.name",
)
_USER = ("user_id", "user_id.name", "user_id.signature", "user_id.email")
_COMPANY = ("company_id", "company_id.name")


def _paths(*paths, customer=None):
    prefix = f"object.{customer}." if customer else "object."
    customer_paths = (f"object.{customer}",) if customer else ()
    return (
        customer_paths
        + tuple(prefix + path for path in _CUSTOMER)
        + tuple(f"object.{path}" for path in (*paths, *_USER, *_COMPANY))
    )


# The placeholders the dynamic placeholder picker offers to template authors
# outside "Mail Template Editor" (mail's whitelist, ``mail_allowed_qweb_expressions``);
# any other plain field path can still be typed (see ir_qweb.py).
DOCUMENT_PLACEHOLDERS = {
    "res.partner": _paths("title", "title.name", "vat", "ref"),
    "crm.lead": _paths(
        "name",
        "expected_revenue",
        "crm_document_amount",
        "crm_document_products",
        "date_deadline",
        "team_id",
        "team_id.name",
        customer="partner_id",
    ),
    "crm.campaign.member": _paths(
        "campaign_id", "campaign_id.name", customer="partner_id"
    ),
    "crm.support.contract": _paths(
        "name",
        "hours_included",
        "hours_balance",
        "crm_document_date_start",
        "crm_document_date_end",
        "crm_document_hourly_rate",
        customer="partner_id",
    ),
}
# the names a template expression may start a field path from
PATH_ROOTS = {"object": None, "user": "res.users"}
PATH_RE = re.compile(r"(?<![\w.])(object|user)((?:\.\w+)+)")
# QWeb attributes whose value is a Python expression, and those that are formats
EXPRESSION_ATTRIBUTES = re.compile(
    r"^t-(out|esc|raw|if|elif|foreach|value|att-.+|att)$"
)
FORMAT_ATTRIBUTES = re.compile(r"^t-attf-.+$")


FIELD_PATH_RE = re.compile(r"^object(\.\w+)+$")
FIELD_PATHS_CONTEXT = "crm_document_field_paths_model"


def is_field_path(env, model, expression):
    """Whether ``expression`` is a plain path of fields of ``model`` from
    ``object``: ``object.partner_id.name``; no call, no private name."""
    expression = (expression or "").strip()
    if not model or not FIELD_PATH_RE.match(expression):
        return False
    current = env[model]
    names = expression.split(".")[1:]
    for index, name in enumerate(names):
        field = current._fields.get(name)
        if field is None or name.startswith("_"):
            return False
        if index < len(names) - 1:
            if not field.relational:
                return False
            current = env[field.comodel_name]
    return True


class CrmDocumentTemplate(models.Model):
    """A document template: a proposal, a contract, a letter... whose body is
    rendered with Odoo's safe QWeb rendering (``mail.render.mixin``, as mail
    templates) on a customer, a deal, a campaign member or a support contract, in the
    customer's language, and printed on the company letterhead."""

    _name = "crm.document.template"
    _inherit = ["mail.render.mixin"]
    _description = "Document Template"
    _order = "kind, name, id"
    _check_company_auto = True
    # as mail.template: the template is trusted when rendered (only sales managers
    # write it, and code placeholders need the Template Editor group, checked at
    # create/write by mail.render.mixin)
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(DOCUMENT_KINDS, required=True, default="proposal")
    res_model = fields.Selection(
        DOCUMENT_MODELS,
        string="Applies To",
        required=True,
        default="crm.lead",
        help="The records the template is generated from; its placeholders start "
        "from this record (“object”).",
    )
    body_html = fields.Html(
        string="Body",
        render_engine="qweb",
        render_options={"post_process": True},
        prefetch=True,
        translate=True,
        sanitize="email_outgoing",
        help="The document's text. Placeholders are inserted with /field (or "
        'typed as <t t-out="object.partner_id.name"/>) and rendered in the '
        "customer's language.",
    )
    requires_approval = fields.Boolean(
        help="A document generated from this template waits for a sales manager's "
        "approval before it can be sent.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty to share the template between companies.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------
    # SAFE RENDERING: plain field paths need no Template Editor group
    # ------------------------------------------------------------

    @api.model
    def _has_unsafe_expression_template_qweb(self, template_src, model):
        """Plain field paths of the record are safe (rendered without evaluation);
        the rest follows mail's rule."""
        return super(
            CrmDocumentTemplate, self.with_context(**{FIELD_PATHS_CONTEXT: model})
        )._has_unsafe_expression_template_qweb(template_src, model)

    @api.model
    def _render_template_qweb_regex(self, template_src, model, res_ids):
        return super(
            CrmDocumentTemplate, self.with_context(**{FIELD_PATHS_CONTEXT: model})
        )._render_template_qweb_regex(template_src, model, res_ids)

    @api.depends("res_model")
    def _compute_render_model(self):
        for template in self:
            template.render_model = template.res_model

    # ------------------------------------------------------------
    # CHECKS
    # ------------------------------------------------------------

    @api.constrains("body_html", "res_model")
    def _check_body_html(self):
        """A template that cannot render is refused at save: each field path
        (object.x.y, user.x) must exist on the record's model, and the body must
        render against a real record of the model (an empty one when there is
        none)."""
        # the code of a template is run below: first refuse code placeholders to
        # users outside "Mail Template Editor" (mail.render.mixin checks it only
        # after the constraints)
        self._check_access_right_dynamic_template()
        for template in self:
            if not template.body_html or not template.res_model:
                continue
            template._check_body_paths()
            template._check_body_renders()

    def _body_expressions(self):
        """The Python expressions of the body's QWeb directives."""
        self.ensure_one()
        try:
            root = lxml_html.fragment_fromstring(self.body_html, create_parent="div")
        except Exception as error:  # lxml raises several parser errors
            raise ValidationError(
                self.env._(
                    "The body of template “%(name)s” is not valid HTML: %(error)s",
                    name=self.name,
                    error=error,
                )
            ) from error
        expressions = []
        for node in root.iter():
            for attribute, value in node.attrib.items():
                if EXPRESSION_ATTRIBUTES.match(attribute):
                    expressions.append(value)
                elif FORMAT_ATTRIBUTES.match(attribute):
                    expressions += re.findall(r"\{\{(.+?)\}\}|#\{(.+?)\}", value)
        return [e if isinstance(e, str) else "".join(e) for e in expressions]

    def _check_body_paths(self):
        self.ensure_one()
        for expression in self._body_expressions():
            for root, path in PATH_RE.findall(expression):
                model = self.env[PATH_ROOTS[root] or self.res_model]
                for name in path.split(".")[1:]:
                    field = model._fields.get(name)
                    if field is None:
                        if not name.startswith("_") and callable(
                            getattr(model, name, None)
                        ):
                            break  # a public method (mapped, filtered...)
                        raise ValidationError(
                            self.env._(
                                "Template “%(name)s”: the placeholder “%(expression)s”"
                                " uses “%(field)s”, which is not a field of "
                                "%(model)s.",
                                name=self.name,
                                expression=root + path,
                                field=name,
                                model=model._description,
                            )
                        )
                    if not field.relational:
                        break
                    model = self.env[field.comodel_name]

    def _check_body_renders(self):
        self.ensure_one()
        record = self.env[self.res_model].search([], limit=1)
        variables = self._render_eval_context()
        variables["object"] = record
        try:
            self.env["ir.qweb"]._render(
                lxml_html.fragment_fromstring(self.body_html, create_parent="div"),
                variables,
            )
        except Exception as error:  # noqa: BLE001  any failure is the editor's
            # QWeb wraps the cause ("invalid syntax", "t-foreach without t-as"...)
            cause = error.__cause__ or error
            message = str(cause).strip().splitlines()
            raise ValidationError(
                self.env._(
                    "Template “%(name)s” cannot be rendered on %(record)s: %(error)s",
                    name=self.name,
                    record=record.display_name
                    or self.env._("an empty %(model)s", model=record._description),
                    error=message[0] if message else type(error).__name__,
                )
            ) from error

    # ------------------------------------------------------------
    # RENDERING
    # ------------------------------------------------------------

    @api.model
    def _document_partner(self, record):
        """The customer a document on ``record`` is addressed to."""
        if record._name == "res.partner":
            return record
        return record.partner_id

    def _check_records(self, records):
        self.ensure_one()
        if records._name != self.res_model:
            raise UserError(
                self.env._(
                    "Template “%(name)s” applies to %(expected)s, not to %(given)s.",
                    name=self.name,
                    expected=dict(
                        self._fields["res_model"]._description_selection(self.env)
                    )[self.res_model],
                    given=records._description,
                )
            )

    def _render_lang(self, res_ids, engine="inline_template"):
        """The customer's language of each record (the user's when the customer
        has none), not a placeholder of the template."""
        self.ensure_one()
        records = self.env[self.res_model].browse(res_ids)
        default = self.env.lang or "en_US"
        active = {code for code, __ in self.env["res.lang"].get_installed()}
        langs = {}
        for record in records:
            lang = self._document_partner(record).lang
            langs[record.id] = lang if lang in active else default
        return langs

    def _render_body(self, records):
        """The body rendered on each record, in its customer's language.

        :param records: records of the template's model
        :return: {record id: Markup}
        """
        self.ensure_one()
        self._check_records(records)
        if not records:
            return {}
        by_lang = defaultdict(list)
        for res_id, lang in self._render_lang(records.ids).items():
            by_lang[lang].append(res_id)
        result = {}
        for lang, res_ids in by_lang.items():
            result.update(self._render_field("body_html", res_ids, set_lang=lang))
        return result

    def _render_pdf(self, records):
        """One PDF of the template rendered on ``records``, one page block per
        record, on the company letterhead (``web.external_layout``).

        :return: bytes
        """
        self.ensure_one()
        self._check_records(records)
        content, __ = self.env["ir.actions.report"]._render_qweb_pdf(
            DOCUMENT_REPORT,
            data={
                "template_id": self.id,
                "res_model": records._name,
                "res_ids": records.ids,
            },
        )
        return content

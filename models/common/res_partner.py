from markupsafe import Markup, escape

from odoo import api, fields, models


class ResPartner(models.Model):
    """The money gate on the customer: who may see its money figures; and the
    letter helpers (salutation, postal address block) every letter, label, dossier
    and e-mail uses."""

    _inherit = "res.partner"

    crm_letter_salutation = fields.Char(
        string="Letter Salutation",
        compute="_compute_crm_letter",
        help="How a letter to this contact opens, in the contact's language: the "
        "contact's own salutation when set, else built from the title and the name, "
        "else a neutral “Dear Sir or Madam,”.",
    )
    crm_letter_address = fields.Html(
        string="Letter Address",
        compute="_compute_crm_letter",
        sanitize=False,
        help="The postal address block of a letter or a label, in the country's "
        "address format: name, company, street, city, and the country when it is "
        "not the company's.",
    )

    def _crm_suite_sees_money(self, owns_deal=False):
        """Whether the current user may see this customer's money figures; the
        rule is ``crm.money._sees_money``."""
        self.ensure_one()
        return self.env["crm.money"]._sees_money(self, owns_deal=owns_deal)

    # ------------------------------------------------------------
    # LETTER HELPERS
    # ------------------------------------------------------------

    @api.depends(
        "crm_salutation",
        "title",
        "name",
        "is_company",
        "lang",
        "parent_id",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
    )
    @api.depends_context("company")
    def _compute_crm_letter(self):
        for partner in self:
            partner.crm_letter_salutation = partner._crm_letter_salutation()
            partner.crm_letter_address = Markup("<br/>").join(
                escape(line) for line in partner._crm_letter_address()
            )

    def _crm_letter_salutation(self):
        """The opening of a letter to this contact, in the contact's language: the
        contact's salutation (``crm_salutation``) when set; else “Dear <title>
        <name>,” for a person (“Dear <name>,” without a title); else a neutral
        “Dear Sir or Madam,” (a company, a contact without a name).

        :return: str
        """
        self.ensure_one()
        if self.crm_salutation:
            return self.crm_salutation
        partner = self.with_context(lang=self.lang or self.env.lang)
        env = partner.env
        if partner.is_company or not partner.name:
            return env._("Dear Sir or Madam,")
        title = partner.title.shortcut or partner.title.name
        if title:
            return env._("Dear %(title)s %(name)s,", title=title, name=partner.name)
        return env._("Dear %(name)s,", name=partner.name)

    def _crm_letter_address(self):
        """The postal address block of a letter window or a label, as a list of
        non-empty lines: the name, the company for a person of a company, then the
        address in the country's format (Odoo's ``_prepare_display_address``), the
        country left out when it is the current company's. Country and state names
        are in the contact's language.

        :return: list of str
        """
        self.ensure_one()
        partner = self.with_context(lang=self.lang or self.env.lang)
        lines = [partner.name or ""]
        if not partner.is_company and partner.commercial_company_name:
            lines.append(partner.commercial_company_name)
        address_format, args = partner._prepare_display_address(without_company=True)
        if partner.country_id and partner.country_id == self.env.company.country_id:
            args["country_name"] = ""
            args["country_code"] = ""
        lines += (address_format % args).splitlines()
        return [line.strip() for line in lines if line and line.strip()]

from odoo import api, fields, models


class CrmPartnerAttributeSet(models.Model):
    """The attributes a company's sales managers define for its contacts (text,
    number, date, yes/no, choice...): the definition side of the contacts'
    ``crm_attributes`` Properties field. One per company, made on first need."""

    _name = "crm.partner.attribute.set"
    _description = "Contact Attribute Definitions"
    _order = "company_id"

    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True
    )
    attribute_definition = fields.PropertiesDefinition("Contact Attributes")

    _sql_constraints = [
        (
            "company_unique",
            "unique(company_id)",
            "A company has one set of contact attributes.",
        ),
    ]

    @api.depends("company_id")
    def _compute_display_name(self):
        for attribute_set in self:
            attribute_set.display_name = self.env._(
                "Contact attributes of %(company)s",
                company=attribute_set.company_id.name or "",
            )

    @api.model
    def _for_companies(self, companies):
        """{company: its attribute set}, creating the missing ones. Lazily rather
        than at install and on company creation: one path covers existing
        companies, new ones and partners created before this module."""
        # sudo usage: anybody creating a contact gives it the set of its company
        sets_su = self.sudo().search([("company_id", "in", companies.ids)])
        found = {attribute_set.company_id: attribute_set for attribute_set in sets_su}
        missing = companies - sets_su.company_id
        if missing:
            created = self.sudo().create(
                [{"company_id": company.id} for company in missing]
            )
            found.update(zip(missing, created, strict=True))
        return {company: found[company].sudo(False) for company in companies}

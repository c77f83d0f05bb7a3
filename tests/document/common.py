# ruff: noqa: E501 (template bodies are HTML, one placeholder a line)
from datetime import date

from odoo import Command

from ..common import CrmSuiteCommon

DEAL_BODY = """
<div class="address" style="white-space: pre-line"><t t-out="object.partner_id.crm_letter_address"/></div>
<p class="salutation"><t t-out="object.partner_id.crm_letter_salutation"/></p>
<p class="customer"><t t-out="object.partner_id.commercial_partner_id.name"/></p>
<p class="job"><t t-out="object.partner_id.function"/></p>
<p class="amount"><t t-out="format_amount(object.expected_revenue, object.company_currency)"/></p>
<p class="date"><t t-out="format_date(object.date_deadline)"/></p>
<ul class="products"><li t-foreach="object.order_ids.order_line" t-as="line"><t t-out="line.product_id.name"/> x <t t-out="line.product_uom_qty"/></li></ul>
<div class="signature" t-out="user.signature"/>
"""

CONTRACT_BODY = """
<p class="contract"><t t-out="object.name"/></p>
<p class="hours"><t t-out="object.hours_included"/></p>
<p class="dates"><t t-out="format_date(object.date_start)"/> - <t t-out="format_date(object.date_end)"/></p>
<p class="rate"><t t-out="format_amount(object.hourly_rate, object.currency_id)"/></p>
"""


class DocumentCommon(CrmSuiteCommon):
    """Ardent Tools (Belgium, English) and its deal of ``sales_own``; Dupont
    Boulangerie (France, French) with Marie Dupont, a deal with a quotation of two
    products, and a support contract; a proposal template that requires approval,
    a letter template that does not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.sales_own.signature = "<p>Sam Seller, Sales</p>"
        cls.ann.write({"function": "Buyer", "lang": "en_US"})
        cls.madam = cls.env["res.partner.title"].create(
            {"name": "Madam", "shortcut": "Mrs."}
        )
        cls.madam.with_context(lang="fr_FR").write(
            {"name": "Madame", "shortcut": "Mme"}
        )
        cls.dupont = cls.env["res.partner"].create(
            {
                "name": "Dupont Boulangerie",
                "is_company": True,
                "lang": "fr_FR",
                "street": "12 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.marie = cls.env["res.partner"].create(
            {
                "name": "Marie Dupont",
                "parent_id": cls.dupont.id,
                "title": cls.madam.id,
                "function": "Directrice des achats",
                "lang": "fr_FR",
            }
        )
        cls.lead.write(
            {
                "partner_id": cls.ann.id,
                "expected_revenue": 1234.5,
                "date_deadline": date(2026, 3, 14),
            }
        )
        cls.lead_fr = cls.env["crm.lead"].create(
            {
                "name": "Dupont: ovens",
                "type": "opportunity",
                "partner_id": cls.marie.id,
                "user_id": cls.sales_own.id,
                "team_id": cls.team.id,
                "expected_revenue": 9876.25,
                "date_deadline": date(2026, 3, 14),
            }
        )
        cls.oven = cls.env["product.product"].create(
            {"name": "Deck Oven", "list_price": 5000.0}
        )
        cls.mixer = cls.env["product.product"].create(
            {"name": "Dough Mixer", "list_price": 1500.0}
        )
        cls.env["sale.order"].create(
            {
                "partner_id": cls.dupont.id,
                "opportunity_id": cls.lead_fr.id,
                "user_id": cls.sales_own.id,
                "order_line": [
                    Command.create({"product_id": cls.oven.id, "product_uom_qty": 1}),
                    Command.create({"product_id": cls.mixer.id, "product_uom_qty": 2}),
                ],
            }
        )
        cls.contract = cls.env["crm.support.contract"].create(
            {
                "name": "SUP-DUPONT",
                "partner_id": cls.dupont.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "period": "month",
                "hours_included": 12.0,
                "hourly_rate": 80.0,
            }
        )
        Template = cls.env["crm.document.template"]
        cls.proposal = Template.create(
            {
                "name": "Test Proposal",
                "kind": "proposal",
                "res_model": "crm.lead",
                "requires_approval": True,
                "body_html": DEAL_BODY,
            }
        )
        cls.letter = Template.create(
            {
                "name": "Test Deal Letter",
                "kind": "letter",
                "res_model": "crm.lead",
                "body_html": "<p><t t-out='object.partner_id.crm_letter_salutation'/></p>",
            }
        )
        cls.contract_template = Template.create(
            {
                "name": "Test Contract",
                "kind": "contract",
                "res_model": "crm.support.contract",
                "body_html": CONTRACT_BODY,
            }
        )

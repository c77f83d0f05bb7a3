from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_amount, format_date, mute_logger

from .common import DocumentCommon


def _texts(markup, css_class):
    """The text of the elements of ``css_class`` in rendered ``markup``."""
    root = html.fragment_fromstring(str(markup), create_parent="div")
    return [
        node.text_content().strip()
        for node in root.xpath(f"//*[contains(@class, '{css_class}')]")
    ]


def _lines(markup, css_class):
    """The lines of text (split on <br/>) of the first element of ``css_class``."""
    root = html.fragment_fromstring(str(markup), create_parent="div")
    node = root.xpath(f"//*[contains(@class, '{css_class}')]")[0]
    return [text.strip() for text in node.itertext() if text.strip()]


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestLetterHelpers(DocumentCommon):
    def test_salutation(self):
        """The contact's own salutation first, else title and name, else a
        neutral one, in the contact's language."""
        self.ann.crm_salutation = "Dear Ann,"
        self.assertEqual(self.ann._crm_letter_salutation(), "Dear Ann,")
        self.ann.crm_salutation = False
        self.assertEqual(self.ann._crm_letter_salutation(), "Dear Ann Ardent,")
        self.ann.title = self.madam
        self.assertEqual(self.ann._crm_letter_salutation(), "Dear Mrs. Ann Ardent,")
        self.assertEqual(self.ardent._crm_letter_salutation(), "Dear Sir or Madam,")
        # in French (the user's language does not matter)
        self.assertEqual(self.marie._crm_letter_salutation(), "Mme Marie Dupont,")
        self.assertEqual(self.dupont._crm_letter_salutation(), "Madame, Monsieur,")
        self.assertEqual(self.dupont.crm_letter_salutation, "Madame, Monsieur,")

    def test_address(self):
        """Name, company, street, city in the country's format; the country only
        when it is not the company's (Belgium in the tests)."""
        self.ann.write({"street": "Rue Haute 5", "zip": "1000", "city": "Brussels"})
        self.assertEqual(
            self.ann._crm_letter_address(),
            ["Ann Ardent", "Ardent Tools", "Rue Haute 5", "1000 Brussels"],
        )
        self.assertEqual(
            self.marie._crm_letter_address(),
            [
                "Marie Dupont",
                "Dupont Boulangerie",
                "12 rue de la Paix",
                "75002 Paris",
                "France",
            ],
        )
        us = self.env.ref("base.us")
        self.dupont.write(
            {
                "street": "1 Main St",
                "zip": "94523",
                "city": "Pleasant Hill",
                "state_id": self.env.ref("base.state_us_5").id,
                "country_id": us.id,
            }
        )
        # the American format: city, state code and zip on one line
        self.assertEqual(
            self.dupont._crm_letter_address(),
            [
                "Dupont Boulangerie",
                "1 Main St",
                "Pleasant Hill CA 94523",
                "United States",
            ],
        )
        self.assertEqual(
            str(self.dupont.crm_letter_address).split("<br/>"),
            self.dupont._crm_letter_address(),
        )

    def test_dossier_prints_the_letter_address(self):
        """The customer dossier's address is the letter helper's block."""
        self.dupont.write(
            {
                "street": "1 Main St",
                "zip": "94523",
                "city": "Pleasant Hill",
                "state_id": self.env.ref("base.state_us_5").id,
                "country_id": self.env.ref("base.us").id,
            }
        )
        content, __ = self.env["ir.actions.report"]._render_qweb_html(
            "crm_suite.report_customer_dossier", self.dupont.ids
        )
        root = html.fromstring(content)
        address = root.xpath("//address[@name='address']")[0]
        self.assertEqual(
            [text.strip() for text in address.itertext() if text.strip()],
            self.dupont._crm_letter_address(),
        )


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestDocumentRender(DocumentCommon):
    def test_every_placeholder_in_two_languages(self):
        """Customer name and address, the contact's salutation and job, the deal's
        amount and products, the user's signature, dates and money in the
        customer's language: English for Ann, French for Marie."""
        template = self.proposal.with_user(self.sales_own)
        bodies = template._render_body(self.lead | self.lead_fr)
        english, french = bodies[self.lead.id], bodies[self.lead_fr.id]
        env = self.env
        # English: Ann of Ardent Tools, in Belgium like the company
        self.assertEqual(_texts(english, "salutation"), ["Dear Ann Ardent,"])
        self.assertEqual(_texts(english, "customer"), ["Ardent Tools"])
        self.assertEqual(_texts(english, "job"), ["Buyer"])
        self.assertEqual(
            _lines(english, "address"),
            ["Ann Ardent", "Ardent Tools"],
            "no street, and Belgium is the company's country",
        )
        currency = self.lead.company_currency
        self.assertEqual(
            _texts(english, "amount"),
            [format_amount(env, 1234.5, currency, lang_code="en_US")],
        )
        self.assertEqual(
            _texts(english, "date"), [format_date(env, "2026-03-14", lang_code="en_US")]
        )
        self.assertEqual(_texts(english, "date"), ["03/14/2026"])
        self.assertEqual(_texts(english, "signature"), ["Sam Seller, Sales"])
        self.assertEqual(_texts(english, "products"), [""], "no quotation")
        # French: Marie of Dupont Boulangerie, in France
        self.assertEqual(_texts(french, "salutation"), ["Mme Marie Dupont,"])
        self.assertEqual(_texts(french, "customer"), ["Dupont Boulangerie"])
        self.assertEqual(_texts(french, "job"), ["Directrice des achats"])
        self.assertEqual(
            _lines(french, "address"),
            [
                "Marie Dupont",
                "Dupont Boulangerie",
                "12 rue de la Paix",
                "75002 Paris",
                "France",
            ],
        )
        french_amount = format_amount(env, 9876.25, currency, lang_code="fr_FR")
        self.assertEqual(_texts(french, "amount"), [french_amount])
        self.assertIn("876,25", french_amount, "French decimal comma")
        self.assertEqual(_texts(french, "date"), ["14/03/2026"])
        root = html.fragment_fromstring(str(french), create_parent="div")
        self.assertEqual(
            [li.text_content() for li in root.xpath("//ul[@class='products']/li")],
            ["Deck Oven x 1.0", "Dough Mixer x 2.0"],
        )

    def test_support_contract_hours_and_dates(self):
        body = self.contract_template._render_body(self.contract)[self.contract.id]
        self.assertEqual(_texts(body, "contract"), ["SUP-DUPONT"])
        self.assertEqual(_texts(body, "hours"), ["12.0"])
        self.assertEqual(_texts(body, "dates"), ["01/01/2026 - 31/12/2026"], "French")
        self.assertEqual(
            _texts(body, "rate"),
            [format_amount(self.env, 80.0, self.contract.currency_id, "fr_FR")],
        )

    def test_translated_body(self):
        """The template's French text is used for French customers."""
        self.letter.with_context(
            lang="fr_FR"
        ).body_html = (
            "<p>Lettre : <t t-out='object.partner_id.crm_letter_salutation'/></p>"
        )
        bodies = self.letter._render_body(self.lead | self.lead_fr)
        self.assertIn("Lettre : Mme Marie Dupont,", bodies[self.lead_fr.id])
        self.assertNotIn("Lettre", bodies[self.lead.id])
        self.assertIn("Dear Ann Ardent,", bodies[self.lead.id])

    def test_wrong_model_refused(self):
        with self.assertRaisesRegex(UserError, "applies to Deal"):
            self.proposal._render_body(self.contract)

    def test_pdf_one_page_per_record(self):
        """One PDF, one page block per record, on the company letterhead (the
        test mode renders the report as HTML)."""
        content = self.proposal._render_pdf(self.lead | self.lead_fr)
        root = html.fromstring(content)
        pages = root.xpath("//div[contains(@class, 'o_crm_suite_document')]")
        self.assertEqual(len(pages), 2)
        self.assertIn("Dear Ann Ardent,", pages[0].text_content())
        self.assertIn("Mme Marie Dupont,", pages[1].text_content())
        self.assertTrue(root.xpath("//div[contains(@class, 'article')]"), "layout")


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestTemplateRefusedAtSave(DocumentCommon):
    def _save(self, body, res_model="crm.lead"):
        return self.env["crm.document.template"].create(
            {"name": "Broken", "res_model": res_model, "body_html": body}
        )

    def test_unknown_field(self):
        with self.assertRaisesRegex(
            ValidationError, "“object.partner_id.shoe_size” uses “shoe_size”"
        ):
            self._save("<p><t t-out='object.partner_id.shoe_size'/></p>")
        with self.assertRaisesRegex(ValidationError, "uses “hours_included”"):
            self._save("<p t-out='object.hours_included'/>")
        with self.assertRaisesRegex(ValidationError, "uses “nickname”"):
            self._save("<p t-out='user.nickname'/>")
        # the same body is right on support contracts
        self._save("<p t-out='object.hours_included'/>", "crm.support.contract")
        # and a model change that breaks the placeholders is refused too
        with self.assertRaisesRegex(ValidationError, "uses “hours_included”"):
            self.contract_template.res_model = "crm.lead"

    def test_broken_markup(self):
        with mute_logger("odoo.addons.base.models.ir_qweb"):
            with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
                self._save("<p><t t-out='object.name +'/></p>")
            with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
                self._save("<t t-foreach='object.order_ids'><t t-out='1'/></t>")
            with self.assertRaisesRegex(ValidationError, "cannot be rendered"):
                self._save("<t t-elif='object.name'>x</t>")

    def test_renders_on_an_empty_record_without_data(self):
        """No support contract to render on: an empty one is used."""
        self.env["crm.ticket"].search([]).contract_id = False
        self.env["crm.support.contract"].search([]).unlink()
        template = self._save(
            "<p t-out='object.partner_id.name'/>", "crm.support.contract"
        )
        self.assertTrue(template.exists())

    def test_restricted_manager_plain_placeholders(self):
        """A sales manager outside "Mail Template Editor" (Odoo's default) writes
        plain field placeholders, as the dynamic placeholder picker inserts them;
        they are rendered without evaluation, formatted figures included, in the
        customer's language. Code (calls, loops, other variables) is refused."""
        manager = new_test_user(
            self.env,
            "doc_restricted_manager",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        self.assertFalse(manager.has_group("mail.group_mail_template_editor"))
        Template = self.env["crm.document.template"].with_user(manager)
        template = Template.create(
            {
                "name": "Plain",
                "res_model": "crm.lead",
                "body_html": (
                    "<p class='salutation'>"
                    "<t t-out='object.partner_id.crm_letter_salutation'/></p>"
                    "<p class='address'>"
                    "<t t-out='object.partner_id.crm_letter_address'/></p>"
                    "<p class='job'><t t-out='object.partner_id.function'/></p>"
                    "<p class='amount'><t t-out='object.crm_document_amount'/></p>"
                    "<div class='products'>"
                    "<t t-out='object.crm_document_products'/></div>"
                    "<div class='signature'><t t-out='object.user_id.signature'/></div>"
                ),
            }
        )
        template.write({"name": "Plain proposal"})
        body = template.with_user(self.sales_own)._render_body(self.lead_fr)[
            self.lead_fr.id
        ]
        self.assertEqual(_texts(body, "salutation"), ["Mme Marie Dupont,"])
        self.assertEqual(_lines(body, "address")[-1], "France")
        self.assertEqual(_texts(body, "job"), ["Directrice des achats"])
        currency = self.lead_fr.company_currency
        self.assertEqual(
            _texts(body, "amount"),
            [format_amount(self.env, 9876.25, currency, "fr_FR")],
        )
        root = html.fragment_fromstring(str(body), create_parent="div")
        self.assertEqual(
            [
                row.xpath("td")[0].text_content()
                for row in root.xpath("//div[@class='products']//tbody/tr")
            ],
            ["Deck Oven", "Dough Mixer"],
        )
        self.assertEqual(_texts(body, "signature"), ["Sam Seller, Sales"])
        for code in (
            "<p><t t-out='format_date(object.date_deadline)'/></p>",
            "<p><t t-out='user.signature'/></p>",
            "<p t-foreach='object.order_ids' t-as='o'><t t-out='o.name'/></p>",
            "<p><t t-out='object.env.cr.dbname'/></p>",
        ):
            with self.assertRaises(AccessError, msg=code):
                Template.create(
                    {"name": "Code", "res_model": "crm.lead", "body_html": code}
                )
            with self.assertRaises(AccessError, msg=code):
                template.write({"body_html": code})

    def test_contract_texts_in_customer_language(self):
        template = self.env["crm.document.template"].create(
            {
                "name": "Plain contract",
                "res_model": "crm.support.contract",
                "body_html": (
                    "<p class='dates'><t t-out='object.crm_document_date_start'/> - "
                    "<t t-out='object.crm_document_date_end'/></p>"
                    "<p class='rate'><t t-out='object.crm_document_hourly_rate'/></p>"
                ),
            }
        )
        body = template._render_body(self.contract)[self.contract.id]
        self.assertEqual(_texts(body, "dates"), ["01/01/2026 - 31/12/2026"])
        self.assertEqual(
            _texts(body, "rate"),
            [format_amount(self.env, 80.0, self.contract.currency_id, "fr_FR")],
        )

import io
import shutil

from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from ..common import CrmSuiteCommon

MM_PER_POINT = 25.4 / 72


def _pdf_reader(pdf):
    return PdfFileReader(io.BytesIO(pdf), strict=False)


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestAddressLabels(CrmSuiteCommon):
    """The A4 label sheet (3 x 8 labels of 70 x 37 mm, no margins) and the DL
    envelopes, from customers and from campaign members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {
                    "name": f"Label Customer {i:02d}",
                    "street": f"{i} Label Street",
                    "zip": "1000",
                    "city": "Brussels",
                    "country_id": cls.env.ref("base.be").id,
                }
                for i in range(25)
            ]
        )
        cls.campaign = cls.env["utm.campaign"].create({"title": "Label campaign"})
        cls.members = cls.env["crm.campaign.member"].create(
            [
                {"campaign_id": cls.campaign.id, "partner_id": partner.id}
                for partner in cls.partners
            ]
        )
        cls.label_report = cls.env.ref("crm_suite.action_report_address_label")
        cls.envelope_report = cls.env.ref("crm_suite.action_report_envelope")

    def _sheets(self, report, res_ids):
        content, __ = self.env["ir.actions.report"]._render_qweb_html(report, res_ids)
        root = html.fromstring(content)
        return root.xpath("//div[hasclass('o_crm_label_sheet')]")

    def test_label_paperformat(self):
        """A4 portrait without margins: 3 labels of 70 mm fill the 210 mm width and
        8 rows of 37 mm the 297 mm height (1 mm left at the bottom)."""
        paperformat = self.label_report.paperformat_id
        self.assertRecordValues(
            paperformat,
            [
                {
                    "format": "A4",
                    "orientation": "Portrait",
                    "margin_top": 0,
                    "margin_bottom": 0,
                    "margin_left": 0,
                    "margin_right": 0,
                    "header_spacing": 0,
                    "disable_shrinking": True,
                }
            ],
        )
        self.assertEqual(
            self.env.ref("crm_suite.action_report_address_label_member").paperformat_id,
            paperformat,
        )

    def test_24_labels_per_sheet(self):
        """25 addresses make two sheets: 24 labels in 8 rows of 3, then 1; each
        label holds its partner's letter address."""
        sheets = self._sheets(self.label_report, self.partners.ids)
        self.assertEqual(len(sheets), 2)
        rows = sheets[0].xpath(".//tr")
        self.assertEqual(len(rows), 8)
        self.assertEqual([len(row.xpath(".//td")) for row in rows], [3] * 8)
        labels = [s.xpath(".//div[hasclass('o_crm_label')]") for s in sheets]
        self.assertEqual([len(sheet) for sheet in labels], [24, 1])
        first = labels[0][0]
        self.assertEqual(int(first.get("data-partner-id")), self.partners[0].id)
        lines = [line.text_content() for line in first.xpath("./div")]
        self.assertEqual(lines, self.partners[0]._crm_letter_address())
        self.assertIn("Label Customer 24", labels[1][0].text_content())

    def test_labels_of_campaign_members(self):
        """The campaign's Print Labels button prints its members' contacts."""
        action = self.campaign.action_print_labels()
        self.assertEqual(action["report_name"], "crm_suite.report_address_label_member")
        sheets = self._sheets(
            "crm_suite.action_report_address_label_member", self.members.ids
        )
        labels = [s.xpath(".//div[hasclass('o_crm_label')]") for s in sheets]
        self.assertEqual([len(sheet) for sheet in labels], [24, 1])
        self.assertEqual(
            [int(label.get("data-partner-id")) for label in labels[0][:3]],
            self.partners[:3].ids,
        )

    def test_envelope(self):
        """One envelope per contact, with the company as sender and the contact's
        address in the window; the DL paper is 220 x 110 mm."""
        paperformat = self.envelope_report.paperformat_id
        self.assertRecordValues(
            paperformat,
            [{"format": "custom", "page_width": 220, "page_height": 110}],
        )
        content, __ = self.env["ir.actions.report"]._render_qweb_html(
            self.envelope_report, self.partners[:3].ids
        )
        envelopes = html.fromstring(content).xpath("//div[hasclass('o_crm_envelope')]")
        self.assertEqual(len(envelopes), 3)
        recipient = envelopes[1].xpath(".//div[hasclass('o_crm_envelope_recipient')]")
        self.assertIn("1 Label Street", recipient[0].text_content())
        sender = envelopes[1].xpath(".//div[hasclass('o_crm_envelope_sender')]")
        self.assertIn(self.env.company.name, sender[0].text_content())


@tagged("crm_suite", "crm_suite_document", "post_install", "-at_install")
class TestAddressLabelsPdf(CrmSuiteCommon, HttpCase):
    """The printed sheets. HttpCase: wkhtmltopdf fetches the report's styles from
    the test server, which must see the test transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Label Customer {i:02d}", "street": f"{i} Label Street"}
                for i in range(25)
            ]
        )
        cls.label_report = cls.env.ref("crm_suite.action_report_address_label")
        cls.envelope_report = cls.env.ref("crm_suite.action_report_envelope")

    # Debian's wkhtmltopdf is built on an unpatched Qt: Odoo warns that it ignores the
    # header/footer switches; the page geometry is what is tested
    @mute_logger("odoo.addons.base.models.ir_actions_report")
    def test_pdf_pages(self):
        """wkhtmltopdf prints the 25 labels on 2 A4 pages and 3 envelopes on 3 DL
        pages (the sheet fits the page: no spill-over page)."""
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, __ = Report._render_qweb_pdf(self.label_report, self.partners.ids)
        reader = _pdf_reader(pdf)
        self.assertEqual(len(reader.pages), 2)
        box = reader.pages[0].mediabox
        self.assertAlmostEqual(float(box.width) * MM_PER_POINT, 210, delta=1)
        self.assertAlmostEqual(float(box.height) * MM_PER_POINT, 297, delta=1)
        pdf, __ = Report._render_qweb_pdf(self.envelope_report, self.partners[:3].ids)
        reader = _pdf_reader(pdf)
        self.assertEqual(len(reader.pages), 3)
        box = reader.pages[0].mediabox
        self.assertAlmostEqual(float(box.width) * MM_PER_POINT, 220, delta=1)
        self.assertAlmostEqual(float(box.height) * MM_PER_POINT, 110, delta=1)

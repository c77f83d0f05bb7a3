from odoo.tests import tagged

from ..common import CrmTicketCommon

ALIAS_DOMAIN = "helpdesk.example.com"

MAIL_TEMPLATE = """Return-Path: <{return_path}>
To: {to}
{from_header}Subject: {subject}
Message-ID: {msg_id}
{extra}Date: Mon, 02 Mar 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("crm_suite", "crm_suite_helpdesk", "crm_suite_mail")
class TestTicketMail(CrmTicketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].search([("name", "=", ALIAS_DOMAIN)])
        if not domain:
            domain = cls.env["mail.alias.domain"].create(
                {
                    "name": ALIAS_DOMAIN,
                    "bounce_alias": "bounce.test",
                    "catchall_alias": "catchall.test",
                }
            )
        cls.env.company.alias_domain_id = domain
        cls.helpdesk_team.alias_domain_id = domain
        cls.alias_email = f"test-support@{ALIAS_DOMAIN}"

    def _receive(
        self,
        email_from="Zoe Unknown <zoe@unknown.example>",
        subject="My screen is black",
        body="<p>Since this morning my screen stays black.</p>",
        msg_id="<zoe-1@unknown.example>",
        extra="",
    ):
        mail = MAIL_TEMPLATE.format(
            return_path=email_from or "nobody@unknown.example",
            to=self.alias_email,
            from_header=f"From: {email_from}\n" if email_from else "",
            subject=subject,
            msg_id=msg_id,
            extra=extra,
            body=body,
        )
        res_id = self.env["mail.thread"].message_process(None, mail)
        return self.env["crm.ticket"].browse(res_id)

    def test_new_ticket_from_unknown_sender(self):
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("email", "=", "zoe@unknown.example")]))
        ticket = self._receive()
        self.assertTrue(ticket.exists())
        zoe = Partner.search([("email", "=", "zoe@unknown.example")])
        self.assertEqual(len(zoe), 1, "the unknown sender became a contact")
        self.assertEqual(zoe.name, "Zoe Unknown")
        self.assertRecordValues(
            ticket,
            [
                {
                    "name": "My screen is black",
                    "partner_id": zoe.id,
                    "contact_id": False,
                    "channel": "email",
                    "team_id": self.helpdesk_team.id,
                    "user_id": False,
                    "stage_id": self.ticket_stage_new.id,
                    "email_from": '"Zoe Unknown" <zoe@unknown.example>',
                }
            ],
        )
        self.assertRegex(ticket.number, r"^TCK/\d{5}$")
        self.assertIn("stays black", ticket.description)
        self.assertIn(zoe, ticket.message_partner_ids, "the sender follows")
        received = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(received.author_id, zoe)

    def test_known_sender_reuses_partner(self):
        partners_before = self.env["res.partner"].search_count([])
        ticket = self._receive(
            email_from="Ann Ardent <ann@ardent.example.com>",
            msg_id="<ann-1@ardent.example.com>",
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        self.assertEqual(ticket.partner_id, self.ardent)
        self.assertEqual(ticket.contact_id, self.ann)
        self.assertEqual(ticket.commercial_partner_id, self.ardent)

    def test_reply_threads_into_ticket(self):
        ticket = self._receive()
        tickets_before = self.env["crm.ticket"].search_count([])
        reply = self._receive(
            subject="Re: My screen is black",
            body="<p>It is still black.</p>",
            msg_id="<zoe-2@unknown.example>",
            extra="In-Reply-To: <zoe-1@unknown.example>\n"
            "References: <zoe-1@unknown.example>\n",
        )
        self.assertEqual(reply, ticket)
        self.assertEqual(self.env["crm.ticket"].search_count([]), tickets_before)
        self.assertIn(
            "still black", "".join(ticket.message_ids.mapped(lambda m: str(m.body)))
        )
        # the customer's reply is no answer of the team
        self.assertFalse(ticket.date_first_response)

    def test_mail_without_sender_is_refused(self):
        tickets_before = self.env["crm.ticket"].search_count([])
        # the gateway logs the refusal at INFO ("Routing mail ..."), the caller
        # (fetchmail) gets the standard "Mailbox unavailable" error
        with self.assertRaisesRegex(ValueError, "no From address"):
            self._receive(email_from=None, msg_id="<anonymous-1@unknown.example>")
        self.assertEqual(self.env["crm.ticket"].search_count([]), tickets_before)

    def test_html_body_sanitized(self):
        ticket = self._receive(
            body="<p>Help</p><script>alert('owned')</script>"
            "<img src='x' onerror='alert(1)'/>",
            msg_id="<zoe-xss@unknown.example>",
        )
        self.assertIn("Help", ticket.description)
        self.assertNotIn("<script", ticket.description)
        self.assertNotIn("alert('owned')", ticket.description)
        self.assertNotIn("onerror", ticket.description)

    def test_huge_body_shortened(self):
        # a forwarded thread full of markup: 1.3 MB of HTML with scripts in it
        line = "<p onclick='steal()'>Log line {n}: error 42</p><script>x({n})</script>"
        body = "".join(line.format(n=n) for n in range(18_000))
        self.assertGreater(len(body), 1_000_000)
        ticket = self._receive(body=body, msg_id="<zoe-huge@unknown.example>")
        self.assertTrue(ticket.exists())
        self.assertLess(len(ticket.description), 150_000)
        self.assertIn("Log line 0: error 42", ticket.description)
        self.assertIn("Shortened", ticket.description)
        self.assertNotIn("<script", ticket.description)
        self.assertNotIn("x(1", ticket.description)
        self.assertNotIn("onclick", ticket.description)
        # the whole mail is kept in the chatter, sanitised by the gateway
        message = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("Log line 17999", message.body)
        self.assertNotIn("<script", message.body)

    def test_acknowledgement_queued(self):
        ticket = self._receive()
        mail = self.env["mail.mail"].search(
            [("model", "=", "crm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, ticket.partner_id)
        self.assertIn(ticket.number, mail.subject)

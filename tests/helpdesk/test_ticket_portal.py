import re

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from ...controllers.helpdesk.portal import NEW_TICKET_MAX_CONTENT_LENGTH
from ...models.helpdesk.crm_ticket import (
    DESCRIPTION_MAX_CHARS as DESCRIPTION_MAX_LENGTH,
)
from ..common import CrmTicketCommon


@tagged(
    "crm_suite",
    "crm_suite_helpdesk",
    "crm_suite_portal",
    "post_install",
    "-at_install",
)
class TestTicketPortal(CrmTicketCommon, HttpCase):
    """The customer portal over HTTP: Ann (portal, Ardent Tools) and Carl (portal,
    Blue Harbour) each see, answer and open only their own company's tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_carl = new_test_user(
            cls.env,
            "portal_carl",
            groups="base.group_portal",
            partner_id=cls.carl.id,
            email="carl@blue.example.com",
        )
        cls.ardent_ticket = cls._ticket(
            name="Ardent printer jams", contact_id=cls.ann.id
        )
        cls.ardent_bob_ticket = cls._ticket(
            name="Ardent screen flickers",
            contact_id=cls.bob.id,
            user_id=cls.helpdesk_agent.id,
            stage_id=cls.ticket_stage_solved.id,
        )
        cls.blue_ticket = cls._ticket(
            name="Blue secret outage", partner_id=cls.blue.id, contact_id=cls.carl.id
        )
        cls.portal_team = cls.env["crm.ticket.team"].create(
            {"name": "Test Portal Desk", "sequence": 50}
        )
        cls.env.company.crm_ticket_portal_team_id = cls.portal_team

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _get(self, url, **kwargs):
        response = self.url_open(url, **kwargs)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def _post_new_ticket(self, **fields):
        """POST the new ticket form like the browser: with the CSRF token of the
        form the user was shown."""
        form = self._get("/my/tickets/new")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        return self.url_open(
            "/my/tickets/new",
            data={"csrf_token": csrf, **fields},
            allow_redirects=False,
        )

    def _portal_tickets(self, **values):
        """The tickets the test customers opened from the portal."""
        return self.env["crm.ticket"].search(
            [
                ("channel", "=", "portal"),
                ("partner_id", "in", (self.ardent | self.blue).ids),
                *[(k, "=", v) for k, v in values.items()],
            ]
        )

    def _post_message(self, ticket, body, token=None):
        params = {
            "thread_model": "crm.ticket",
            "thread_id": ticket.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        if token:
            params["token"] = token
        return self.make_jsonrpc_request("/mail/message/post", params)

    # ------------------------------------------------------------
    # list and detail
    # ------------------------------------------------------------

    def test_list_shows_own_company_only(self):
        self.authenticate("portal_ann", "portal_ann")
        page = self._get("/my/tickets")
        self.assertIn(self.ardent_ticket.name, page)
        self.assertIn(self.ardent_ticket.number, page)
        self.assertIn("Ardent screen flickers", page, "a colleague's ticket is shown")
        self.assertNotIn("Blue secret outage", page)
        self.assertNotIn(self.blue_ticket.number, page)
        # filters and search stay within the company
        page = self._get("/my/tickets?filterby=closed")
        self.assertIn("Ardent screen flickers", page)
        self.assertNotIn(self.ardent_ticket.name, page)
        page = self._get("/my/tickets?filterby=open&sortby=stage")
        self.assertIn(self.ardent_ticket.name, page)
        self.assertNotIn("Ardent screen flickers", page)
        page = self._get(f"/my/tickets?search={self.ardent_ticket.number}")
        self.assertIn(self.ardent_ticket.name, page)
        self.assertNotIn("Ardent screen flickers", page)
        page = self._get("/my/tickets?search=secret&sortby=number")
        self.assertNotIn("Blue secret outage", page)
        self.assertIn("No ticket matches your search.", page)
        # Carl, of Blue Harbour, sees the other side only
        self.authenticate("portal_carl", "portal_carl")
        page = self._get("/my/tickets")
        self.assertIn("Blue secret outage", page)
        self.assertNotIn("Ardent", page.replace("portal_carl", ""))

    def _create_ardent_tickets(self, count):
        agents = self.helpdesk_agent | self.helpdesk_lead
        stages = self.ticket_stage_new | self.ticket_stage_progress
        self.env["crm.ticket"].create(
            [
                {
                    "name": f"Ardent request {index}",
                    "partner_id": self.ardent.id,
                    "channel": "phone",
                    "user_id": agents[index % 2].id,
                    "stage_id": stages[index % 2].id,
                }
                for index in range(count)
            ]
        )
        # the pending recomputations are written now, not during the counted request
        self.env.flush_all()

    def test_list_query_count_does_not_grow(self):
        """The list costs the same queries for 12 tickets as for 22: no query per
        ticket (stage, agent, access URL)."""
        self._create_ardent_tickets(10)
        self.authenticate("portal_ann", "portal_ann")
        self._get("/my/tickets")  # warm-up: templates, session, registry caches

        def count_queries():
            before = self.cr.sql_log_count
            self._get("/my/tickets")
            return self.cr.sql_log_count - before

        few = count_queries()
        self._create_ardent_tickets(10)
        many = count_queries()
        self.assertEqual(many, few, "queries for 12 tickets, then for 22")

    def test_detail_own_ticket(self):
        self.ardent_ticket.write(
            {
                "user_id": self.helpdesk_agent.id,
                "description": "<p>It jams on page two.</p>",
                "priority": "3",
            }
        )
        self.authenticate("portal_ann", "portal_ann")
        page = self._get(f"/my/tickets/{self.ardent_ticket.id}")
        self.assertIn(self.ardent_ticket.number, page)
        self.assertIn(self.ardent_ticket.name, page)
        self.assertIn(self.ticket_stage_new.name, page)
        self.assertIn(self.helpdesk_agent.name, page)
        self.assertIn("It jams on page two.", page)
        self.assertIn("Urgent", page)
        self.assertIn('data-res_model="crm.ticket"', page, "the portal chatter")
        self.assertIn(f'data-token="{self.ardent_ticket.access_token}"', page)
        self.assertEqual(
            self.ardent_ticket.access_url, f"/my/tickets/{self.ardent_ticket.id}"
        )

    def test_detail_other_customer_refused(self):
        self.authenticate("portal_ann", "portal_ann")
        url = f"/my/tickets/{self.blue_ticket.id}"
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        response = self.url_open(url)
        self.assertNotIn("Blue secret outage", response.text)
        response = self.url_open(f"{url}?access_token=guessed", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        response = self.url_open("/my/tickets/999999999", allow_redirects=False)
        self.assertEqual(response.status_code, 303, "a missing ticket")

    def test_access_token_opens_ticket(self):
        """A shared link works like other portal documents, even logged out."""
        token = self.blue_ticket._portal_ensure_token()
        self.authenticate("portal_ann", "portal_ann")
        page = self._get(f"/my/tickets/{self.blue_ticket.id}?access_token={token}")
        self.assertIn("Blue secret outage", page)
        self.logout()
        page = self._get(f"/my/tickets/{self.blue_ticket.id}?access_token={token}")
        self.assertIn("Blue secret outage", page)
        response = self.url_open(
            f"/my/tickets/{self.blue_ticket.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303, "no token, no page")

    # ------------------------------------------------------------
    # replies
    # ------------------------------------------------------------

    def test_reply_on_own_ticket(self):
        ticket = self.ardent_ticket
        ticket.message_subscribe(partner_ids=self.helpdesk_agent.partner_id.ids)
        self.authenticate("portal_ann", "portal_ann")
        # the page gives the chatter its token
        self._get(f"/my/tickets/{ticket.id}")
        self._post_message(ticket, "It jams again today.", token=ticket.access_token)
        message = ticket.message_ids.filtered(
            lambda m: "It jams again today." in str(m.body)
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.ann)
        self.assertEqual(message.message_type, "comment")
        self.assertIn(
            self.helpdesk_agent.partner_id,
            message.notification_ids.res_partner_id,
            "the agent following the ticket is notified",
        )
        self.assertFalse(ticket.date_first_response, "a customer message")

    def test_reply_on_other_customer_ticket_refused(self):
        self.authenticate("portal_ann", "portal_ann")
        ardent_token = self.ardent_ticket._portal_ensure_token()
        # first while Blue's ticket has no token yet, then once it has one
        for token in (None, "guessed", ardent_token, "guessed"):
            with self.assertRaises(JsonRpcException) as error:
                self._post_message(self.blue_ticket, "Let me in", token=token)
            self.assertEqual(error.exception.code, 404)
            self.blue_ticket._portal_ensure_token()
        self.assertFalse(
            self.blue_ticket.message_ids.filtered(lambda m: "Let me in" in str(m.body))
        )

    # ------------------------------------------------------------
    # new ticket
    # ------------------------------------------------------------

    def test_new_ticket(self):
        self.authenticate("portal_ann", "portal_ann")
        form = self._get("/my/tickets/new")
        self.assertIn('name="subject"', form)
        self.assertIn('<textarea name="description"', form)
        category = self.env["crm.ticket.category"].create({"name": "Test Network"})
        response = self._post_new_ticket(
            subject="  The   VPN drops  ",
            description="Every hour.\nSince Monday.",
            priority="2",
            category_id=str(category.id),
        )
        ticket = self._portal_tickets(name="The VPN drops")
        self.assertEqual(len(ticket), 1)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(ticket.access_url))
        self.assertRecordValues(
            ticket,
            [
                {
                    "partner_id": self.ardent.id,
                    "contact_id": self.ann.id,
                    "channel": "portal",
                    "team_id": self.portal_team.id,
                    "company_id": self.env.company.id,
                    "priority": "2",
                    "category_id": category.id,
                    "user_id": False,
                    "create_uid": self.portal_ann.id,
                }
            ],
        )
        self.assertIn("Every hour.<br>Since Monday.", ticket.description)
        self.assertIn(self.ann, ticket.message_partner_ids, "Ann follows her ticket")
        ack = self.env["mail.mail"].search(
            [("model", "=", "crm.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(ack.recipient_ids, self.ann, "the acknowledgement")
        page = self._get(ticket.access_url)
        self.assertIn("The VPN drops", page)

    def test_new_ticket_first_team_without_setting(self):
        self.env.company.crm_ticket_portal_team_id = False
        first = self.env["crm.ticket.team"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.authenticate("portal_carl", "portal_carl")
        self._post_new_ticket(subject="Blue: no team set")
        ticket = self._portal_tickets(name="Blue: no team set")
        self.assertEqual(ticket.team_id, first)
        self.assertEqual(ticket.partner_id, self.blue)
        self.assertEqual(ticket.contact_id, self.carl)

    def test_new_ticket_bad_input_refused(self):
        self.authenticate("portal_ann", "portal_ann")
        response = self._post_new_ticket(subject="   ", description="Keep my words")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Please give your request a subject.", response.text)
        self.assertIn("Keep my words", response.text, "the text is kept")
        response = self._post_new_ticket(subject="x" * 201, description="Long one")
        self.assertIn("The subject is too long", response.text)
        response = self._post_new_ticket(subject="Bad choice", priority="9")
        self.assertIn("Please choose a priority from the list.", response.text)
        response = self._post_new_ticket(subject="Bad choice", category_id="abc")
        self.assertIn("Please choose a category from the list.", response.text)
        self.assertFalse(self._portal_tickets())
        # no CSRF token: refused by Odoo before the form is read
        with self.assertLogs("odoo.http", "WARNING"):
            response = self.url_open(
                "/my/tickets/new", data={"subject": "Forged"}, allow_redirects=False
            )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._portal_tickets())

    def test_new_ticket_description_sanitised_and_capped(self):
        self.authenticate("portal_ann", "portal_ann")
        self._post_new_ticket(
            subject="Scripted",
            description='<script>alert("x")</script><img src=x onerror="alert(1)">'
            "<b>bold</b>",
        )
        ticket = self._portal_tickets(name="Scripted")
        self.assertNotIn("<script", ticket.description)
        self.assertNotIn("<img", ticket.description)
        self.assertNotIn("<b>", ticket.description)
        self.assertIn("&lt;script&gt;", ticket.description, "shown, not run")
        page = self._get(ticket.access_url)
        self.assertNotIn('<script>alert("x")', page)

        huge = "A" * (3 * DESCRIPTION_MAX_LENGTH)
        self._post_new_ticket(subject="Huge", description=huge)
        ticket = self._portal_tickets(name="Huge")
        self.assertIn("A" * DESCRIPTION_MAX_LENGTH, ticket.description)
        self.assertNotIn("A" * (DESCRIPTION_MAX_LENGTH + 1), ticket.description)
        self.assertIn("The description was cut after", ticket.description)
        self.assertLess(len(ticket.description), DESCRIPTION_MAX_LENGTH + 1000)

        # a post beyond the route's limit is refused before it is parsed
        response = self._post_new_ticket(
            subject="Too big", description="B" * NEW_TICKET_MAX_CONTENT_LENGTH
        )
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._portal_tickets(name="Too big"))

    # ------------------------------------------------------------
    # home and other users
    # ------------------------------------------------------------

    def test_home_counter(self):
        self.authenticate("portal_ann", "portal_ann")
        home = self._get("/my/home")
        self.assertIn('data-placeholder_count="crm_ticket_count"', home)
        self.assertIn('href="/my/tickets/new"', home)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_ticket_count"]}
        )
        self.assertEqual(counters["crm_ticket_count"], 2)
        self.authenticate("portal_carl", "portal_carl")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_ticket_count"]}
        )
        self.assertEqual(counters["crm_ticket_count"], 1)

    def test_internal_user_without_helpdesk_rights(self):
        """An employee without helpdesk rights has no ticket access: the portal
        shows none, opens none and creates none, even of his own company."""
        own = self._ticket(
            name="Main company ticket",
            partner_id=self.employee.partner_id.commercial_partner_id.id,
        )
        self.authenticate("employee", "employee")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["crm_ticket_count"]}
        )
        self.assertEqual(counters["crm_ticket_count"], 0)
        page = self._get("/my/tickets")
        self.assertNotIn(own.name, page)
        self.assertNotIn('href="/my/tickets/new"', page)
        self.assertNotIn('href="/my/tickets/new"', self._get("/my/home"))
        for ticket in (own, self.ardent_ticket):
            response = self.url_open(f"/my/tickets/{ticket.id}", allow_redirects=False)
            self.assertEqual(response.status_code, 303)
        response = self.url_open("/my/tickets/new", allow_redirects=False)
        self.assertEqual(response.status_code, 403)
        # a salesperson reads his customer's tickets, as the record rule allows
        self.authenticate("sales_own", "sales_own")
        page = self._get(f"/my/tickets/{self.ardent_ticket.id}")
        self.assertIn(self.ardent_ticket.name, page)
        self.assertEqual(
            self.url_open("/my/tickets/new", allow_redirects=False).status_code, 403
        )

    def test_portal_team_must_be_of_company(self):
        other = self.env["res.company"].create({"name": "Test Other Company"})
        other_team = self.env["crm.ticket.team"].create(
            {"name": "Test Other Desk", "company_id": other.id}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to Test Other Company"):
            self.env.company.crm_ticket_portal_team_id = other_team
        self.env.company.write({"crm_ticket_portal_team_id": self.helpdesk_team.id})
        self.assertEqual(
            self.env["crm.ticket"]._portal_default_team(), self.helpdesk_team
        )

from collections import OrderedDict

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ...models.helpdesk.crm_ticket import DESCRIPTION_MAX_CHARS

SUBJECT_MAX_LENGTH = 200
# werkzeug answers 413 to a bigger form before Odoo parses it
NEW_TICKET_MAX_CONTENT_LENGTH = 1024 * 1024
HISTORY_SESSION_KEY = "my_crm_tickets_history"


class CrmTicketPortal(CustomerPortal):
    # ------------------------------------------------------------
    # HOME
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "crm_ticket_count" in counters:
            Ticket = request.env["crm.ticket"]
            values["crm_ticket_count"] = (
                Ticket.search_count(self._crm_ticket_domain())
                if Ticket.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------
    # LIST
    # ------------------------------------------------------------

    def _crm_ticket_domain(self):
        # the record rules already limit portal users to their company's tickets; the
        # domain also keeps an internal user's portal to his own company's tickets
        commercial = request.env.user.partner_id.commercial_partner_id
        return [("commercial_partner_id", "=", commercial.id)]

    def _crm_ticket_searchbar_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "date_open desc, id desc"},
            "number": {"label": _("Number"), "order": "number desc, id desc"},
            "stage": {"label": _("Status"), "order": "stage_id, date_open desc, id"},
        }

    def _crm_ticket_searchbar_filters(self):
        _ = request.env._
        return OrderedDict(
            [
                ("all", {"label": _("All"), "domain": []}),
                ("open", {"label": _("Open"), "domain": [("is_closed", "=", False)]}),
                (
                    "closed",
                    {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
                ),
            ]
        )

    def _crm_ticket_can_open(self):
        """Portal users open tickets from the portal; internal users only if they
        may create tickets at all (the others use the back-end)."""
        user = request.env.user
        return user._is_portal() or request.env["crm.ticket"].has_access("create")

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_tickets(self, page=1, sortby=None, filterby=None, search=None, **kw):
        Ticket = request.env["crm.ticket"]
        sortings = self._crm_ticket_searchbar_sortings()
        filters = self._crm_ticket_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search = (search or "").strip()
        domain = expression.AND(
            [self._crm_ticket_domain(), filters[filterby]["domain"]]
        )
        if search:
            domain = expression.AND(
                [domain, ["|", ("number", "ilike", search), ("name", "ilike", search)]]
            )
        can_read = Ticket.has_access("read")
        pager = portal_pager(
            url="/my/tickets",
            url_args={"sortby": sortby, "filterby": filterby, "search": search},
            total=Ticket.search_count(domain) if can_read else 0,
            page=page,
            step=self._items_per_page,
        )
        tickets = (
            Ticket.search(
                domain,
                order=sortings[sortby]["order"],
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if can_read
            else Ticket
        )
        request.session[HISTORY_SESSION_KEY] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "crm_ticket",
                "pager": pager,
                "default_url": "/my/tickets",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": {
                    "all": {
                        "input": "all",
                        "label": request.env._("Subject or Number"),
                    }
                },
                "search_in": "all",
                "search": search,
                "can_open_ticket": self._crm_ticket_can_open(),
            }
        )
        return request.render("crm_suite.portal_my_tickets", values)

    # ------------------------------------------------------------
    # DETAIL
    # ------------------------------------------------------------

    @http.route(
        ["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "crm.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        # the portal chatter posts with the token: the customer reads the ticket and
        # may answer on it, without write access to the ticket itself
        ticket_sudo._portal_ensure_token()
        values = self._get_page_view_values(
            ticket_sudo,
            access_token,
            {"page_name": "crm_ticket", "ticket": ticket_sudo},
            HISTORY_SESSION_KEY,
            False,
            **kw,
        )
        return request.render("crm_suite.portal_my_ticket", values)

    # ------------------------------------------------------------
    # NEW TICKET
    # ------------------------------------------------------------

    @http.route(
        ["/my/tickets/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        max_content_length=NEW_TICKET_MAX_CONTENT_LENGTH,
    )
    def portal_new_ticket(self, **post):
        if not self._crm_ticket_can_open():
            raise Forbidden()
        errors = {}
        if request.httprequest.method == "POST":
            ticket_values, errors = self._crm_ticket_form_validate(post)
            if not errors:
                ticket = self._crm_ticket_create(ticket_values)
                return request.redirect(ticket.access_url)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_ticket_new",
                "errors": errors,
                "form": post,
                "priorities": request.env["crm.ticket"]
                ._fields["priority"]
                ._description_selection(request.env),
                "categories": request.env["crm.ticket.category"].search([]),
            }
        )
        return request.render("crm_suite.portal_new_ticket", values)

    def _crm_ticket_form_validate(self, post):
        """The ticket's values from the posted form, and the errors by field.
        Only the subject, description, priority and category come from the form."""
        _ = request.env._
        errors = {}
        subject = " ".join((post.get("subject") or "").split())
        if not subject:
            errors["subject"] = _("Please give your request a subject.")
        elif len(subject) > SUBJECT_MAX_LENGTH:
            errors["subject"] = _(
                "The subject is too long (%(length)s characters, at most %(max)s): "
                "put the details in the description.",
                length=len(subject),
                max=SUBJECT_MAX_LENGTH,
            )
        priorities = dict(request.env["crm.ticket"]._fields["priority"].selection)
        priority = post.get("priority") or "0"
        if priority not in priorities:
            errors["priority"] = _("Please choose a priority from the list.")
        category = request.env["crm.ticket.category"]
        if post.get("category_id"):
            category_id = post["category_id"]
            category = category.search(
                [("id", "=", int(category_id) if category_id.isdigit() else 0)],
                limit=1,
            )
            if not category:
                errors["category_id"] = _("Please choose a category from the list.")
        values = {
            "name": subject,
            "description": self._crm_ticket_description_html(
                post.get("description") or ""
            ),
            "priority": priority,
            "category_id": category.id,
        }
        return values, errors

    def _crm_ticket_description_html(self, text):
        """The customer's plain text as safe HTML: every tag typed is escaped
        (shown, never interpreted), and the text is cut after the maximum length."""
        text = text.strip()
        if not text:
            return False
        max_text = f"{DESCRIPTION_MAX_CHARS:,}"
        return request.env["crm.ticket"]._description_from_plaintext(
            text,
            request.env._(
                "(The description was cut after %(max)s characters.)", max=max_text
            ),
        )

    def _crm_ticket_create(self, values):
        """A ticket of the user's company, opened by the user, on the portal team."""
        partner = request.env.user.partner_id
        commercial = partner.commercial_partner_id
        Ticket = request.env["crm.ticket"]
        if not Ticket.has_access("create"):
            # sudo usage: portal users have no create right on tickets; every value
            # is validated above or set here from the user's own partner, and the
            # user reads the ticket afterwards through the portal record rule
            Ticket = Ticket.sudo()
        team = Ticket._portal_default_team()
        ticket = Ticket.create(
            {
                **values,
                "channel": "portal",
                "partner_id": commercial.id,
                "contact_id": partner.id if partner != commercial else False,
                "email_from": partner.email,
                "team_id": team.id,
                # the team is one of the current company's
                "company_id": request.env.company.id,
            }
        )
        return ticket.sudo(False)

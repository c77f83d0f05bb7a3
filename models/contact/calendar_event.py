from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_contact_log import LOG_MANAGER_GROUPS, SUMMARY_MAX_LENGTH


class CalendarEvent(models.Model):
    """Meetings to contact logs: a meeting with customers proposes its log when it is
    over; the log links back to it. Meetings synced from Google or Outlook by Odoo's
    own modules are calendar events too."""

    _inherit = "calendar.event"

    contact_log_ids = fields.One2many(
        "crm.contact.log", "calendar_event_id", string="Contact Logs"
    )
    crm_suite_customer_attendee_ids = fields.Many2many(
        "res.partner",
        string="Customer Attendees",
        compute="_compute_crm_suite_needs_contact_log",
        help="The attendees who are not our users (partners of internal users).",
    )
    crm_suite_needs_contact_log = fields.Boolean(
        string="Needs a Contact Log",
        compute="_compute_crm_suite_needs_contact_log",
        search="_search_crm_suite_needs_contact_log",
        help="The meeting is over, had customer attendees and has no contact log "
        "yet. A meeting is held when it has its contact log.",
    )
    crm_suite_is_logged = fields.Boolean(
        string="Held",
        compute="_compute_crm_suite_needs_contact_log",
        help="The meeting has its contact log.",
    )

    @api.depends("partner_ids", "stop", "contact_log_ids")
    def _compute_crm_suite_needs_contact_log(self):
        ours = self._crm_suite_internal_partners(self.partner_ids)
        logged = self._crm_suite_logged_events()
        now = fields.Datetime.now()
        for event in self:
            customers = event.partner_ids - ours
            event.crm_suite_customer_attendee_ids = customers
            event.crm_suite_is_logged = event.id in logged
            event.crm_suite_needs_contact_log = bool(
                customers and event.stop and event.stop < now and event.id not in logged
            )

    def _crm_suite_logged_events(self):
        """Ids of the events of ``self`` with a contact log, whoever may read it."""
        ids = [event_id for event_id in self.ids if isinstance(event_id, int)]
        if not ids:
            return set()
        # sudo usage: a meeting logged by a colleague is logged, even if the rules
        # hide that log from the current user; only the event ids are read
        groups = (
            self.env["crm.contact.log"]
            .sudo()
            ._read_group([("calendar_event_id", "in", ids)], ["calendar_event_id"])
        )
        return {event.id for (event,) in groups}

    @api.model
    def _crm_suite_internal_partners(self, partners):
        """The partners of ``partners`` that are our internal users (archived ones
        included): they are not customers met."""
        if not partners:
            return partners
        # sudo usage: reading which partners are internal users; users may not read
        # every user (other companies, archived)
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids), ("share", "=", False)])
        )
        return partners & users.partner_id.with_env(partners.env)

    def _search_crm_suite_needs_contact_log(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Unsupported search on the meetings that need a log.")
            )
        self.env["crm.contact.log"].flush_model(["calendar_event_id"])
        self.env["res.users"].flush_model(["partner_id", "share"])
        self.flush_model(["partner_ids", "stop"])
        needs = SQL(
            "(SELECT e.id FROM calendar_event e WHERE e.stop < %(now)s"
            " AND NOT EXISTS (SELECT 1 FROM crm_contact_log l"
            " WHERE l.calendar_event_id = e.id)"
            " AND EXISTS (SELECT 1 FROM calendar_event_res_partner_rel r"
            " WHERE r.calendar_event_id = e.id AND NOT EXISTS (SELECT 1"
            " FROM res_users u WHERE u.partner_id = r.res_partner_id"
            " AND NOT u.share)))",
            now=fields.Datetime.now(),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", needs)]

    # ------------------------------------------------------------
    # MEETING TO LOG
    # ------------------------------------------------------------

    def _crm_suite_check_loggable(self):
        logged = self._crm_suite_logged_events()
        for event in self:
            if not event.crm_suite_customer_attendee_ids:
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s has no customer among its attendees: "
                        "there is nobody to log a contact with.",
                        meeting=event.name,
                    )
                )
            if event.id in logged:
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s already has its contact log.",
                        meeting=event.name,
                    )
                )

    def _crm_suite_prepare_contact_log_values(self):
        """The contact logs of the meetings (a list, in the order of ``self``): their
        customers, our attendees, their time, subject, deal and description. The
        same number of queries for one meeting as for many."""
        # sudo usage: which users the internal attendees are (the current user may
        # not read every user record); only their ids are used
        users = (
            self.env["res.users"]
            .sudo()
            .search([("partner_id", "in", self.partner_ids.ids), ("share", "=", False)])
        )
        user_of = {user.partner_id.id: user.id for user in users}
        me = self.env.user
        may_assign = self.env["res.users"]._crm_suite_may_assign(LOG_MANAGER_GROUPS)
        # a log links only a deal its author may read (crm.contact.log targets)
        readable_leads = self.opportunity_id._filtered_access("read")
        meeting_kind = self.env.ref(
            "mail.mail_activity_data_meeting", raise_if_not_found=False
        )
        vals_list = []
        for event in self:
            customers = event.crm_suite_customer_attendee_ids
            main = customers[:1].commercial_partner_id
            our_user_ids = {
                user_of[partner.id]
                for partner in event.partner_ids - customers
                if partner.id in user_of
            }
            organizer = event.user_id if not event.user_id.share else None
            # the organizer is responsible; a salesperson logs in their own name
            # (the organizer is then a participant)
            if organizer and (
                organizer == me or may_assign or me.id not in our_user_ids
            ):
                responsible = organizer
            else:
                responsible = me
            # a person met comes with their company (see crm.contact.log.partner_ids)
            met = customers | customers.commercial_partner_id
            values = {
                "date": event.start,
                "duration": event.duration,
                "summary": (event.name or "")[:SUMMARY_MAX_LENGTH],
                "partner_id": main.id,
                "partner_ids": [Command.set((met - main).ids)],
                "user_id": responsible.id,
                "user_ids": [Command.set(sorted(our_user_ids | {responsible.id}))],
                "lead_id": (event.opportunity_id & readable_leads).id,
                "note": event.description,
                "calendar_event_id": event.id,
            }
            if meeting_kind:
                values["activity_type_id"] = meeting_kind.id
            vals_list.append(values)
        return vals_list

    def action_crm_suite_log_meeting(self):
        """Open the contact log form of the meeting, filled in; a meeting already
        logged opens its log."""
        self.ensure_one()
        log = self.contact_log_ids[:1]
        if log:
            return log._crm_suite_action_open_form()
        self._crm_suite_check_loggable()
        # one key, read by crm.contact.log's default_get: default_* keys would also
        # fill the records created from the form (partners, activities)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log the Meeting"),
            "res_model": "crm.contact.log",
            "views": [(False, "form")],
            "target": "current",
            "context": {"crm_suite_log_meeting_id": self.id},
        }

    def action_crm_suite_create_contact_logs(self):
        """Log the selected meetings in one batch, then show the logs."""
        self._crm_suite_check_loggable()
        logs = self.env["crm.contact.log"].create(
            self._crm_suite_prepare_contact_log_values()
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_contact_log_action"
        )
        action["domain"] = [("id", "in", logs.ids)]
        action["context"] = {"search_default_filter_mine": 0}
        return action

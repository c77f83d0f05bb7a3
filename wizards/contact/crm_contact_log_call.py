from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmContactLogCall(models.TransientModel):
    _name = "crm.contact.log.call"
    _description = "Log a Call"

    phone = fields.Char(
        string="Phone Number",
        help="Any format: national (0485 11 22 33) or "
        "international (+32 485 11 22 33).",
    )
    matching_partner_ids = fields.Many2many(
        "res.partner",
        string="Matching Customers",
        compute="_compute_matching_partner_ids",
    )
    matching_count = fields.Integer(compute="_compute_matching_partner_ids")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    new_partner_name = fields.Char(
        string="New Customer",
        help="No customer has this number: type a name to create one with it.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('id', '!=', partner_id), ('is_company', '=', False)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Kind",
        required=True,
        default=lambda self: self.env["crm.contact.log"]._default_activity_type_id(),
        domain="[('is_contact_kind', '=', True)]",
    )
    direction = fields.Selection(
        [("out", "Outgoing"), ("in", "Incoming")], required=True, default="out"
    )
    result_id = fields.Many2one("crm.contact.result")
    summary = fields.Char()
    note = fields.Html()
    duration = fields.Float()
    next_date = fields.Date(
        string="Next Contact",
        compute="_compute_next_contact",
        store=True,
        readonly=False,
        precompute=True,
    )
    next_activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next Contact Kind",
        compute="_compute_next_contact",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('is_contact_kind', '=', True)]",
    )
    next_user_id = fields.Many2one(
        "res.users",
        string="Next Contact By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )

    @api.depends("phone")
    def _compute_matching_partner_ids(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            partners = (
                Partner._crm_suite_find_by_phone(wizard.phone)
                if wizard.phone
                else Partner
            )
            wizard.matching_partner_ids = partners
            wizard.matching_count = len(partners)

    @api.depends("matching_partner_ids")
    def _compute_partner_id(self):
        for wizard in self:
            matches = wizard.matching_partner_ids
            if len(matches) == 1:
                wizard.partner_id = matches
            elif wizard.phone and wizard.partner_id not in matches:
                # a number that is not the chosen customer's: no stale caller
                wizard.partner_id = False

    @api.depends("result_id")
    def _compute_next_contact(self):
        for wizard in self.filtered("result_id"):
            result = wizard.result_id
            if proposed := result._next_contact_date():
                wizard.next_date = proposed
            if result.next_activity_type_id:
                wizard.next_activity_type_id = result.next_activity_type_id

    @api.model
    def _action_open(self, partner=None, lead=None, phone=None):
        """The Log a Call dialog, filled in for a customer or a deal."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_suite.crm_contact_log_call_action"
        )
        # only what is known: an empty default would stop the phone lookup
        defaults = {
            "default_partner_id": partner.id if partner else None,
            "default_lead_id": lead.id if lead else None,
            "default_phone": phone or None,
        }
        action["context"] = {key: value for key, value in defaults.items() if value}
        return action

    def _prepare_contact_log_values(self, partner):
        self.ensure_one()
        return {
            "partner_id": partner.id,
            "contact_id": self.contact_id.id,
            "lead_id": self.lead_id.id,
            "activity_type_id": self.activity_type_id.id,
            "direction": self.direction,
            "result_id": self.result_id.id,
            "summary": self.summary
            or self.result_id.name
            or self.activity_type_id.name,
            "note": self.note,
            "duration": self.duration,
            "phone": self.phone,
            "next_date": self.next_date,
            "next_activity_type_id": self.next_activity_type_id.id,
            "next_user_id": self.next_user_id.id,
        }

    def action_confirm(self):
        self.ensure_one()
        partner = self.partner_id
        if not partner:
            if not self.new_partner_name:
                raise UserError(
                    self.env._(
                        "Choose the customer who called, or type a name to create a "
                        "new "
                        "one."
                    )
                )
            partner = self.env["res.partner"].create(
                {"name": self.new_partner_name, "phone": self.phone}
            )
        self.env["crm.contact.log"].create(self._prepare_contact_log_values(partner))
        if self.env.context.get("default_lead_id") or self.env.context.get(
            "default_partner_id"
        ):
            # opened from a deal or a customer: back to it, reloaded
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": partner.id,
            "views": [(False, "form")],
            "target": "current",
        }

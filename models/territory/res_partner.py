from odoo import api, fields, models

from .crm_territory import REASSIGN_BATCH_SIZE


class ResPartner(models.Model):
    """The customer's territory, set from its address."""

    _inherit = "res.partner"

    # A commercial field: set on the company, shared by its people (Odoo syncs it).
    crm_territory_id = fields.Many2one(
        "crm.territory",
        string="Territory",
        index=True,
        ondelete="set null",
        copy=False,
        help="Set from the address when it changes; can be changed by hand.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self.browse(
            partner.id
            for partner, vals in zip(partners, vals_list, strict=True)
            if "crm_territory_id" not in vals
        )._crm_suite_assign_territories()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if "crm_territory_id" not in vals and (
            vals.keys() & self._crm_suite_territory_triggers()
        ):
            self._crm_suite_assign_territories()
        return res

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "crm_territory_id"]

    @api.model
    def _crm_suite_territory_triggers(self):
        """Fields whose change may move a customer to another territory."""
        return set(self._address_fields()) | {
            "parent_id",
            "is_company",
            "company_id",
            "industry_id",
            "category_id",
        }

    def _crm_suite_assign_territories(self):
        """The commercial entities among ``self``, with their people, get the first
        territory they match (or none): a few queries per territory."""
        entities = self.filtered(lambda p: p.id and p.commercial_partner_id == p)
        if not entities:
            return
        Territory = self.env["crm.territory"]
        matches, unmatched = Territory._crm_suite_match(entities)
        for territory, matched in matches.items():
            Territory._crm_suite_write_territory(territory.id, matched)
        Territory._crm_suite_write_territory(
            None, unmatched.filtered("crm_territory_id")
        )

    @api.model
    def _crm_suite_reassign_all_territories(self, batch_size=None):
        """Every commercial entity gets the territory its address matches now, in
        batches of ids. Returns how many entities were checked."""
        batch_size = batch_size or REASSIGN_BATCH_SIZE
        # sudo usage: all customers move, not only those the user may read
        Partner = self.sudo().with_context(active_test=False)
        domain = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
        done, last_id = 0, 0
        while batch := Partner.search(
            [*domain, ("id", ">", last_id)], order="id", limit=batch_size
        ):
            batch._crm_suite_assign_territories()
            done += len(batch)
            last_id = batch[-1].id
        return done

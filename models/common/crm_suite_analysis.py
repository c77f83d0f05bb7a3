"""The deal dimensions the analyses group by, computed from the customer."""

from odoo.exceptions import AccessError

# stored on crm.lead, computed from the customer, never written by users
ANALYSIS_DIMENSIONS = (
    "crm_territory_id",
    "partner_industry_id",
    "partner_category_ids",
)


def guard_analysis_dimensions(records, vals_list):
    """Refuse a create or write that sets a deal's analysis dimensions by hand.

    They are computed from the customer; the territory rules depend on the
    customer's territory, so a deal must not carry a territory of its own. The
    ORM writes computed values without going through create()/write()."""
    if records.env.su:
        return
    for vals in vals_list:
        forced = vals.keys() & set(ANALYSIS_DIMENSIONS)
        if forced:
            raise AccessError(
                records.env._(
                    "The territory, industry and tags of a deal come from its "
                    "customer; change them on the customer (%(fields)s).",
                    fields=", ".join(
                        records._fields[name].string for name in sorted(forced)
                    ),
                )
            )

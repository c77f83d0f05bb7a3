from odoo import tools
from odoo.tools import SQL


def _post_init_hook(env):
    """Switch Odoo's IAP lead enrichment to manual: customer data must not leave the
    database unless a user asks for it."""
    env["ir.config_parameter"].sudo().set_param("crm.iap.lead.enrich.setting", "manual")
    cron = env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
    if cron:
        cron.sudo().active = False


# accounting records crm_suite may have shipped (demo) or made: they outlive it
KEPT_MODELS = (
    "account.move",
    "account.move.line",
    "account.payment",
    "account.partial.reconcile",
    "account.full.reconcile",
)


def _uninstall_hook(env):
    """Uninstalling deletes crm_suite's records in reverse creation order, then drops
    its tables. Make that clean:

    - the invoices and payments crm_suite created (demo data) are accounting and
      stay, and so does any product of its data (the support time service) that a
      journal item uses: their external ids move to ``__export__``, so the uninstall
      leaves them;
    - the foreign keys of crm_suite's own tables that forbid deleting what they
      point to (tickets → support contracts → the support product) are dropped
      first: those tables are dropped at the end of the uninstall anyway, and
      otherwise the deletions fail in the order the records were created, each
      failure logged as an ERROR.
    """
    # the managers' analyses are materialized views, which Odoo does not drop
    for report in env["crm.analysis.mixin"]._crm_analysis_models():
        tools.drop_view_if_exists(env.cr, report._table)
    Data = env["ir.model.data"].sudo()
    kept = Data.search([("module", "=", "crm_suite"), ("model", "in", KEPT_MODELS)])
    products = Data.search(
        [
            ("module", "=", "crm_suite"),
            ("model", "in", ("product.product", "product.template")),
        ]
    )
    for data in products:
        record = env[data.model].browse(data.res_id).exists()
        variants = (
            record.product_variant_ids if data.model == "product.template" else record
        )
        if variants and env["account.move.line"].sudo().search_count(
            [("product_id", "in", variants.ids)], limit=1
        ):
            kept |= data
    # the customers of those invoices stay with them (an invoice cannot lose its
    # partner)
    partners = Data.search(
        [("module", "=", "crm_suite"), ("model", "=", "res.partner")]
    )
    if partners:
        env.cr.execute(
            """
            SELECT partner_id FROM account_move WHERE partner_id = ANY(%(ids)s)
             UNION
            SELECT commercial_partner_id FROM account_move
             WHERE commercial_partner_id = ANY(%(ids)s)
             UNION
            SELECT partner_id FROM account_move_line WHERE partner_id = ANY(%(ids)s)
            """,
            {"ids": partners.mapped("res_id")},
        )
        invoiced = {row[0] for row in env.cr.fetchall()}
        kept |= partners.filtered(lambda data: data.res_id in invoiced)
    for data in kept:
        data.write({"module": "__export__", "name": f"crm_suite_{data.name}"})

    tables = sorted(
        {
            model._table
            for model in env.registry.values()
            if model._original_module == "crm_suite"
            and not model._abstract
            and model._auto
        }
    )
    env.cr.execute(
        """
        SELECT con.conrelid::regclass::text, con.conname
          FROM pg_constraint con
         WHERE con.contype = 'f'
           AND con.confdeltype IN ('r', 'a')
           AND con.conrelid::regclass::text = ANY(%s)
        """,
        [tables],
    )
    for table, constraint in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )

def _post_init_hook(env):
    """Switch Odoo's IAP lead enrichment to manual: customer data must not leave the
    database unless a user asks for it."""
    env["ir.config_parameter"].sudo().set_param("crm.iap.lead.enrich.setting", "manual")
    cron = env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
    if cron:
        cron.sudo().active = False

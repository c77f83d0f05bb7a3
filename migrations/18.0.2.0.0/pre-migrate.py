"""Access fixes of issue 13, before the update:
- the record rules below changed (helpdesk tiers) but live in ``<data noupdate="1">``,
  which an update does not rewrite. They are released here so that the update loads
  their new domain and groups, and locked again in post-migrate;
- the ticket's SLA policy became an internal field (``groups``): the old SLA form
  extension, which shows it without groups, would make the ticket form log an access
  warning when it is checked before the extension is reloaded. It is dropped here and
  recreated by the update."""

CHANGED_RULES = (
    "crm_ticket_rule_helpdesk_user",
    "crm_ticket_sla_report_rule_helpdesk_user",
    "crm_ticket_time_log_rule_helpdesk_user_read",
    "crm_ticket_time_log_rule_helpdesk_user_own",
    "crm_ticket_solution_rule_helpdesk_user_read",
    "crm_ticket_solution_rule_helpdesk_user_own",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET noupdate = FALSE"
        " WHERE module = 'crm_suite' AND model = 'ir.rule' AND name IN %s",
        [CHANGED_RULES],
    )
    cr.execute(
        "DELETE FROM ir_ui_view WHERE id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = 'crm_suite' AND model = 'ir.ui.view'"
        " AND name = 'crm_ticket_view_form_sla')"
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_suite'"
        " AND model = 'ir.ui.view' AND name = 'crm_ticket_view_form_sla'"
    )

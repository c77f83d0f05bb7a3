"""Access fixes of issue 13, before the update.

- The record rules below changed (helpdesk tiers: new domain or group) but live in
  ``<data noupdate="1">``, whose existing records an update skips (odoo/tools/
  convert.py, whatever their ir.model.data flag). They are deleted here, with their
  XML ids, so that the update creates them again from the new XML.
- The ticket's SLA policy became an internal field (``groups``): the old SLA form
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
DROPPED_VIEWS = ("crm_ticket_view_form_sla",)


def _drop(cr, model, table, names):
    cr.execute(
        f"DELETE FROM {table} WHERE id IN (SELECT res_id FROM ir_model_data"  # noqa: S608
        " WHERE module = 'crm_suite' AND model = %s AND name IN %s)",
        [model, names],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_suite' AND model = %s"
        " AND name IN %s",
        [model, names],
    )


def migrate(cr, version):
    if not version:
        return
    _drop(cr, "ir.rule", "ir_rule", CHANGED_RULES)
    _drop(cr, "ir.ui.view", "ir_ui_view", DROPPED_VIEWS)

"""Access fixes of issue 13, after the update:
- lock again the rules that pre-migrate released;
- deals assigned before this version keep showing their customer's money figures to
  their salesperson (they count as assigned by a manager: nobody can tell);
- dynamic segments saved before get an author, the last user who wrote the campaign:
  the nightly refresh runs with that user's rights."""

# the rules released by pre-migrate.py
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
        "UPDATE ir_model_data SET noupdate = TRUE"
        " WHERE module = 'crm_suite' AND model = 'ir.rule' AND name IN %s",
        [CHANGED_RULES],
    )
    cr.execute(
        "UPDATE crm_lead SET is_assigned_by_manager = TRUE"
        " WHERE user_id IS NOT NULL AND is_assigned_by_manager IS NOT TRUE"
    )
    cr.execute(
        "UPDATE utm_campaign SET segment_user_id = write_uid"
        " WHERE is_segment_dynamic AND segment_user_id IS NULL"
    )

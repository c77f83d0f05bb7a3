"""Access fixes of issue 13, after the update:
- deals assigned before this version keep showing their customer's money figures to
  their salesperson (they count as assigned by a manager: nobody can tell);
- dynamic segments saved before get an author, the last user who wrote the campaign:
  the nightly refresh runs with that user's rights."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE crm_lead SET is_assigned_by_manager = TRUE"
        " WHERE user_id IS NOT NULL AND is_assigned_by_manager IS NOT TRUE"
    )
    cr.execute(
        "UPDATE utm_campaign SET segment_user_id = write_uid"
        " WHERE is_segment_dynamic AND segment_user_id IS NULL"
    )

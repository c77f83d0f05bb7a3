"""Contact logs with several participants (issue 15), before the update.

The territory rule of contact logs now lets a restricted salesperson read the logs
they took part in. It lives in ``<data noupdate="1">``, whose existing records an
update skips: it is deleted here with its XML id so that the update creates it again
from the new XML."""

CHANGED_RULES = ("crm_contact_log_rule_territory",)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "DELETE FROM ir_rule WHERE id IN (SELECT res_id FROM ir_model_data"
        " WHERE module = 'crm_suite' AND model = 'ir.rule' AND name IN %s)",
        [CHANGED_RULES],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'crm_suite' AND model = 'ir.rule'"
        " AND name IN %s",
        [CHANGED_RULES],
    )

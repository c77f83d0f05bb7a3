"""Contact logs with several participants (issue 15), after the update: the
responsible of each existing log is one of its participants (the rule the model
keeps on create and write), in one statement."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "INSERT INTO crm_contact_log_res_users_rel (log_id, user_id)"
        " SELECT id, user_id FROM crm_contact_log WHERE user_id IS NOT NULL"
        " ON CONFLICT DO NOTHING"
    )

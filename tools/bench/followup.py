"""Payment follow-up benchmark: the daily follow-up cron over every open receivable
of the `make bench` data set, and the follow-up list as an accountant opens it.

Usage:
  python3 -m tools.bench followup --db DB --addons-path PATH [--user LOGIN]

DB is a `make bench` database (crm_suite_bench_<SCALE>: 100,000 invoices over 20,000
customers at the default scale). The cron runs as the cron runner runs it: again
while it reports work remaining; it plans every customer, claims and sends the
reminders due (e-mails are queued, their statement PDF is rendered by the mail
queue when it sends them, so no PDF is rendered here). Then the follow-up list is
opened: the action's domain (every customer in follow-up), the list view's fields
(the Overdue column computed for the page), 80 rows (best of 5, record cache
emptied). Targets (reported, not enforced): cron under 60 s, list under 500 ms.
Every change is rolled back.
"""

import ast
import re
import time

from .odoo_env import environment, load, measure_best

CRON_TARGET_S = 60.0
LIST_TARGET_MS = 500.0
LIST_LIMIT = 80


def measure_cron(env):
    cron = env.ref("crm_suite.ir_cron_followup")
    start = time.perf_counter()
    runs = 0
    reports = []
    while True:
        runs += 1
        cron_env, progress = cron.with_user(cron.user_id)._add_progress()
        cron_env._callback(cron.cron_name, cron.ir_actions_server_id.id)
        reports.append((progress.done, progress.remaining))
        if not progress.remaining or runs > 1000:
            break
    elapsed = time.perf_counter() - start
    env.flush_all()
    env.cr.execute("SELECT COUNT(*) FROM crm_followup_sent")
    sent = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT COUNT(*) FROM res_partner"
        " WHERE followup_date_next IS NOT NULL OR followup_level_id IS NOT NULL"
    )
    in_followup = env.cr.fetchone()[0]
    return {
        "seconds": elapsed,
        "runs": runs,
        "reports": reports,
        "sent": sent,
        "in_followup": in_followup,
    }


def list_spec(env):
    """The fields the follow-up list view reads, as the web client asks them."""
    view = env.ref("crm_suite.res_partner_followup_view_list")
    arch = env["res.partner"].get_views([(view.id, "list")])["views"]["list"]["arch"]
    names = re.findall(r'<field name="([a-z_]+)"', arch)
    spec = {}
    for name in names:
        field = env["res.partner"]._fields[name]
        spec[name] = (
            {"fields": {"display_name": {}}} if field.type == "many2one" else {}
        )
    return spec


def measure_list(env, login):
    user = env["res.users"].search([("login", "=", login)], limit=1) or env.user
    partners = env["res.partner"].with_user(user)
    action = env.ref("crm_suite.res_partner_followup_action")
    # every customer in follow-up: after the cron, "Due Today" is empty
    domain = ast.literal_eval(action.domain)
    spec = list_spec(env)
    partners.web_search_read(domain, spec, limit=LIST_LIMIT)  # warm the caches
    best, queries, result = measure_best(
        env,
        lambda: partners.web_search_read(
            domain, spec, limit=LIST_LIMIT, count_limit=10001
        ),
        5,
    )
    return {
        "ms": best * 1000,
        "queries": queries,
        "rows": len(result["records"]),
        "length": result["length"],
        "user": user.login,
    }


def add_arguments(parser):
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--user", default="admin", help="who opens the list")


def run(args):
    registry = load(args.db, args.addons_path)
    with registry.cursor() as cr:
        env = environment(cr)
        cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT l.partner_id) FROM account_move_line l"
            " JOIN account_account a ON a.id = l.account_id"
            " WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled"
            " AND l.parent_state = 'posted'"
        )
        items, customers = cr.fetchone()
        cron = measure_cron(env)
        listing = measure_list(env, args.user)
        cr.rollback()
    print(
        f"follow-up cron over {items:,} open receivable items of {customers:,} "
        f"customers: {cron['sent']:,} reminders, {cron['in_followup']:,} customers "
        f"in follow-up, {cron['seconds']:.1f} s in {cron['runs']} run(s), progress "
        f"(done, remaining) {cron['reports'][:3]}"
        f"{' ...' if len(cron['reports']) > 3 else ''}; target < "
        f"{CRON_TARGET_S:.0f} s: "
        f"{'OK' if cron['seconds'] < CRON_TARGET_S else 'OVER TARGET'}"
    )
    print(
        f"follow-up list ({LIST_LIMIT} rows of {listing['length']:,}, as "
        f"{listing['user']}): {listing['ms']:.1f} ms, {listing['queries']} queries; "
        f"target < {LIST_TARGET_MS:.0f} ms: "
        f"{'OK' if listing['ms'] < LIST_TARGET_MS else 'OVER TARGET'}"
    )
    return 0

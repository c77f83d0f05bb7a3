"""crm_suite campaign benchmark: Odoo loaded in-process on a benchmark database.

Usage (from the repository root; crm_suite must be installed in DB):
  python3 -m tools.bench campaigns --db DB --addons-path PATH [--partners 100000]
                                   [--campaigns 50]

1. Writes, once per database, ``--partners`` partners with raw SQL (1 company in 5,
   the others contact persons of those companies, a job position on each person), all
   tagged "Bench Campaign"; they are kept for the next runs.
2. Times a dynamic segment on that tag (every partner matches): the first run, which
   creates all the members, and a re-run, which finds nothing new; then a segment with
   a job-position filter. Target: under 30 s for the first run.
3. Counts the queries of the campaign comparison list (the figures of one campaign
   vs ``--campaigns`` campaigns, each with members, deals and costs). Target: equal.
Every write of steps 2 and 3 is rolled back. Prints a table; exit status 0 whenever
the run completes (targets are reported, not enforced).
"""

import logging
import time

from .odoo_env import environment, load

_logger = logging.getLogger("crm_suite.bench_campaign")

TAG_NAME = "Bench Campaign"
SEGMENT_TARGET_S = 30.0
FUNCTIONS = ["IT Director", "Accountant", "Purchaser", "CEO", "Office Manager"]
COMPARISON_FIELDS = [
    "title",
    "campaign_type",
    "member_count",
    "response_rate",
    "deal_count",
    "won_count",
    "won_revenue",
    "amount_invoiced",
    "amount_paid",
    "actual_cost",
    "cost_per_lead",
    "cost_per_won",
    "roi",
]


def ensure_partners(env, count):
    """The tagged benchmark partners, written with SQL when missing."""
    cr = env.cr
    Tag = env["res.partner.category"]
    tag = Tag.search([("name", "=", TAG_NAME)], limit=1) or Tag.create(
        {"name": TAG_NAME}
    )
    env.flush_all()
    cr.execute(
        "SELECT count(*) FROM res_partner_res_partner_category_rel "
        "WHERE category_id = %s",
        [tag.id],
    )
    have = cr.fetchone()[0]
    if have >= count:
        return tag, have
    companies = max((count - have) // 5, 1)
    persons = count - have - companies
    common = {"uid": env.uid, "tag": tag.id}
    cr.execute(
        """
        WITH src AS (
            SELECT i, nextval('res_partner_id_seq') AS id,
                   'Bench Campaign Company ' || lpad(i::text, 6, '0') AS name
              FROM generate_series(1, %(companies)s) i
        ), ins AS (
            INSERT INTO res_partner (
                id, name, complete_name, commercial_company_name,
                commercial_partner_id, is_company, type, lang, active,
                autopost_bills, invoice_warn, message_bounce, color, customer_rank,
                supplier_rank, partner_share, email, email_normalized,
                create_uid, write_uid, create_date, write_date
            )
            SELECT id, name, name, name, id, true, 'contact', 'en_US', true,
                   'ask', 'no-message', 0, 0, 1, 0, true,
                   'info@bench' || id || '.example.com',
                   'info@bench' || id || '.example.com',
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM src
            RETURNING id
        )
        INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id)
        SELECT id, %(tag)s FROM ins
        """,
        {**common, "companies": companies},
    )
    cr.execute(
        """
        WITH c AS (
            SELECT id, name, row_number() OVER (ORDER BY id) AS k
              FROM res_partner
             WHERE name LIKE 'Bench Campaign Company %%' AND is_company
        ), n AS (SELECT count(*) AS total FROM c),
        src AS (
            SELECT i, nextval('res_partner_id_seq') AS id,
                   'Bench Campaign Person ' || lpad(i::text, 7, '0') AS name,
                   1 + (i - 1) %% n.total AS k
              FROM generate_series(1, %(persons)s) i, n
        ), ins AS (
            INSERT INTO res_partner (
                id, name, complete_name, commercial_company_name,
                commercial_partner_id, parent_id, is_company, type, lang, active,
                autopost_bills, invoice_warn, message_bounce, color, customer_rank,
                supplier_rank, partner_share, function, email, email_normalized,
                create_uid, write_uid, create_date, write_date
            )
            SELECT src.id, src.name, c.name || ', ' || src.name, c.name, c.id, c.id,
                   false, 'contact', 'en_US', true, 'ask', 'no-message', 0, 0, 0, 0,
                   true, (%(functions)s::varchar[])[1 + src.i %% 5],
                   'p' || src.id || '@bench.example.com',
                   'p' || src.id || '@bench.example.com',
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM src JOIN c ON c.k = src.k
            RETURNING id
        )
        INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id)
        SELECT id, %(tag)s FROM ins
        """,
        {**common, "persons": persons, "functions": FUNCTIONS},
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE res_partner_res_partner_category_rel")
    cr.commit()  # the partners are kept for the next runs
    env.invalidate_all()
    return tag, count


def bench_segment(env, tag):
    Campaign = env["utm.campaign"]
    rows = []
    campaign = Campaign.create({"title": "Bench dynamic segment"})
    campaign.write(
        {
            "is_segment_dynamic": True,
            "segment_domain": repr([("category_id", "in", tag.ids)]),
        }
    )
    env.flush_all()
    start = time.perf_counter()
    (added, __) = campaign._action_refresh_segment()[campaign]
    env.flush_all()
    first = time.perf_counter() - start
    rows.append(
        (
            "dynamic segment, first run",
            f"{first:.1f} s",
            f"{added} members",
            first < SEGMENT_TARGET_S,
        )
    )
    start = time.perf_counter()
    (added_again, __) = campaign._action_refresh_segment()[campaign]
    env.flush_all()
    rerun = time.perf_counter() - start
    rows.append(
        ("dynamic segment, re-run", f"{rerun:.1f} s", f"{added_again} new", None)
    )
    jobs = Campaign.create({"title": "Bench job positions"})
    jobs.write(
        {
            "is_segment_dynamic": True,
            "segment_domain": repr(
                [("category_id", "in", tag.ids), ("is_company", "=", True)]
            ),
            "target_job_positions": "it director, office manager",
        }
    )
    start = time.perf_counter()
    (added_jobs, __) = jobs._action_refresh_segment()[jobs]
    env.flush_all()
    elapsed = time.perf_counter() - start
    rows.append(
        (
            "segment with job positions",
            f"{elapsed:.1f} s",
            f"{added_jobs} members",
            elapsed < SEGMENT_TARGET_S,
        )
    )
    return rows


def bench_comparison(env, count):
    partners = env["res.partner"].search([], limit=5)
    campaigns = env["utm.campaign"].create(
        [{"title": f"Bench comparison {i}"} for i in range(count)]
    )
    env["crm.campaign.member"].create(
        [{"campaign_id": c.id, "partner_id": p.id} for c in campaigns for p in partners]
    )
    env["crm.lead"].create(
        [{"name": f"Bench deal {c.id}", "campaign_id": c.id} for c in campaigns]
    )
    env["crm.campaign.cost"].create(
        [{"campaign_id": c.id, "name": "Bench", "amount": 10.0} for c in campaigns]
    )
    env.flush_all()
    counts = []
    for subset in (campaigns[:1], campaigns):
        subset.invalidate_model()
        subset.read(COMPARISON_FIELDS)  # warm-up
        subset.invalidate_model()
        before = env.cr.sql_log_count
        subset.read(COMPARISON_FIELDS)
        counts.append(env.cr.sql_log_count - before)
    return [
        ("comparison list, 1 campaign", f"{counts[0]} queries", "", None),
        (
            f"comparison list, {count} campaigns",
            f"{counts[1]} queries",
            "",
            counts[0] == counts[1],
        ),
    ]


def add_arguments(parser):
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--partners", type=int, default=100_000)
    parser.add_argument("--campaigns", type=int, default=50)


def run(args):
    registry = load(args.db, args.addons_path)
    with registry.cursor() as cr:
        env = environment(cr, context={"tracking_disable": True})
        tag, have = ensure_partners(env, args.partners)
        rows = [("tagged partners", str(have), "", None)]
        try:
            rows += bench_segment(env, tag)
            rows += bench_comparison(env, args.campaigns)
        finally:
            cr.rollback()
    print(f"{'measure':<36} {'value':>14}  {'detail':<18} target")
    for label, value, detail, passed in rows:
        verdict = "" if passed is None else ("ok" if passed else "MISSED")
        print(f"{label:<36} {value:>14}  {detail:<18} {verdict}")
    return 0

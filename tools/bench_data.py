"""Benchmark data for `make bench`: partners and contact logs written with raw SQL.

The ORM would need hours for a million contact logs; generate_series does it in
seconds. Only the few users and teams go through the ORM (groups, team membership and
their side records are not worth rewriting in SQL). Every stored value the ORM would
compute is written consistently: complete_name, commercial_partner_id, phone_sanitized,
email_normalized on partners; commercial_partner_id and team_id on logs; and
res_partner.last_contact_date with one UPDATE following the model's definition.

Layout for ``partners`` = N and ``logs`` = L:
- companies (1 in 5 of the bulk partners), 4 in 5 of them customers, with persons under
  them; about half of the partners have a phone number;
- one in ten companies was never contacted, one in five was last contacted months ago
  (both show up as forgotten customers);
- "Bench Heavy Customer": a company with 5 persons and ``min(10,000, L / 2)`` logs;
- "Bench Single-Log Customer": a company shaped like the heavy one (5 persons) with
  exactly one log, which has a contact person and a result (so that a form showing it
  reads the same related records as one showing many logs);
- the other logs are spread at random over the bulk partners, over the last 3 years,
  with a contact person on 30% of the logs of companies.

Random values come from PostgreSQL's random() after setseed(): the same scale gives
the same data.
"""

import json

from odoo import Command

GENERATOR_VERSION = 3
PARAM_DATASET = "crm_suite_bench.dataset"
HEAVY_LOGS = 10_000
HEAVY_PERSONS = 5
SALES_USERS = 8
HISTORY_DAYS = 3 * 365
SEED = 0.42
MANAGER_LOGIN = "crm_suite_bench_manager"
SUMMARIES = [
    "Call about the yearly renewal",
    "Discussed the new price list",
    "Follow-up on the last offer",
    "Complaint about a late delivery",
    "Introduced the new product range",
    "Asked for a reference customer",
    "Checked satisfaction after installation",
    "Negotiated payment terms",
]
# US numbers in the New York area code: national and E.164 forms are easy to build.
# In queries with parameters, hence %% for the modulo.
PHONE_SQL = (
    "'+1 212-' || (200 + ({i} * 7) %% 800) || '-' "
    "|| lpad((({i} * 7919) %% 10000)::text, 4, '0')"
)
PHONE_SANITIZED_SQL = (
    "'+1212' || (200 + ({i} * 7) %% 800) || lpad((({i} * 7919) %% 10000)::text, 4, '0')"
)

# Logs attributed to a partner, its contact person and its commercial entity: the
# definition of res.partner.last_contact_date (ResPartner._contact_log_groups).
LAST_CONTACT_SQL = """
    WITH log_partner AS (
        SELECT partner_id AS pid, date FROM crm_contact_log
        UNION ALL
        SELECT contact_id, date FROM crm_contact_log WHERE contact_id IS NOT NULL
        UNION ALL
        SELECT commercial_partner_id, date FROM crm_contact_log
         WHERE commercial_partner_id IS NOT NULL
    ),
    last_contact AS (
        SELECT pid, max(date) AS date FROM log_partner GROUP BY pid
    )
    UPDATE res_partner p
       SET last_contact_date = wanted.date
      FROM (
        SELECT rp.id, lc.date
          FROM res_partner rp LEFT JOIN last_contact lc ON lc.pid = rp.id
      ) wanted
     WHERE wanted.id = p.id
       AND p.last_contact_date IS DISTINCT FROM wanted.date
"""


def read_dataset(env):
    """The description of the generated data stored in the database, or None."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM_DATASET)
    return json.loads(value) if value else None


def update_last_contact_dates(cr):
    """Set res_partner.last_contact_date from the logs with one UPDATE; returns the
    number of partners changed."""
    cr.execute(LAST_CONTACT_SQL)
    return cr.rowcount


def generate(env, partners, logs):
    """Write the benchmark data in ``env``'s transaction (the caller commits) and
    return the dataset description, also stored as an ir.config_parameter."""
    if partners < 20 or logs < 10:
        raise ValueError("the benchmark needs at least 20 partners and 10 logs")
    cr = env.cr
    users, teams, manager = _create_users(env)
    company = env.company
    country = company.country_id or env.ref("base.us")
    kinds = env["mail.activity.type"].search([("is_contact_kind", "=", True)]).ids
    if not kinds:
        raise RuntimeError(
            "no mail.activity.type with is_contact_kind: is crm_suite ok?"
        )
    results = env["crm.contact.result"].search([]).ids
    env.flush_all()
    cr.execute("SELECT setseed(%s)", [SEED])

    heavy_logs = min(HEAVY_LOGS, logs // 2)
    bulk_logs = logs - heavy_logs - 1
    bulk_partners = partners - 2 * (HEAVY_PERSONS + 1)
    companies = max(bulk_partners // 5, 1)
    persons = bulk_partners - companies
    common = {
        "users": users.ids,
        "country": country.id,
        "uid": env.uid,
    }

    _create_partner_tables(cr)
    _insert_companies(cr, "bulk", companies, "Bench Company ", common)
    _insert_companies(cr, "heavy", 1, "Bench Heavy Customer", common)
    _insert_companies(cr, "single", 1, "Bench Single-Log Customer", common)
    _insert_persons(cr, "bulk", persons, common)
    _insert_persons(cr, "heavy", HEAVY_PERSONS, common)
    _insert_persons(cr, "single", HEAVY_PERSONS, common)
    _fill_pool(cr)

    log_common = {
        "kinds": kinds,
        "results": results,
        "users": users.ids,
        "teams": [user.sale_team_id.id or None for user in users],
        "company": company.id,
        "summaries": SUMMARIES,
    }
    _insert_logs(cr, "bulk", bulk_logs, 0.3, 0.7, HISTORY_DAYS, log_common)
    _insert_logs(cr, "heavy", heavy_logs, 0.4, 0.7, HISTORY_DAYS, log_common)
    _insert_logs(cr, "single", 1, 1.0, 1.0, 30, log_common)
    # The single log is by another user than the customer's salesperson, like most
    # logs of the heavy customer: a form showing it reads the same kinds of records.
    cr.execute(
        """
        UPDATE crm_contact_log log
           SET user_id = other.user_id, team_id = other.team_id,
               create_uid = other.user_id, write_uid = other.user_id
          FROM bench_company c,
               LATERAL (
                SELECT user_id, team_id
                  FROM unnest(%s::int[], %s::int[]) AS u(user_id, team_id)
                 WHERE user_id <> c.user_id
                 LIMIT 1
               ) other
         WHERE c.grp = 'single' AND log.commercial_partner_id = c.id
        """,
        [log_common["users"], log_common["teams"]],
    )
    update_last_contact_dates(cr)

    cr.execute(
        "SELECT grp, min(id) FROM bench_company WHERE grp IN ('heavy', 'single') "
        "GROUP BY grp"
    )
    special = dict(cr.fetchall())
    cr.execute("SELECT count(*) FROM bench_company")
    company_count = cr.fetchone()[0]
    cr.execute("DROP TABLE bench_company, bench_person, bench_pool")
    env.invalidate_all()
    dataset = {
        "version": GENERATOR_VERSION,
        "partners": partners,
        "logs": logs,
        "companies": company_count,
        "heavy_partner_id": special["heavy"],
        "heavy_logs": heavy_logs,
        "single_partner_id": special["single"],
        "manager_login": manager.login,
        "manager_id": manager.id,
        "user_ids": users.ids,
        "team_ids": teams.ids,
    }
    env["ir.config_parameter"].sudo().set_param(PARAM_DATASET, json.dumps(dataset))
    return dataset


def _create_users(env):
    env = env(
        context=dict(
            env.context,
            no_reset_password=True,
            mail_create_nolog=True,
            mail_notrack=True,
            tracking_disable=True,
        )
    )
    salesman = env.ref("sales_team.group_sale_salesman")
    teams = env["crm.team"].create(
        [{"name": "Bench Team North"}, {"name": "Bench Team South"}]
    )
    users = env["res.users"].create(
        [
            {
                "name": f"Bench Salesperson {index}",
                "login": f"crm_suite_bench_sales_{index}",
                "email": f"sales{index}@bench.example.com",
                "groups_id": [
                    Command.set([env.ref("base.group_user").id, salesman.id])
                ],
            }
            for index in range(1, SALES_USERS + 1)
        ]
    )
    env["crm.team.member"].create(
        [
            {"crm_team_id": teams[index % 2].id, "user_id": user.id}
            for index, user in enumerate(users)
        ]
    )
    manager = env["res.users"].create(
        {
            "name": "Bench Sales Manager",
            "login": MANAGER_LOGIN,
            "email": "manager@bench.example.com",
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("sales_team.group_sale_manager").id,
                    ]
                )
            ],
        }
    )
    users.invalidate_recordset()
    return users, teams, manager


def _create_partner_tables(cr):
    cr.execute(
        """
        CREATE TEMP TABLE bench_company (
            grp varchar, idx int, id int, name varchar, user_id int, country_id int,
            PRIMARY KEY (grp, idx)
        );
        CREATE TEMP TABLE bench_person (
            grp varchar, company_idx int, k int, id int,
            PRIMARY KEY (grp, company_idx, k)
        );
        CREATE TEMP TABLE bench_pool (
            grp varchar, idx int, partner_id int, commercial_id int,
            company_idx int, is_company bool, n_persons int,
            PRIMARY KEY (grp, idx)
        );
        """
    )


def _insert_companies(cr, grp, count, name, common):
    numbered = count > 1
    cr.execute(
        f"""
        WITH src AS (
            SELECT i, nextval('res_partner_id_seq') AS id,
                   %(name)s || CASE WHEN %(numbered)s THEN lpad(i::text, 6, '0')
                                    ELSE '' END AS name,
                   (%(users)s::int[])[1 + i %% cardinality(%(users)s::int[])] AS user_id
              FROM generate_series(1, %(count)s) i
        ), ins AS (
            INSERT INTO res_partner (
                id, name, complete_name, commercial_company_name,
                commercial_partner_id, is_company, type, lang, active,
                autopost_bills, invoice_warn, message_bounce, color, customer_rank,
                supplier_rank, partner_share, user_id, email, email_normalized,
                phone, phone_sanitized, city, country_id, calendar_last_notif_ack,
                create_uid, write_uid, create_date, write_date
            )
            SELECT id, name, name, name,
                   id, true, 'contact', 'en_US', true,
                   'ask', 'no-message', 0, 0,
                   CASE WHEN i %% 5 = 0 THEN 0 ELSE 1 END,
                   0, true, user_id,
                   'info@company' || id || '.example.com',
                   'info@company' || id || '.example.com',
                   CASE WHEN i %% 3 <> 0 THEN {PHONE_SQL.format(i="id")} END,
                   CASE WHEN i %% 3 <> 0 THEN {PHONE_SANITIZED_SQL.format(i="id")} END,
                   'New York', %(country)s, now() AT TIME ZONE 'UTC',
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM src
        )
        INSERT INTO bench_company (grp, idx, id, name, user_id, country_id)
        SELECT %(grp)s, i, id, name, user_id, %(country)s FROM src
        """,
        {**common, "grp": grp, "count": count, "name": name, "numbered": numbered},
    )


def _insert_persons(cr, grp, count, common):
    """Persons spread evenly over the companies of ``grp``."""
    cr.execute(
        f"""
        WITH n AS (SELECT count(*) AS companies FROM bench_company WHERE grp = %(grp)s),
        src AS (
            SELECT i, nextval('res_partner_id_seq') AS id,
                   'Bench Person ' || lpad(i::text, 7, '0') AS name,
                   1 + (i - 1) %% n.companies AS company_idx
              FROM generate_series(1, %(count)s) i, n
        ), ins AS (
            INSERT INTO res_partner (
                id, name, complete_name, commercial_company_name,
                commercial_partner_id, parent_id, is_company, type, lang, active,
                autopost_bills, invoice_warn, message_bounce, color, customer_rank,
                supplier_rank, partner_share, user_id, function, email,
                email_normalized, mobile, phone_sanitized, city, country_id,
                calendar_last_notif_ack, create_uid, write_uid, create_date,
                write_date
            )
            SELECT src.id, src.name, c.name || ', ' || src.name, c.name,
                   c.id, c.id, false, 'contact', 'en_US', true,
                   'ask', 'no-message', 0, 0, 0,
                   0, true, c.user_id, 'Buyer',
                   'person' || src.id || '@company' || c.id || '.example.com',
                   'person' || src.id || '@company' || c.id || '.example.com',
                   CASE WHEN i %% 2 = 0 THEN {PHONE_SQL.format(i="src.id")} END,
                   CASE WHEN i %% 2 = 0 THEN {PHONE_SANITIZED_SQL.format(i="src.id")}
                   END,
                   'New York', c.country_id, now() AT TIME ZONE 'UTC',
                   %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM src
              JOIN bench_company c ON c.grp = %(grp)s AND c.idx = src.company_idx
        )
        INSERT INTO bench_person (grp, company_idx, k, id)
        SELECT %(grp)s, company_idx,
               row_number() OVER (PARTITION BY company_idx ORDER BY id), id
          FROM src
        """,
        {**common, "grp": grp, "count": count},
    )


def _fill_pool(cr):
    """The partners logs are written for, numbered per group: every heavy and single
    partner, and the bulk partners but those of never-contacted companies (one in
    ten)."""
    cr.execute(
        """
        INSERT INTO bench_pool (grp, idx, partner_id, commercial_id, company_idx,
                                is_company, n_persons)
        SELECT grp, row_number() OVER (PARTITION BY grp ORDER BY partner_id),
               partner_id, commercial_id, company_idx, is_company, n_persons
          FROM (
            SELECT c.grp, c.id AS partner_id, c.id AS commercial_id,
                   c.idx AS company_idx, true AS is_company,
                   (SELECT count(*) FROM bench_person p
                     WHERE p.grp = c.grp AND p.company_idx = c.idx) AS n_persons
              FROM bench_company c
             WHERE c.grp = 'heavy' OR c.grp = 'single' OR c.idx % 10 <> 3
            UNION ALL
            SELECT p.grp, p.id, c.id, c.idx, false, 0
              FROM bench_person p
              JOIN bench_company c ON c.grp = p.grp AND c.idx = p.company_idx
             WHERE p.grp = 'bulk' AND c.idx % 10 <> 3
          ) partners
        """
    )
    cr.execute("ANALYZE bench_company; ANALYZE bench_person; ANALYZE bench_pool")


def _insert_logs(cr, grp, count, contact_ratio, result_ratio, history_days, values):
    """``count`` logs on random partners of ``grp``; ``contact_ratio`` of the logs of
    companies name a contact person, ``result_ratio`` of the logs have a result. One
    company in five of the bulk was last contacted 4 to 24 months ago: its logs are
    shifted back in time."""
    if count <= 0:
        return
    cr.execute(
        """
        WITH pool AS (SELECT count(*) AS size FROM bench_pool WHERE grp = %(grp)s),
        pick AS MATERIALIZED (
            SELECT n, 1 + floor(random() * pool.size)::int AS pidx,
                   random() AS r_contact, random() AS r_kind, random() AS r_result,
                   random() AS r_dir, random() AS r_date,
                   1 + floor(random() * cardinality(%(users)s::int[]))::int AS ui
              FROM generate_series(1, %(count)s) n, pool
        ), src AS (
            SELECT k.n, p.partner_id, p.commercial_id, cp.id AS contact_id,
                   (%(kinds)s::int[])[
                       1 + floor(k.r_kind * cardinality(%(kinds)s::int[]))::int
                   ] AS activity_type_id,
                   CASE WHEN k.r_result < %(result_ratio)s
                         AND cardinality(%(results)s::int[]) > 0
                        THEN (%(results)s::int[])[1 + floor(
                            k.r_result / %(result_ratio)s
                            * cardinality(%(results)s::int[])
                        )::int]
                   END AS result_id,
                   CASE WHEN k.r_dir < 0.7 THEN 'out' ELSE 'in' END AS direction,
                   (%(users)s::int[])[k.ui] AS user_id,
                   (%(teams)s::int[])[k.ui] AS team_id,
                   date_trunc('second', (now() AT TIME ZONE 'UTC') - make_interval(
                       days => CASE WHEN %(grp)s = 'bulk' AND p.company_idx %% 5 = 1
                                    THEN 120 + (p.company_idx * 37) %% 600 ELSE 0 END,
                       secs => k.r_date * %(history_days)s * 86400
                   )) AS date
              FROM pick k
              JOIN bench_pool p ON p.grp = %(grp)s AND p.idx = k.pidx
              LEFT JOIN bench_person cp
                ON p.is_company AND k.r_contact < %(contact_ratio)s
               AND cp.grp = %(grp)s AND cp.company_idx = p.company_idx
               AND cp.k = 1 + floor(k.r_contact / %(contact_ratio)s * p.n_persons)::int
        )
        INSERT INTO crm_contact_log (
            date, partner_id, commercial_partner_id, contact_id, activity_type_id,
            direction, user_id, team_id, company_id, result_id, summary,
            create_uid, write_uid, create_date, write_date
        )
        SELECT date, partner_id, commercial_id, contact_id, activity_type_id,
               direction, user_id, team_id, %(company)s, result_id,
               (%(summaries)s::varchar[])[
                   1 + n %% cardinality(%(summaries)s::varchar[])
               ] || ' (#' || n || ')',
               user_id, user_id, date, date
          FROM src
        """,
        {
            **values,
            "grp": grp,
            "count": count,
            "contact_ratio": contact_ratio or 1e-9,
            "result_ratio": result_ratio or 1e-9,
            "history_days": history_days,
        },
    )

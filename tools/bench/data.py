"""Benchmark data for `make bench`: partners, contact logs, deals, customer invoices
and payments written with raw SQL.

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
  with a contact person on 30% of the logs of companies;
- deals, invoices and payments: see :func:`generate_money`.

Random values come from PostgreSQL's random() after setseed(): the same scale gives
the same data.
"""

import json

from odoo import Command

from . import orders as bench_orders

GENERATOR_VERSION = 6
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
    """Nothing to write since issue 13: res.partner.last_contact_date is derived
    from the logs on read (LAST_CONTACT_SQL stays as the reference definition)."""
    return 0


def generate(env, partners, logs, deals, invoices):
    """Write the benchmark data in ``env``'s transaction (the caller commits) and
    return the dataset description, also stored as an ir.config_parameter."""
    if partners < 20 or logs < 10:
        raise ValueError("the benchmark needs at least 20 partners and 10 logs")
    if deals < 20 or invoices < 10:
        raise ValueError("the benchmark needs at least 20 deals and 10 invoices")
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
    money = generate_money(env, deals, invoices, log_common)

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
        **money,
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


# ----------------------------------------------------------------------------
# deals, invoices and payments
# ----------------------------------------------------------------------------

HEAVY_DEALS = 2_000
WON_RATIO = 0.3
LOST_RATIO = 0.15
PERSON_DEAL_RATIO = 0.25
REFUND_EVERY = 50  # one invoice in 50 is a credit note
INSTALMENT_RATIO = 0.25  # invoices on "30% Now, Balance 60 Days"
TWO_LINES_RATIO = 0.3  # invoices with two income lines
PARTIAL_RATIO = 0.1
ACTIVITY_RATIO = 0.2  # open deals with a planned activity
DEAL_SUBJECTS = ["Renewal", "New project", "Upsell", "Licences", "Support contract"]
INCOME_LABELS = ["Consulting", "Licences"]
TODAY_SQL = "(now() AT TIME ZONE 'UTC')::date"
NOW_SQL = "(now() AT TIME ZONE 'UTC')"


def generate_money(env, deals, invoices, log_common):
    """Deals on the bench partners and posted customer invoices of the won ones, with
    their payments; needs the temporary tables of :func:`generate`. Returns the
    dataset keys describing them.

    - ``deals`` opportunities: 30% won, 15% lost (archived, with a loss reason), the
      others open in the stages before won; a quarter of them on a contact person of
      the company. "Bench Heavy Customer" has ``min(2,000, deals / 100)`` deals,
      "Bench Single-Log Customer" exactly one, won, with one invoice.
    - ``invoices`` customer invoices spread round-robin over the won deals (so the
      first won deals get one more), one in 50 a credit note; no taxes. A quarter
      are on "30% Now, Balance 60 Days" (two receivable lines with their own due
      dates), the others on "30 Days"; 30% have two income lines.
    - Payments: journal entries in the bank journal, one per settled receivable line,
      matched with ``account.partial.reconcile`` (and ``account.full.reconcile`` when
      the line is settled); the older the invoice, the likelier it is paid; one in
      ten invoices is partially paid; credit notes stay open.
    - Stored values the ORM computes are written by the same rules: the move amounts
      and ``payment_state``, the residuals and ``reconciled`` of journal items,
      ``matching_number``, and crm_suite's sales-cycle fields on the deals.
    """
    cr = env.cr
    company = env.company
    refs = _money_refs(env)
    values = {
        **refs,
        "users": log_common["users"],
        "teams": log_common["teams"],
        "company": company.id,
        "currency": company.currency_id.id,
        "uid": env.uid,
        "subjects": DEAL_SUBJECTS,
        "labels": INCOME_LABELS,
    }
    heavy_deals = max(min(HEAVY_DEALS, deals // 100), 1)
    cr.execute(
        """
        CREATE TEMP TABLE bench_deal (
            id int PRIMARY KEY, grp varchar, partner_id int, commercial_id int,
            user_id int, revenue numeric, won bool, date_closed timestamp
        )
        """
    )
    _insert_deals(cr, "bulk", deals - heavy_deals - 1, False, values)
    _insert_deals(cr, "heavy", heavy_deals, False, values)
    _insert_deals(cr, "single", 1, True, values)
    _insert_activities(cr, values)
    _plan_invoices(cr, invoices, values)
    _insert_invoices(cr, values)
    _update_deal_cycle(cr)
    orders = bench_orders.generate_orders(env, values)  # issue 18: sales orders
    # invoiced customers are customers
    cr.execute(
        """
        UPDATE res_partner p SET customer_rank = 1
          FROM (SELECT DISTINCT commercial_partner_id AS id FROM account_move
                 WHERE move_type IN ('out_invoice', 'out_refund')) c
         WHERE p.id = c.id AND p.customer_rank = 0
        """
    )
    cr.execute(
        """
        SELECT (SELECT count(*) FROM bench_deal),
               (SELECT count(*) FROM bench_deal WHERE won),
               (SELECT count(*) FROM bench_invoice),
               (SELECT count(*) FROM bench_invoice WHERE move_type = 'out_refund'),
               (SELECT count(*) FROM bench_payment),
               (SELECT count(*) FROM account_move_line),
               (SELECT count(*) FROM mail_activity WHERE res_model = 'crm.lead')
        """
    )
    deal_rows, won, invoice_rows, refunds, payments, lines, activities = cr.fetchone()
    cr.execute(
        """
        SELECT d.grp, count(DISTINCT d.id), count(i.id)
          FROM bench_deal d LEFT JOIN bench_invoice i ON i.lead_id = d.id
         WHERE d.grp IN ('heavy', 'single') GROUP BY d.grp
        """
    )
    special = {grp: (n_deals, n_invoices) for grp, n_deals, n_invoices in cr.fetchall()}
    cr.execute(
        "DROP TABLE bench_deal, bench_won, bench_invoice, bench_receivable, "
        "bench_payment"
    )
    return {
        "deals": deal_rows,
        "won_deals": won,
        "invoices": invoice_rows,
        "credit_notes": refunds,
        "payments": payments,
        "move_lines": lines,
        "deal_activities": activities,
        "heavy_deals": special["heavy"][0],
        "heavy_invoices": special["heavy"][1],
        "single_deals": special["single"][0],
        "single_invoices": special["single"][1],
        "sale_journal_id": refs["sale_journal"],
        "bank_journal_id": refs["bank_journal"],
        **orders,
    }


def _money_refs(env):
    """The records the deals and invoices point to."""
    company = env.company
    stages = env["crm.stage"].search([])
    won = stages.filtered("is_won")[:1]
    open_stages = stages.filtered(lambda stage: not stage.is_won)
    if not won or not open_stages:
        raise RuntimeError("the bench needs a won stage and stages before it")
    journals = env["account.journal"].search([("company_id", "=", company.id)])
    sale = journals.filtered(lambda journal: journal.type == "sale")[:1]
    bank = journals.filtered(lambda journal: journal.type == "bank")[:1]
    if not (sale.default_account_id and bank.default_account_id):
        raise RuntimeError("no sale or bank journal with an account: no chart?")
    receivable = (
        env["res.partner"]
        .with_company(company)
        .browse(company.partner_id.id)
        .property_account_receivable_id
    )
    if receivable.account_type != "asset_receivable":
        raise RuntimeError("no receivable account for the company's customers")
    activity_type = env.ref("mail.mail_activity_data_call")
    return {
        "won_stage": won.id,
        "open_stages": open_stages.ids,
        "open_probabilities": [
            stage.default_probability or 10.0 * (index + 1)
            for index, stage in enumerate(open_stages)
        ],
        "lost_reasons": env["crm.lost.reason"].search([]).ids or [None],
        "lang": env["res.lang"]._get_data(code="en_US").id or None,
        "sale_journal": sale.id,
        "bank_journal": bank.id,
        "income_account": sale.default_account_id.id,
        "bank_account": bank.default_account_id.id,
        "receivable_account": receivable.id,
        "term_30": env.ref("account.account_payment_term_30days").id,
        "term_advance": env.ref("account.account_payment_term_advance_60days").id,
        "lead_model": env["ir.model"]._get_id("crm.lead"),
        "activity_type": activity_type.id,
    }


def _insert_deals(cr, grp, count, force_won, values):
    """``count`` deals on random companies of ``grp`` (a quarter on one of their
    persons), by the company's salesperson. Open deals were created in the last
    year, closed ones in the last 3 years."""
    if count <= 0:
        return
    cr.execute(
        f"""
        WITH n AS (SELECT count(*) AS companies FROM bench_company WHERE grp = %(grp)s),
        persons AS (
            SELECT company_idx, count(*) AS n FROM bench_person
             WHERE grp = %(grp)s GROUP BY company_idx
        ),
        pick AS MATERIALIZED (
            SELECT i, nextval('crm_lead_id_seq') AS id,
                   1 + floor(random() * n.companies)::int AS cidx,
                   random() AS r_person, random() AS r_state, random() AS r_stage,
                   random() AS r_rev, random() AS r_date, random() AS r_close,
                   random() AS r_deadline, random() AS r_reason, random() AS r_prio
              FROM generate_series(1, %(count)s) i, n
        ),
        src AS MATERIALIZED (
            SELECT k.*, c.id AS commercial_id, c.name AS company_name,
                   COALESCE(bp.id, c.id) AS partner_id, c.user_id,
                   (%(teams)s::int[])[array_position(%(users)s::int[], c.user_id)]
                       AS team_id,
                   CASE WHEN %(force_won)s OR k.r_state < %(won_ratio)s THEN 'won'
                        WHEN k.r_state < %(won_ratio)s + %(lost_ratio)s THEN 'lost'
                        ELSE 'open' END AS state,
                   1 + floor(k.r_stage * cardinality(%(open_stages)s::int[]))::int
                       AS stage_idx,
                   round((500 + k.r_rev * 49500)::numeric, -1) AS revenue
              FROM pick k
              JOIN bench_company c ON c.grp = %(grp)s AND c.idx = k.cidx
              LEFT JOIN persons pc ON pc.company_idx = k.cidx
              LEFT JOIN bench_person bp
                ON k.r_person < %(person_ratio)s AND bp.grp = %(grp)s
               AND bp.company_idx = k.cidx
               AND bp.k = 1 + floor(k.r_person / %(person_ratio)s * pc.n)::int
        ),
        dated AS MATERIALIZED (
            SELECT src.*,
                   date_trunc('second', {NOW_SQL} - make_interval(
                       secs => src.r_date * 86400
                               * CASE WHEN state = 'open' THEN 365 ELSE 3 * 365 END
                   )) AS created,
                   CASE WHEN state = 'won' THEN 100.0
                        WHEN state = 'lost' THEN 0.0
                        ELSE (%(open_probabilities)s::float[])[stage_idx] END
                       AS probability
              FROM src
        ),
        closed AS MATERIALIZED (
            SELECT dated.*,
                   CASE WHEN state <> 'open' THEN LEAST(
                       {NOW_SQL},
                       created + make_interval(secs => (5 + r_close * 115) * 86400)
                   )::timestamp(0) END AS date_closed
              FROM dated
        ),
        ins AS (
            INSERT INTO crm_lead (
                id, name, type, active, company_id, user_id, team_id, stage_id,
                partner_id, partner_name, email_from, email_normalized, phone,
                mobile, phone_sanitized, city, country_id, lang_id, priority,
                probability, automated_probability, expected_revenue,
                prorated_revenue, date_deadline, date_closed, date_open,
                date_last_stage_update, date_conversion, day_open, day_close,
                lost_reason_id, color, message_bounce, date_first_contact,
                date_contract, days_to_contract, days_to_cash, create_uid,
                write_uid, create_date, write_date
            )
            SELECT d.id,
                   d.company_name || ' - '
                   || (%(subjects)s::varchar[])[
                        1 + d.i %% cardinality(%(subjects)s::varchar[])
                   ] || ' #' || d.i,
                   'opportunity', d.state <> 'lost', %(company)s, d.user_id,
                   d.team_id,
                   CASE WHEN d.state = 'won' THEN %(won_stage)s
                        ELSE (%(open_stages)s::int[])[d.stage_idx] END,
                   d.partner_id, d.company_name, p.email, p.email_normalized,
                   p.phone, p.mobile, p.phone_sanitized, p.city, p.country_id,
                   %(lang)s, (floor(d.r_prio * 4)::int)::varchar, d.probability,
                   d.probability, d.revenue, round(d.revenue * d.probability::numeric
                   / 100, 2),
                   CASE WHEN d.state = 'open'
                        THEN {TODAY_SQL} + floor(d.r_deadline * 150)::int - 30
                        ELSE d.created::date + 60 END,
                   d.date_closed, d.created,
                   COALESCE(d.date_closed, d.created), d.created, 0,
                   CASE WHEN d.date_closed IS NOT NULL THEN floor(extract(
                       epoch FROM d.date_closed - d.created) / 86400) ELSE 0 END,
                   CASE WHEN d.state = 'lost' THEN (%(lost_reasons)s::int[])[
                       1 + floor(d.r_reason * cardinality(%(lost_reasons)s::int[]))::int
                   ] END,
                   0, 0, d.created,
                   CASE WHEN d.state = 'won' THEN d.date_closed END,
                   CASE WHEN d.state = 'won' THEN floor(extract(
                       epoch FROM d.date_closed - d.created) / 86400) ELSE 0 END,
                   0, d.user_id, d.user_id, d.created,
                   COALESCE(d.date_closed, d.created)
              FROM closed d JOIN res_partner p ON p.id = d.partner_id
        )
        INSERT INTO bench_deal (id, grp, partner_id, commercial_id, user_id, revenue,
                                won, date_closed)
        SELECT id, %(grp)s, partner_id, commercial_id, user_id, revenue,
               state = 'won', date_closed
          FROM closed
        """,
        {
            **values,
            "grp": grp,
            "count": count,
            "force_won": force_won,
            "won_ratio": WON_RATIO,
            "lost_ratio": LOST_RATIO,
            "person_ratio": PERSON_DEAL_RATIO,
        },
    )


def _insert_activities(cr, values):
    """A planned call on one open deal in five, by the deal's salesperson."""
    cr.execute(
        f"""
        INSERT INTO mail_activity (
            res_model_id, res_model, res_id, res_name, activity_type_id, user_id,
            summary, date_deadline, automated, active, create_uid, write_uid,
            create_date, write_date
        )
        SELECT %(lead_model)s, 'crm.lead', l.id, l.name, %(activity_type)s,
               l.user_id, 'Call back about the offer',
               {TODAY_SQL} + (l.id %% 30) - 10, false, true, l.user_id, l.user_id,
               {NOW_SQL}, {NOW_SQL}
          FROM crm_lead l JOIN bench_deal d ON d.id = l.id
         WHERE l.active AND NOT d.won AND random() < %(ratio)s
        """,
        {**values, "ratio": ACTIVITY_RATIO},
    )


def _plan_invoices(cr, invoices, values):
    """The invoices, their receivable lines and their payments, in temporary tables
    with the ids they will have."""
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_won AS
        SELECT row_number() OVER (ORDER BY id) AS w, id AS lead_id, partner_id,
               commercial_id, user_id, revenue, date_closed
          FROM bench_deal WHERE won AND grp <> 'single';
        CREATE TEMP TABLE bench_invoice AS
        WITH wc AS (SELECT count(*) AS won FROM bench_won),
        pick AS MATERIALIZED (
            SELECT n, nextval('account_move_id_seq') AS id,
                   (1 + (n - 1) %% wc.won)::int AS w, ((n - 1) / wc.won)::int AS rank,
                   random() AS r_date, random() AS r_amount, random() AS r_inst,
                   random() AS r_lines, random() AS r_pay
              FROM generate_series(1, %(count)s - 1) n, wc
             UNION ALL
            SELECT 0, nextval('account_move_id_seq'), 0, 0, 0.5, 0.5, 1, 1,
                   -1  -- the single customer's invoice, partially paid
        ),
        deal AS (
            SELECT w, lead_id, partner_id, commercial_id, user_id, revenue,
                   date_closed
              FROM bench_won
             UNION ALL
            SELECT 0, id, partner_id, commercial_id, user_id, revenue, date_closed
              FROM bench_deal WHERE grp = 'single'
        ),
        src AS (
            SELECT p.*, d.lead_id, d.partner_id, d.commercial_id, d.user_id,
                   CASE WHEN p.n %% {REFUND_EVERY} = 0 AND p.n > 0
                        THEN 'out_refund' ELSE 'out_invoice' END AS move_type,
                   LEAST({TODAY_SQL}, d.date_closed::date + p.rank * 30
                         + floor(p.r_date * 10)::int) AS invoice_date,
                   d.revenue
              FROM pick p JOIN deal d ON d.w = p.w
        )
        SELECT id, n, lead_id, partner_id, commercial_id, user_id, move_type,
               invoice_date, r_pay,
               CASE WHEN move_type = 'out_refund'
                    THEN round(revenue * 0.05 + 10, 2)
                    ELSE round(revenue * (0.2 + 0.5 * r_amount::numeric), 2)
               END AS amount,
               CASE WHEN move_type = 'out_invoice' AND r_inst < %(inst_ratio)s
                    THEN 2 ELSE 1 END AS n_inst,
               CASE WHEN r_lines < %(lines_ratio)s THEN 2 ELSE 1 END AS n_lines,
               CASE WHEN move_type = 'out_refund' THEN -1 ELSE 1 END AS sign
          FROM src;
        ALTER TABLE bench_invoice ADD PRIMARY KEY (id);
        """,
        {
            "count": invoices,
            "inst_ratio": INSTALMENT_RATIO,
            "lines_ratio": TWO_LINES_RATIO,
        },
    )
    # the names, numbered per journal and year in date order
    cr.execute(
        """
        ALTER TABLE bench_invoice ADD COLUMN prefix varchar, ADD COLUMN seq int,
            ADD COLUMN date_due date, ADD COLUMN kind varchar;
        UPDATE bench_invoice i
           SET prefix = s.prefix, seq = s.seq
          FROM (
            SELECT id, prefix, row_number() OVER (
                       PARTITION BY prefix ORDER BY invoice_date, id) AS seq
              FROM (
                SELECT id, invoice_date,
                       CASE WHEN move_type = 'out_refund' THEN 'RINV/' ELSE 'INV/' END
                       || extract(year FROM invoice_date) || '/' AS prefix
                  FROM bench_invoice
              ) named
          ) s
         WHERE s.id = i.id
        """
    )
    # due date and what was paid: the older, the likelier paid
    cr.execute(
        f"""
        UPDATE bench_invoice
           SET date_due = invoice_date + CASE WHEN n_inst = 2 THEN 60 ELSE 30 END;
        UPDATE bench_invoice
           SET kind = CASE
                WHEN move_type = 'out_refund' THEN 'none'
                WHEN r_pay < 0 THEN 'partial'
                WHEN r_pay < paid THEN 'paid'
                WHEN r_pay < paid + %(partial)s THEN 'partial'
                ELSE 'none' END
          FROM (
            SELECT id AS invoice_id,
                   CASE WHEN {TODAY_SQL} - date_due > 60 THEN 0.8
                        WHEN {TODAY_SQL} - date_due > 0 THEN 0.5
                        ELSE 0.2 END AS paid
              FROM bench_invoice
          ) p
         WHERE p.invoice_id = id
        """,
        {"partial": PARTIAL_RATIO},
    )
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_receivable AS
        WITH src AS (
            SELECT i.id AS move_id, i.sign, k, i.n_inst, i.kind, i.invoice_date,
                   CASE WHEN i.n_inst = 1 THEN i.amount
                        WHEN k = 1 THEN round(i.amount * 0.3, 2)
                        ELSE i.amount - round(i.amount * 0.3, 2) END AS amount,
                   CASE WHEN i.n_inst = 1 THEN i.invoice_date + 30
                        WHEN k = 1 THEN i.invoice_date
                        ELSE i.invoice_date + 60 END AS date_maturity
              FROM bench_invoice i, generate_series(1, i.n_inst) k
        )
        SELECT nextval('account_move_line_id_seq') AS id, src.*,
               CASE WHEN kind = 'paid' THEN amount
                    WHEN kind = 'partial' AND n_inst = 1 THEN round(amount / 2, 2)
                    WHEN kind = 'partial' AND k = 1 THEN amount
                    ELSE 0 END AS paid,
               LEAST({TODAY_SQL}, GREATEST(
                   invoice_date, date_maturity + floor(random() * 45)::int - 15
               )) AS pay_date
          FROM src;
        ALTER TABLE bench_receivable ADD PRIMARY KEY (id);
        CREATE TEMP TABLE bench_payment AS
        SELECT r.id AS receivable_id, r.paid, r.pay_date, r.amount = r.paid AS full,
               nextval('account_move_id_seq') AS move_id,
               nextval('account_move_line_id_seq') AS bank_line_id,
               nextval('account_move_line_id_seq') AS line_id,
               nextval('account_partial_reconcile_id_seq') AS partial_id,
               CASE WHEN r.amount = r.paid
                    THEN nextval('account_full_reconcile_id_seq') END AS full_id,
               'BNK1/' || extract(year FROM r.pay_date) || '/' AS prefix,
               row_number() OVER (
                   PARTITION BY extract(year FROM r.pay_date) ORDER BY r.pay_date, r.id
               ) AS seq
          FROM bench_receivable r
         WHERE r.paid > 0;
        ALTER TABLE bench_payment ADD PRIMARY KEY (receivable_id);
        ANALYZE bench_invoice;
        ANALYZE bench_receivable;
        ANALYZE bench_payment;
        """
    )


def _insert_invoices(cr, values):
    """account_move, account_move_line, account_partial_reconcile and
    account_full_reconcile rows from the plan."""
    # 5 digits, more past 99,999 (lpad alone would cut the number)
    name = "i.prefix || lpad(i.seq::text, greatest(5, length(i.seq::text)), '0')"
    pay_name = "p.prefix || lpad(p.seq::text, greatest(5, length(p.seq::text)), '0')"
    cr.execute(
        f"""
        WITH totals AS (
            SELECT move_id, sum(sign * (amount - paid)) AS residual
              FROM bench_receivable GROUP BY move_id
        )
        INSERT INTO account_move (
            id, name, sequence_prefix, sequence_number, journal_id, company_id,
            currency_id, partner_id, commercial_partner_id, partner_shipping_id,
            invoice_partner_display_name, invoice_user_id, invoice_payment_term_id,
            state, move_type, auto_post, payment_state, date, invoice_date,
            invoice_date_due, payment_reference, lead_id, amount_untaxed,
            amount_tax, amount_total, amount_residual, amount_untaxed_signed,
            amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed,
            amount_residual_signed, invoice_currency_rate, is_storno,
            always_tax_exigible, checked, posted_before, made_sequence_gap,
            is_manually_modified, is_move_sent, create_uid, write_uid, create_date,
            write_date
        )
        SELECT i.id, {name}, i.prefix, i.seq, %(sale_journal)s, %(company)s,
               %(currency)s, i.partner_id, i.commercial_id, i.partner_id,
               p.complete_name, i.user_id,
               CASE WHEN i.n_inst = 2 THEN %(term_advance)s ELSE %(term_30)s END,
               'posted', i.move_type, 'no',
               CASE WHEN t.residual = 0 THEN 'paid'
                    WHEN abs(t.residual) < i.amount THEN 'partial'
                    ELSE 'not_paid' END,
               i.invoice_date, i.invoice_date, i.date_due, {name}, i.lead_id,
               i.amount, 0, i.amount, abs(t.residual), i.sign * i.amount,
               i.sign * i.amount, 0, i.sign * i.amount, i.sign * i.amount,
               t.residual, 1, false, false, true, true, false, false, false,
               i.user_id, i.user_id, i.invoice_date, i.invoice_date
          FROM bench_invoice i
          JOIN totals t ON t.move_id = i.id
          JOIN res_partner p ON p.id = i.partner_id
        """,
        values,
    )
    cr.execute(
        f"""
        INSERT INTO account_move (
            id, name, sequence_prefix, sequence_number, journal_id, company_id,
            currency_id, partner_id, commercial_partner_id, ref, state, move_type,
            auto_post, payment_state, date, invoice_date_due, amount_untaxed,
            amount_tax, amount_total, amount_residual, amount_untaxed_signed,
            amount_untaxed_in_currency_signed, amount_tax_signed,
            amount_total_signed, amount_total_in_currency_signed,
            amount_residual_signed, invoice_currency_rate, is_storno,
            always_tax_exigible, checked, posted_before, made_sequence_gap,
            is_manually_modified, is_move_sent, create_uid, write_uid, create_date,
            write_date
        )
        SELECT p.move_id, {pay_name}, p.prefix, p.seq, %(bank_journal)s,
               %(company)s, %(currency)s, i.commercial_id, i.commercial_id,
               {name}, 'posted', 'entry', 'no',
               'not_paid', p.pay_date, p.pay_date, 0, 0, p.paid, 0, 0, 0, 0,
               p.paid, p.paid, 0, 1, false, true, true, true, false, false, false,
               %(uid)s, %(uid)s, p.pay_date, p.pay_date
          FROM bench_payment p
          JOIN bench_receivable r ON r.id = p.receivable_id
          JOIN bench_invoice i ON i.id = r.move_id
        """,
        values,
    )
    cr.execute(
        """
        INSERT INTO account_full_reconcile (id, create_uid, write_uid, create_date,
                                            write_date)
        SELECT full_id, %(uid)s, %(uid)s, pay_date, pay_date
          FROM bench_payment WHERE full_id IS NOT NULL
        """,
        values,
    )
    common_columns = """
        move_id, move_name, parent_state, journal_id, company_id,
        company_currency_id, currency_id, account_id, partner_id, display_type,
        name, sequence, date, invoice_date, date_maturity, quantity, price_unit,
        price_subtotal, price_total, discount, discount_amount_currency,
        discount_balance, debit, credit, balance, amount_currency,
        amount_residual, amount_residual_currency, reconciled, full_reconcile_id,
        matching_number, tax_tag_invert, create_uid, write_uid, create_date,
        write_date
    """
    # income lines: balance of the opposite sign of the receivable
    cr.execute(
        f"""
        WITH src AS (
            SELECT i.*, k,
                   CASE WHEN i.n_lines = 1 THEN i.amount
                        WHEN k = 1 THEN round(i.amount * 0.6, 2)
                        ELSE i.amount - round(i.amount * 0.6, 2) END AS line_amount
              FROM bench_invoice i, generate_series(1, i.n_lines) k
        )
        INSERT INTO account_move_line ({common_columns})
        SELECT i.id, {name}, 'posted', %(sale_journal)s, %(company)s,
               %(currency)s, %(currency)s, %(income_account)s, i.commercial_id,
               'product', (%(labels)s::varchar[])[i.k], 9 + i.k, i.invoice_date,
               i.invoice_date, NULL, 1, i.line_amount, i.line_amount,
               i.line_amount, 0, 0, 0,
               CASE WHEN i.sign < 0 THEN i.line_amount ELSE 0 END,
               CASE WHEN i.sign > 0 THEN i.line_amount ELSE 0 END,
               -i.sign * i.line_amount, -i.sign * i.line_amount, 0, 0, false,
               NULL, NULL, false, i.user_id, i.user_id, i.invoice_date,
               i.invoice_date
          FROM src i
        """,
        values,
    )
    # receivable lines of the invoices
    cr.execute(
        f"""
        INSERT INTO account_move_line (id, {common_columns})
        SELECT r.id, r.move_id, {name}, 'posted', %(sale_journal)s, %(company)s,
               %(currency)s, %(currency)s, %(receivable_account)s, i.commercial_id,
               'payment_term', {name}, 100 + r.k, i.invoice_date, i.invoice_date,
               r.date_maturity, NULL, NULL, NULL, NULL, 0, 0, 0,
               CASE WHEN r.sign > 0 THEN r.amount ELSE 0 END,
               CASE WHEN r.sign < 0 THEN r.amount ELSE 0 END,
               r.sign * r.amount, r.sign * r.amount,
               r.sign * (r.amount - r.paid), r.sign * (r.amount - r.paid),
               r.amount = r.paid, p.full_id,
               CASE WHEN p.full_id IS NOT NULL THEN p.full_id::varchar
                    WHEN p.partial_id IS NOT NULL THEN 'P' || p.partial_id END,
               false, i.user_id, i.user_id, i.invoice_date, i.invoice_date
          FROM bench_receivable r
          JOIN bench_invoice i ON i.id = r.move_id
          LEFT JOIN bench_payment p ON p.receivable_id = r.id
        """,
        values,
    )
    # payment entries: the bank debited (a bank line keeps its residual until
    # matched with a statement), the receivable credited
    cr.execute(
        f"""
        INSERT INTO account_move_line (id, {common_columns})
        SELECT p.bank_line_id, p.move_id, {pay_name}, 'posted', %(bank_journal)s,
               %(company)s, %(currency)s, %(currency)s, %(bank_account)s,
               i.commercial_id, 'product', 'Customer payment', 10, p.pay_date, NULL,
               p.pay_date, NULL, NULL, NULL, NULL, 0, 0, 0, p.paid, 0, p.paid,
               p.paid, p.paid, p.paid, false, NULL, NULL, false, %(uid)s, %(uid)s,
               p.pay_date, p.pay_date
          FROM bench_payment p
          JOIN bench_receivable r ON r.id = p.receivable_id
          JOIN bench_invoice i ON i.id = r.move_id;
        INSERT INTO account_move_line (id, {common_columns})
        SELECT p.line_id, p.move_id, {pay_name}, 'posted', %(bank_journal)s,
               %(company)s, %(currency)s, %(currency)s, %(receivable_account)s,
               i.commercial_id, 'product', 'Customer payment', 11, p.pay_date, NULL,
               p.pay_date, NULL, NULL, NULL, NULL, 0, 0, 0, 0, p.paid, -p.paid,
               -p.paid, 0, 0, true, p.full_id,
               CASE WHEN p.full_id IS NOT NULL THEN p.full_id::varchar
                    ELSE 'P' || p.partial_id END,
               false, %(uid)s, %(uid)s, p.pay_date, p.pay_date
          FROM bench_payment p
          JOIN bench_receivable r ON r.id = p.receivable_id
          JOIN bench_invoice i ON i.id = r.move_id;
        INSERT INTO account_partial_reconcile (
            id, debit_move_id, credit_move_id, full_reconcile_id, debit_currency_id,
            credit_currency_id, company_id, max_date, amount, debit_amount_currency,
            credit_amount_currency, create_uid, write_uid, create_date, write_date
        )
        SELECT p.partial_id, p.receivable_id, p.line_id, p.full_id, %(currency)s,
               %(currency)s, %(company)s, p.pay_date, p.paid, p.paid, p.paid,
               %(uid)s, %(uid)s, p.pay_date, p.pay_date
          FROM bench_payment p;
        """,
        values,
    )


def _update_deal_cycle(cr):
    """crm_suite's stored sales-cycle fields of the invoiced deals, by the rules of
    CrmLead._compute_cycle_dates and crm.money._deal_last_payments (the last payment
    is the date of the latest payment entry matched with the deal's invoices;
    date_first_contact and date_contract were written with the deals)."""
    cr.execute(
        """
        WITH inv AS (
            SELECT lead_id, sum(amount_total_signed) AS invoiced,
                   sum(amount_residual_signed) AS due,
                   min(invoice_date) FILTER (WHERE move_type = 'out_invoice')
                       AS first_invoice
              FROM account_move
             WHERE lead_id IS NOT NULL AND state = 'posted'
               AND move_type IN ('out_invoice', 'out_refund')
             GROUP BY lead_id
        ),
        pay AS (
            SELECT m.lead_id, max(cm.date) AS last_payment
              FROM account_partial_reconcile part
              JOIN account_move_line dl ON dl.id = part.debit_move_id
              JOIN account_move m ON m.id = dl.move_id
              JOIN account_move_line cl ON cl.id = part.credit_move_id
              JOIN account_move cm ON cm.id = cl.move_id
             WHERE m.lead_id IS NOT NULL AND dl.parent_state = 'posted'
               AND cm.state = 'posted' AND cm.origin_payment_id IS NOT NULL
             GROUP BY m.lead_id
        ),
        cycle AS (
            SELECT inv.lead_id, inv.first_invoice,
                   CASE WHEN round(inv.invoiced, 2) <> 0 AND round(inv.due, 2) = 0
                        THEN pay.last_payment END AS fully_paid
              FROM inv LEFT JOIN pay ON pay.lead_id = inv.lead_id
        )
        UPDATE crm_lead l
           SET date_first_invoice = c.first_invoice,
               date_fully_paid = c.fully_paid,
               days_to_cash = CASE
                    WHEN c.fully_paid IS NOT NULL AND l.date_contract IS NOT NULL
                    THEN c.fully_paid - l.date_contract::date ELSE 0 END
          FROM cycle c
         WHERE c.lead_id = l.id
        """
    )

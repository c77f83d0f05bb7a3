#!/usr/bin/env python3
"""Helpdesk benchmark: the team dashboard (Helpdesk > Overview) over 100,000 tickets.

Usage (from any folder; crm_suite must be installed in DB):
  bench_helpdesk.py --db DB --addons-path PATH [--tickets 100000] [--teams 20]

1. Writes, once per database, ``--teams`` helpdesk teams and ``--tickets`` tickets
   with raw SQL (spread over the teams, stages, priorities and the last year; one in
   four unassigned); they are kept for the next runs.
2. As a helpdesk agent (member of every team), loads the dashboard's counters the way
   the kanban view does (``web_search_read`` of the card fields) for one team and for
   all teams, five times each with the record cache emptied, and prints the best time
   and the query count. Targets: the same number of queries for 1 and for all teams
   (one grouped query per counter), and under 500 ms for all teams.
Prints a table; exit status 0 whenever the run completes (targets are reported, not
enforced).
"""

import argparse
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

TARGET_MS = 500.0
REPEAT = 5
TEAM_PREFIX = "Helpdesk Bench Team"
AGENT_LOGIN = "helpdesk_bench_agent"
CARD_FIELDS = [
    "name",
    "user_id",
    "color",
    "open_ticket_count",
    "unassigned_ticket_count",
    "urgent_ticket_count",
    "my_ticket_count",
    "today_ticket_count",
    "closed_week_ticket_count",
]


def load(args):
    odoo.tools.config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--database={args.db}",
            "--max-cron-threads=0",
            "--log-level=warn",
            "--without-demo=all",
        ]
    )
    return Registry(args.db)


def agent(env):
    user = env["res.users"].search([("login", "=", AGENT_LOGIN)], limit=1)
    if not user:
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Helpdesk Bench Agent",
                    "login": AGENT_LOGIN,
                    "tz": "Europe/Brussels",
                    "groups_id": [
                        (4, env.ref("crm_suite.group_crm_suite_helpdesk_user").id)
                    ],
                }
            )
        )
    return user


def generate(env, wanted, team_count, user):
    """The benchmark teams and tickets, written with SQL when missing."""
    cr = env.cr
    Team = env["crm.ticket.team"]
    teams = Team.search([("name", "=like", f"{TEAM_PREFIX} %")])
    if len(teams) < team_count:
        teams |= Team.create(
            [
                {"name": f"{TEAM_PREFIX} {n}", "member_ids": [(4, user.id)]}
                for n in range(len(teams), team_count)
            ]
        )
    env.flush_all()
    cr.execute("SELECT COUNT(*) FROM crm_ticket WHERE team_id = ANY(%s)", (teams.ids,))
    have = cr.fetchone()[0]
    if have >= wanted:
        print(f"{have:,} benchmark tickets present: reusing them")
        cr.commit()
        return teams
    stages = env["crm.ticket.stage"].search([])
    start = time.perf_counter()
    # a closed stage for one ticket in three; the others spread over the open ones
    cr.execute(
        """
        INSERT INTO crm_ticket (
            number, name, company_id, team_id, user_id, priority, stage_id,
            is_closed, channel, active, date_open, date_closed,
            create_uid, write_uid, create_date, write_date
        )
        SELECT 'HBENCH/' || n, 'Bench ticket #' || n, %(company)s,
               (%(teams)s::int[])[1 + n %% %(team_count)s],
               CASE WHEN n %% 4 = 0 THEN NULL ELSE %(user)s END,
               (n %% 4)::varchar,
               CASE WHEN n %% 3 = 0 THEN %(closed)s
                    ELSE (%(open)s::int[])[1 + n %% %(open_count)s] END,
               n %% 3 = 0, 'email', TRUE, d,
               CASE WHEN n %% 3 = 0 THEN d + interval '2 days' END,
               %(admin)s, %(admin)s, d, d
          FROM (
            SELECT n, date_trunc('second', (now() AT TIME ZONE 'UTC')
                      - random() * interval '365 days') AS d
              FROM generate_series(%(start)s, %(stop)s) AS n
          ) AS generated
        """,
        {
            "company": env.company.id,
            "teams": teams.ids,
            "team_count": len(teams),
            "user": user.id,
            "closed": stages.filtered("is_closed")[:1].id,
            "open": stages.filtered(lambda s: not s.is_closed).ids,
            "open_count": len(stages.filtered(lambda s: not s.is_closed)),
            "admin": SUPERUSER_ID,
            "start": have + 1,
            "stop": wanted,
        },
    )
    cr.execute("ANALYZE crm_ticket")
    cr.commit()  # the data set is kept for the next runs
    env.invalidate_all()
    print(f"generated tickets up to {wanted:,} in {time.perf_counter() - start:.0f} s")
    return teams


def best_of(env, func):
    best = None
    queries = None
    for _ in range(REPEAT):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        elapsed = (time.perf_counter() - start) * 1000
        queries = env.cr.sql_log_count - before
        best = elapsed if best is None else min(best, elapsed)
    return best, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20)
    args = parser.parse_args()
    registry = load(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = agent(env)
        teams = generate(env, args.tickets, args.teams, user)
        cr.execute("SELECT COUNT(*) FROM crm_ticket")
        total = cr.fetchone()[0]
        Team = env["crm.ticket.team"].with_user(user)
        spec = {name: {} for name in CARD_FIELDS}
        spec["user_id"] = {"fields": {"display_name": {}}}
        one = [("id", "=", teams[0].id)]
        every = [("id", "in", teams.ids)]
        Team.web_search_read(every, spec)  # warm the caches of groups, rules, fields
        one_ms, one_queries = best_of(env, lambda: Team.web_search_read(one, spec))
        all_ms, all_queries = best_of(env, lambda: Team.web_search_read(every, spec))
        cr.rollback()
    flat = "OK" if one_queries == all_queries else "NOT FLAT"
    verdict = "OK" if all_ms < TARGET_MS else "OVER TARGET"
    print(f"tickets in the database: {total:,}; teams on the dashboard: {len(teams)}")
    print(f"dashboard, 1 team: best of {REPEAT} {one_ms:.1f} ms, {one_queries} queries")
    print(
        f"dashboard, {len(teams)} teams: best of {REPEAT} {all_ms:.1f} ms, "
        f"{all_queries} queries; same queries as 1 team: {flat}; "
        f"target < {TARGET_MS:.0f} ms: {verdict}"
    )


if __name__ == "__main__":
    main()

"""Helpdesk benchmark: creating a ticket at 1,000 and at 100,000 tickets, the team
dashboard counters and the SLA cron over every open ticket.

Usage:
  python3 -m tools.bench tickets --db DB --small-db DB_SMALL --addons-path PATH
                                 [--tickets N] [--small-tickets N]

Both databases must have crm_suite installed (without demo data is fine). Each is
filled with SQL up to its ticket count (kept for the next runs): 2,000 customer
companies, 20 teams of 3 agents, tickets spread over them, a third of them open.
Then, in each database, an agent creates tickets through the ORM (chatter, number,
SLA deadlines included); the median of the creations is compared (target: at most
1.2x at 100,000 what it is at 1,000). In the large database the dashboard counters
of all teams are read (target: one grouped query per counter) and the SLA cron runs
over all open tickets until it reports nothing left (target: under a minute).
Targets are reported, not enforced; every change is rolled back.
"""

import random
import statistics
import time

from odoo import SUPERUSER_ID

from .odoo_env import configure, environment, measure_best, registry as get_registry
from .timeline import insert_companies

CREATE_RATIO_TARGET = 1.2
CRON_TARGET_S = 60.0
CREATES = 40
WARMUP = 5
COMPANIES = 2_000
TEAMS = 20
AGENTS_PER_TEAM = 3
BENCH_PREFIX = "Ticket Bench"
CHANNELS = ("email", "phone", "portal", "web", "other")


def ensure_people(env):
    """Bench teams and agents, created once through the ORM (kept)."""
    teams = env["crm.ticket.team"].search([("name", "like", f"{BENCH_PREFIX} %")])
    if len(teams) == TEAMS:
        return teams
    # round-the-clock support: deadlines fall at any hour, the cron always has work
    calendar = env["resource.calendar"].create(
        {
            "name": f"{BENCH_PREFIX} 24/7",
            "tz": "UTC",
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Day {day}",
                        "dayofweek": str(day),
                        "hour_from": 0,
                        "hour_to": 24,
                        "day_period": "morning",
                    },
                )
                for day in range(7)
            ],
        }
    )
    agent_group = env.ref("crm_suite.group_crm_suite_helpdesk_user")
    users = env["res.users"]
    for team_index in range(TEAMS):
        members = (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"{BENCH_PREFIX} Agent {team_index}-{agent}",
                        "login": f"ticket_bench_agent_{team_index}_{agent}",
                        "email": f"agent{team_index}{agent}@bench.example.com",
                        "groups_id": [
                            (4, env.ref("base.group_user").id),
                            (4, agent_group.id),
                        ],
                    }
                    for agent in range(AGENTS_PER_TEAM)
                ]
            )
        )
        users |= members
        teams |= env["crm.ticket.team"].create(
            {
                "name": f"{BENCH_PREFIX} {team_index}",
                "alias_name": f"ticket-bench-{team_index}",
                "resource_calendar_id": calendar.id,
                "user_id": members[0].id,
                "member_ids": [(6, 0, members.ids)],
            }
        )
    env.cr.commit()  # kept for the next runs
    return teams


def ensure_companies(cr, user_id):
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE %s AND is_company ORDER BY id",
        (f"{BENCH_PREFIX} Customer %",),
    )
    ids = [row[0] for row in cr.fetchall()]
    missing = COMPANIES - len(ids)
    if missing <= 0:
        return ids
    names = [f"{BENCH_PREFIX} Customer {len(ids) + i}" for i in range(missing)]
    return ids + insert_companies(cr, names, user_id)


def insert_tickets(env, wanted, teams, company_ids):
    """Tickets by SQL up to ``wanted``: the last year, a third of them open."""
    cr = env.cr
    cr.execute("SELECT COUNT(*) FROM crm_ticket")
    have = cr.fetchone()[0]
    missing = wanted - have
    if missing <= 0:
        return have
    stages = env["crm.ticket.stage"].search([])
    open_ids = stages.filtered(lambda s: not s.is_closed).ids
    closed_ids = stages.filtered("is_closed").ids
    rng = random.Random(have)
    team_agents = [(team.id, team.member_ids.ids) for team in teams]
    sequence = env.ref("crm_suite.ir_sequence_crm_ticket")
    cr.execute("SELECT nextval(%s)", (f"ir_sequence_{sequence.id:03d}",))
    first_number = cr.fetchone()[0]
    rows = []
    for index in range(missing):
        team_id, agents = rng.choice(team_agents)
        is_open = rng.random() < 1 / 3
        days_ago = rng.uniform(0, 2) if is_open else rng.uniform(2, 365)
        rows.append(
            (
                sequence.get_next_char(first_number + index),
                f"Bench problem {have + index}",
                rng.choice(company_ids),
                team_id,
                rng.choice(agents) if rng.random() < 0.8 else None,
                str(rng.choice((0, 0, 0, 1, 1, 2, 3))),
                rng.choice(open_ids if is_open else closed_ids),
                not is_open,
                rng.choice(CHANNELS),
                days_ago,
            )
        )
    for start in range(0, len(rows), 20_000):
        batch = rows[start : start + 20_000]
        cr.execute(
            """
            INSERT INTO crm_ticket (number, name, active, company_id, partner_id,
                commercial_partner_id, team_id, user_id, priority, stage_id,
                is_closed, channel, date_open, date_assign, date_closed,
                create_uid, write_uid, create_date, write_date)
            SELECT r.number, r.name, TRUE, %s, r.partner, r.partner, r.team, r.agent,
                   r.priority, r.stage, r.closed, r.channel,
                   now() AT TIME ZONE 'UTC' - make_interval(secs => r.days * 86400),
                   CASE WHEN r.agent IS NOT NULL
                        THEN now() AT TIME ZONE 'UTC'
                             - make_interval(secs => r.days * 86400) END,
                   CASE WHEN r.closed
                        THEN now() AT TIME ZONE 'UTC'
                             - make_interval(secs => r.days * 43200) END,
                   1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM unnest(%s::varchar[], %s::varchar[], %s::int[], %s::int[],
                          %s::int[], %s::varchar[], %s::int[], %s::bool[],
                          %s::varchar[], %s::float[])
                   AS r(number, name, partner, team, agent, priority, stage,
                        closed, channel, days)
            """,
            (
                env.company.id,
                *(list(column) for column in zip(*batch, strict=True)),
            ),
        )
    # the numbers used above are taken from the sequence: ORM creations go on after
    cr.execute(
        "SELECT setval(%s, %s)",
        (f"ir_sequence_{sequence.id:03d}", first_number + missing),
    )
    refresh_sla(env)
    cr.execute("ANALYZE crm_ticket")
    cr.commit()
    return wanted


def refresh_sla(env):
    """One policy for every team (4 working hours to answer, 24 to solve) and the
    SLA of the generated open tickets, as the ORM stores it on creation (kept):
    their deadlines spread around now, some passed, some near, most ahead."""
    policies = env["crm.ticket.sla"]
    if not policies.search([("name", "=", f"{BENCH_PREFIX} Standard")]):
        policies.create(
            {
                "name": f"{BENCH_PREFIX} Standard",
                "time_first_response": 4,
                "time_resolution": 24,
            }
        )
    start = time.perf_counter()
    tickets = env["crm.ticket"].search([("is_closed", "=", False)])
    for index in range(0, len(tickets), 5_000):
        tickets[index : index + 5_000]._sla_refresh(with_policy=True)
        env.flush_all()
        env.invalidate_all()
    print(
        f"SLA of {len(tickets):,} open tickets computed by the ORM in "
        f"{time.perf_counter() - start:.1f} s",
        flush=True,
    )


def measure_create(env, teams, company_ids):
    """Median milliseconds and queries of one ticket created by an agent."""
    rng = random.Random(42)
    team = teams[0]
    agent = team.member_ids[1]
    tickets = env["crm.ticket"].with_user(agent).with_context(tz="UTC")
    timings, queries = [], []
    for index in range(WARMUP + CREATES):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        tickets.create(
            {
                "name": f"Bench creation {index}",
                "partner_id": rng.choice(company_ids),
                "team_id": team.id,
                "channel": "phone",
                "priority": "1",
            }
        )
        env.flush_all()
        elapsed = (time.perf_counter() - start) * 1000
        if index >= WARMUP:
            timings.append(elapsed)
            queries.append(env.cr.sql_log_count - before)
    env.cr.rollback()
    return statistics.median(timings), max(queries)


def measure_counters(env, teams):
    """The team dashboard as its kanban loads it (``web_search_read`` of the card
    fields), for one team and for all teams, read by the first team's leader:
    best of 5 with the record cache emptied."""
    team_model = env["crm.ticket.team"]
    counters = [
        name
        for name, field in team_model._fields.items()
        if name.endswith("_ticket_count") and not field.store
    ]
    if not counters:
        return None
    spec = {name: {} for name in ["name", "color", *counters]}
    teams_of_leader = team_model.with_user(teams[0].user_id)
    one = [("id", "=", teams[0].id)]
    teams_of_leader.web_search_read([], spec)  # warm the caches of rules and fields
    figures = {}
    for label, domain in (("one", one), ("all", [])):
        best, queries, result = measure_best(
            env, lambda d=domain: teams_of_leader.web_search_read(d, spec), 5
        )
        figures[label] = {
            "ms": best * 1000,
            "queries": queries,
            "teams": result["length"],
        }
    return {"counters": counters, **figures}


def measure_sla_cron(env):
    """The SLA cron catching up on three hours: every time of the open tickets is
    moved three hours back (as if the cron had not run for three hours; exact on a
    24/7 calendar), then the cron runs as the cron runner runs it: again while it
    reports work remaining. Returns seconds, runs, progress reports."""
    env.cr.execute(
        """
        UPDATE crm_ticket
           SET date_open = date_open - interval '3 hours',
               date_assign = date_assign - interval '3 hours',
               sla_deadline_response = sla_deadline_response - interval '3 hours',
               sla_deadline_resolution = sla_deadline_resolution - interval '3 hours',
               sla_deadline_next = sla_deadline_next - interval '3 hours',
               sla_date_warning = sla_date_warning - interval '3 hours'
         WHERE NOT is_closed
        """
    )
    env.invalidate_all()
    cron = env.ref("crm_suite.ir_cron_crm_ticket_sla_warning", raise_if_not_found=False)
    if not cron:
        return None
    start = time.perf_counter()
    runs = 0
    reports = []
    while True:
        runs += 1
        cron_env, progress = cron.with_user(cron.user_id)._add_progress()
        cron_env.with_context(tz="UTC")._callback(
            cron.cron_name, cron.ir_actions_server_id.id
        )
        reports.append((progress.done, progress.remaining))
        if not progress.remaining or runs > 1000:
            break
    elapsed = time.perf_counter() - start
    done = sum(report[0] for report in reports)
    env.cr.rollback()
    return {"seconds": elapsed, "runs": runs, "reports": reports, "done": done}


def prepare(db, wanted):
    registry = get_registry(db)
    with registry.cursor() as cr:
        env = environment(cr)
        teams = ensure_people(env)
        company_ids = ensure_companies(cr, SUPERUSER_ID)
        cr.commit()
        insert_tickets(env, wanted, teams, company_ids)
    return registry


def add_arguments(parser):
    parser.add_argument("--db", required=True)
    parser.add_argument("--small-db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--small-tickets", type=int, default=1_000)


def run(args):
    configure(args.addons_path)
    results = {}
    for db, wanted in ((args.small_db, args.small_tickets), (args.db, args.tickets)):
        registry = prepare(db, wanted)
        with registry.cursor() as cr:
            env = environment(cr)
            teams = env["crm.ticket.team"].search(
                [("name", "like", f"{BENCH_PREFIX} %")], order="id"
            )
            company_ids = ensure_companies(cr, SUPERUSER_ID)
            cr.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT is_closed) FROM crm_ticket"
            )
            total, open_count = cr.fetchone()
            create_ms, create_queries = measure_create(env, teams, company_ids)
            results[db] = {
                "total": total,
                "open": open_count,
                "create_ms": create_ms,
                "create_queries": create_queries,
            }
            if db == args.db:
                results[db]["counters"] = measure_counters(env, teams)
                results[db]["cron"] = measure_sla_cron(env)
            cr.rollback()
    small, large = results[args.small_db], results[args.db]
    ratio = large["create_ms"] / small["create_ms"]
    verdict = "OK" if ratio <= CREATE_RATIO_TARGET else "OVER TARGET"
    for label, result in (("small", small), ("large", large)):
        print(
            f"{label}: {result['total']:,} tickets ({result['open']:,} open): one "
            f"ticket created by an agent, median of {CREATES}: "
            f"{result['create_ms']:.1f} ms, {result['create_queries']} queries"
        )
    print(
        f"creation at {large['total']:,} vs {small['total']:,} tickets: x{ratio:.2f}; "
        f"target <= x{CREATE_RATIO_TARGET}: {verdict}"
    )
    counters = large["counters"]
    if counters is None:
        print("team dashboard counters: none defined")
    else:
        one, every = counters["one"], counters["all"]
        flat = every["queries"] <= one["queries"]
        print(
            f"team dashboard, {len(counters['counters'])} counters: 1 team "
            f"{one['ms']:.1f} ms, {one['queries']} queries; {every['teams']} teams "
            f"{every['ms']:.1f} ms, {every['queries']} queries; target one grouped "
            f"query per counter, whatever the teams: {'OK' if flat else 'OVER TARGET'}"
        )
    cron = large["cron"]
    if cron is None:
        print("SLA cron: not defined")
    else:
        print(
            f"SLA cron over {large['open']:,} open tickets, 3 hours behind: "
            f"{cron['done']:,} tickets failed or warned in {cron['seconds']:.1f} s, "
            f"{cron['runs']} run(s), progress (done, remaining) {cron['reports'][:3]}"
            f"{' ...' if len(cron['reports']) > 3 else ''}; target < "
            f"{CRON_TARGET_S:.0f} s: "
            f"{'OK' if cron['seconds'] < CRON_TARGET_S else 'OVER TARGET'}"
        )

#!/usr/bin/env python3
"""crm_suite load test (`make bench ONLY=load`): concurrent JSON-RPC clients against a
real multi-worker Odoo on the loopback interface.

Usage (tools/bench.sh runs it):
  python3 -m tools.bench load --db DB --addons-path PATH --port PORT [--iterations N]
                [--max-seconds S] [--json FILE]

DB holds crm_suite (without demo data). The script starts Odoo on 127.0.0.1:PORT
with --workers 4 --max-cron-threads 2 and its own log file, creates (once) one
customer and 28 users, then runs at the same time:
  - 16 salespeople, each with its own login, logging contacts on the SAME customer
    (crm.contact.log create), ``--iterations`` each;
  - 12 mixed clients (salesperson + helpdesk agent), each cycling through the
    Customer 360 panel, the timeline, a ticket creation, the deal list
    (web_search_read on crm.lead) and a cron run (ir.cron method_direct_trigger as
    admin, one client per cron at a time).
It stops the server, then reports p50/p95 latency per kind, the failed requests and
the server log lines that count as failures: any ERROR/CRITICAL line and any
serialization failure or retry, even when Odoo retried it successfully. Bounded: at
most ``--max-seconds`` of load (default 180) and ``28 x --iterations`` requests.
Exit status 0 whenever the run completes (the verdict is printed), 2 when it cannot.
"""

import collections
import importlib.util
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

import requests

SALES_CLIENTS = 16
MIXED_CLIENTS = 12
PASSWORD = "load-test-Pw-1"  # noqa: S105 -- throwaway users of a loopback test DB
CUSTOMER = "Load Test Busy Customer"
MIXED_KINDS = ("panel", "timeline", "ticket", "deal_list", "cron")
BAD_LOG_LINE = re.compile(
    r" (ERROR|CRITICAL) |serializ|concurrent update|deadlock|tries left",
    re.IGNORECASE,
)
DEAL_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "expected_revenue": {},
    "stage_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "amount_invoiced": {},
    "amount_due": {},
}


class RpcError(Exception):
    pass


class Client:
    """One JSON-RPC session (its own cookie jar) against the test server."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.session = requests.Session()
        self.ids = itertools.count(1)
        result = self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(
            self.url + path,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self.ids),
                "params": params,
            },
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            data = body["error"].get("data", {})
            raise RpcError(f"{data.get('name')}: {data.get('message')}")
        return body["result"]

    def call(self, model, method, args=(), **kwargs):
        return self._post(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def odoo_file():
    """The path of the odoo package's __init__.py, without importing Odoo here."""
    return importlib.util.find_spec("odoo").origin


def wait_for_server(url, proc, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"[crm_suite] load: Odoo exited with status {proc.returncode}")
        try:
            if requests.get(url + "/web/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    sys.exit("[crm_suite] load: Odoo did not answer in time")


def setup(url, db):
    """The customer, the 28 users and the crons, created once as admin."""
    admin = Client(url, db, "admin", "admin")
    ref = {}
    for xmlid in (
        "sales_team.group_sale_salesman",
        "crm_suite.group_crm_suite_helpdesk_user",
    ):
        module, name = xmlid.split(".")
        [data] = admin.call(
            "ir.model.data",
            "search_read",
            [[("module", "=", module), ("name", "=", name)]],
            fields=["res_id"],
        )
        ref[xmlid] = data["res_id"]
    customer = admin.call("res.partner", "search", [[("name", "=", CUSTOMER)]])
    if customer:
        customer = customer[0]
    else:
        customer = admin.call(
            "res.partner",
            "create",
            [{"name": CUSTOMER, "is_company": True, "customer_rank": 1}],
        )
    logins = [f"load_sales_{i:02d}" for i in range(SALES_CLIENTS)] + [
        f"load_mixed_{i:02d}" for i in range(MIXED_CLIENTS)
    ]
    existing = {
        user["login"]
        for user in admin.call(
            "res.users",
            "search_read",
            [[("login", "in", logins)]],
            fields=["login"],
        )
    }
    groups = [ref["sales_team.group_sale_salesman"]]
    mixed_groups = groups + [ref["crm_suite.group_crm_suite_helpdesk_user"]]
    new_users = [
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "password": PASSWORD,
            "groups_id": [
                (6, 0, mixed_groups if login.startswith("load_mixed") else groups)
            ],
        }
        for login in logins
        if login not in existing
    ]
    if new_users:
        admin.call(
            "res.users",
            "create",
            [new_users],
            context={"no_reset_password": True},
        )
    crons = admin.call(
        "ir.model.data",
        "search_read",
        [[("module", "=", "crm_suite"), ("model", "=", "ir.cron")]],
        fields=["res_id", "name"],
    )
    return customer, logins, sorted(cron["res_id"] for cron in crons)


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.failures = collections.defaultdict(list)
        self.busy = collections.Counter()

    def run(self, kind, func):
        start = time.perf_counter()
        try:
            func()
        except RpcError as error:
            if kind == "cron" and "currently being executed" in str(error):
                with self.lock:
                    self.busy[kind] += 1
                return
            with self.lock:
                self.failures[kind].append(str(error)[:300])
            return
        except (requests.RequestException, ValueError) as error:
            with self.lock:
                self.failures[kind].append(f"{type(error).__name__}: {error}"[:300])
            return
        with self.lock:
            self.latencies[kind].append(time.perf_counter() - start)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run_load(url, db, customer, logins, crons, iterations, max_seconds):
    recorder = Recorder()
    deadline = time.monotonic() + max_seconds
    start_gate = threading.Barrier(len(logins) + 1)
    cron_locks = {cron: threading.Lock() for cron in crons}

    def sales_client(login, index):
        client = Client(url, db, login, PASSWORD)
        start_gate.wait()
        for step in range(iterations):
            if time.monotonic() > deadline:
                break
            recorder.run(
                "log_contact",
                lambda step=step: client.call(
                    "crm.contact.log",
                    "create",
                    [
                        {
                            "partner_id": customer,
                            "summary": f"Load call {index}/{step}",
                            "duration": 0.25,
                        }
                    ],
                ),
            )

    def mixed_client(login, index):
        client = Client(url, db, login, PASSWORD)
        admin = Client(url, db, "admin", "admin")
        start_gate.wait()
        for step in range(iterations):
            if time.monotonic() > deadline:
                break
            kind = MIXED_KINDS[(index + step) % len(MIXED_KINDS)]
            if kind == "panel":
                recorder.run(
                    kind,
                    lambda: client.call(
                        "res.partner", "crm_suite_customer_360", [[customer]]
                    ),
                )
            elif kind == "timeline":
                recorder.run(
                    kind,
                    lambda: client.call(
                        "res.partner", "crm_suite_timeline", [[customer]]
                    ),
                )
            elif kind == "ticket":
                recorder.run(
                    kind,
                    lambda step=step: client.call(
                        "crm.ticket",
                        "create",
                        [
                            {
                                "name": f"Load ticket {index}/{step}",
                                "partner_id": customer,
                            }
                        ],
                    ),
                )
            elif kind == "deal_list":
                recorder.run(
                    kind,
                    lambda: client.call(
                        "crm.lead",
                        "web_search_read",
                        [[("type", "=", "opportunity")]],
                        specification=DEAL_SPEC,
                        limit=80,
                    ),
                )
            else:
                cron = crons[(index + step) % len(crons)]
                # one admin clicking "Run manually" at a time per cron: Odoo
                # refuses a second concurrent run of the same job by design
                with cron_locks[cron]:
                    recorder.run(
                        kind,
                        lambda cron=cron: admin.call(
                            "ir.cron", "method_direct_trigger", [[cron]]
                        ),
                    )

    threads = [
        threading.Thread(target=sales_client, args=(login, i), daemon=True)
        for i, login in enumerate(logins[:SALES_CLIENTS])
    ] + [
        threading.Thread(target=mixed_client, args=(login, i), daemon=True)
        for i, login in enumerate(logins[SALES_CLIENTS:])
    ]
    for thread in threads:
        thread.start()
    start_gate.wait(timeout=300)
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic() + 60))
    return recorder, time.perf_counter() - began


def add_arguments(parser):
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--max-seconds", type=int, default=180)
    parser.add_argument("--json")
    parser.add_argument("--log", default=None, help="Odoo log file (default: temp)")


def run(args):
    log = args.log or f"/tmp/crm_suite_load_{args.db}_{os.getpid()}.log"
    url = f"http://127.0.0.1:{args.port}"
    # the odoo-bin script, not "-m odoo": the prefork server re-executes
    # sys.argv[0] to start its websocket (gevent) process
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo_file())), "odoo-bin")
    command = [
        sys.executable,
        odoo_bin,
        f"--addons-path={args.addons_path}",
        "-d",
        args.db,
        f"--db-filter=^{re.escape(args.db)}$",
        "--workers=4",
        "--max-cron-threads=2",
        "--http-interface=127.0.0.1",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 1}",
        f"--logfile={log}",
        "--log-level=info",
        "--limit-time-real=300",
        "--no-database-list",
    ]
    # the server's own output (before its logging starts, and the websocket
    # process's) goes next to the log, out of the report
    with open(log + ".out", "w", encoding="utf-8") as output:
        proc = subprocess.Popen(  # noqa: S603
            command, cwd="/", start_new_session=True, stdout=output, stderr=output
        )
    try:
        wait_for_server(url, proc)
        customer, logins, crons = setup(url, args.db)
        recorder, elapsed = run_load(
            url, args.db, customer, logins, crons, args.iterations, args.max_seconds
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    with open(log, encoding="utf-8", errors="replace") as handle:
        bad_lines = [line.rstrip() for line in handle if BAD_LOG_LINE.search(line)]

    kinds = ["log_contact", *MIXED_KINDS]
    print(
        f"[crm_suite] load: {SALES_CLIENTS} salespeople logging on one customer, "
        f"{MIXED_CLIENTS} mixed clients, --workers 4 --max-cron-threads 2, "
        f"{elapsed:.1f} s"
    )
    print(f"  {'kind':<12} {'ok':>5} {'failed':>7} {'p50 ms':>8} {'p95 ms':>8}")
    metrics = {}
    for kind in kinds:
        values = recorder.latencies.get(kind, [])
        failed = len(recorder.failures.get(kind, []))
        p50 = percentile(values, 0.5) * 1000 if values else None
        p95 = percentile(values, 0.95) * 1000 if values else None
        metrics[kind] = {
            "ok": len(values),
            "failed": failed,
            "p50_ms": p50,
            "p95_ms": p95,
        }
        if recorder.busy.get(kind):
            metrics[kind]["busy"] = recorder.busy[kind]
        print(
            f"  {kind:<12} {len(values):>5} {failed:>7} "
            f"{p50 if p50 is not None else float('nan'):>8.0f} "
            f"{p95 if p95 is not None else float('nan'):>8.0f}"
            + (
                f"  ({recorder.busy[kind]} refused: job already running)"
                if recorder.busy.get(kind)
                else ""
            )
        )
    failed = sum(len(v) for v in recorder.failures.values())
    for kind, messages in recorder.failures.items():
        for message in sorted(set(messages))[:5]:
            print(f"  failed {kind}: {message}")
    print(f"  server log {log}: {len(bad_lines)} ERROR/serialization line(s)")
    for line in bad_lines[:15]:
        print(f"    {line[:240]}")
    verdict = "PASS" if not failed and not bad_lines else "FAIL"
    print(
        f"  verdict: {verdict} ({failed} failed request(s), "
        f"{len(bad_lines)} bad log line(s))"
    )
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "kinds": metrics,
                    "failed_requests": failed,
                    "bad_log_lines": len(bad_lines),
                    "seconds": elapsed,
                    "verdict": verdict,
                },
                handle,
                indent=2,
            )
    return 0 if verdict == "PASS" else 1

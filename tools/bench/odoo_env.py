"""The one way the benchmarks start Odoo (configuration, registry, environment, an
HTTP server for PDF reports) and the measuring helpers they share."""

import contextlib
import functools
import importlib.util
import logging
import pathlib
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def configure(addons_path, db=None, http_port=None, log_level="warn"):
    """Odoo's configuration for an in-process benchmark: no demo data, no cron
    threads, HTTP (when started) on localhost only."""
    options = [
        f"--addons-path={addons_path}",
        f"--http-port={http_port or 8069}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        f"--log-level={log_level}",
        "--without-demo=all",
    ]
    if db:
        options += [f"--database={db}", f"--db-filter=^{db}$"]
    odoo.tools.config.parse_config(options)


def registry(db):
    """The registry of ``db`` (crm_suite installed), loaded once per process."""
    return Registry(db)


def load(db, addons_path, http_port=None, log_level="warn"):
    """Configure Odoo and return the registry of ``db``."""
    configure(addons_path, db=db, http_port=http_port, log_level=log_level)
    return registry(db)


def environment(cr, uid=SUPERUSER_ID, context=None):
    return api.Environment(cr, uid, context or {})


def start_http_server():
    """An HTTP server thread, so wkhtmltopdf can fetch the report's assets; returns
    its base URL."""
    from odoo.service import server

    server.load_server_wide_modules()
    httpd = server.ThreadedServer(odoo.http.root)
    httpd.http_spawn()
    return f"http://127.0.0.1:{odoo.tools.config['http_port']}"


def measure_best(env, func, repeat, invalidate=True):
    """Run ``func`` ``repeat`` times; returns (best seconds, queries of the last run,
    last result). The record cache is emptied before each run."""
    best = None
    queries = result = None
    for _ in range(repeat):
        if invalidate:
            env.invalidate_all()
        count0 = env.cr.sql_log_count
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - count0
        best = elapsed if best is None else min(best, elapsed)
    return best, queries, result


@contextlib.contextmanager
def rolled_back(env):
    """A savepoint that is always rolled back, with the cache cleared after."""
    savepoint = env.cr.savepoint()
    try:
        yield
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all(flush=False)


@contextlib.contextmanager
def captured_queries():
    """The SQL queries run in the block, as a list filled on the go."""
    logger = logging.getLogger("odoo.sql_db")
    queries = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.msg.startswith("[%.3f ms] query:") and len(record.args) == 2:
                queries.append(str(record.args[1]))

    handler = Collect()
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextlib.contextmanager
def quiet_logger(logger):
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def ms(seconds):
    return round(seconds * 1000, 1)


@functools.cache
def web_client():
    """crm_suite's web-client field-spec helpers, ``tests/web_client.py``, shared
    with the query-count tests. Loaded from its file: importing the ``tests``
    package would import Odoo's test framework, which logs an error outside a test
    run."""
    path = pathlib.Path(__file__).resolve().parents[2] / "tests" / "web_client.py"
    spec = importlib.util.spec_from_file_location("crm_suite_web_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

"""crm_suite benchmarks, one package: ``python3 -m tools.bench COMMAND`` from the
repository root (``make bench`` runs it; ``python3 -m tools.bench --help`` lists the
commands).

- ``odoo_env``: the one way the benchmarks start Odoo and open an environment, and
  the measuring helpers they share;
- ``core``: ``make bench`` measures 1-9 (generate, refresh, measure);
- ``data``: the raw-SQL generator of the ``make bench`` data set;
- ``campaign``, ``timeline``, ``ticket``: the measures run in their own databases.

The web client's field-spec builder is ``crm_suite/tests/web_client.py``, shared with
the query-count tests.
"""

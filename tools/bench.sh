#!/usr/bin/env bash
# make bench: performance figures of crm_suite on a large database.
#   SCALE=N      partners (default 20000); contact logs and deals default to
#                10 x SCALE, customer invoices to 5 x SCALE (200,000 / 100,000 at 20000)
#   PARTNERS=N   LOGS=N   DEALS=N   INVOICES=N   override any count
#   ONLY=steps   only these measures, comma-separated (e.g. ONLY="debt report");
#                "followup" runs the payment follow-up cron and list on the data set;
#                "campaigns", "timeline" and "tickets" run the campaign, timeline and
#                helpdesk benchmarks (each in its own kept databases); "analysis" the
#                managers' analyses in crm_suite_bench_analysis (1,000,000 logs,
#                200,000 deals, 100,000 activities); "mailmerge" runs a mail merge of
#                1,000 then MAILMERGE_LETTERS (5,000) letters (crm_suite_bench_mailmerge);
#                "load" runs
#                the concurrency test (python3 -m tools.bench load, LOAD_DB, LOAD_PORT)
#   PORT=n       HTTP port for Odoo (default: a free one)
#   DB=name      benchmark database (default crm_suite_bench_<partners>, with
#                _<logs>_<deals>_<invoices> appended when a count is not the default)
# The database (crm_suite without demo data, plus data written with raw SQL by
# tools/bench/data.py) is kept and reused by the next run at the same scale; when the
# module's files changed since, crm_suite is updated in it first.
# Prints a table and writes .bench/bench-<partners>[_<logs>].json; targets are
# reported, not enforced (exit status 0 unless the benchmark cannot run).
source "$(dirname "$0")/common.sh"

PARTNERS=${PARTNERS:-${SCALE:-20000}}
LOGS=${LOGS:-$((PARTNERS * 10))}
DEALS=${DEALS:-$((PARTNERS * 10))}
INVOICES=${INVOICES:-$((PARTNERS * 5))}
for count in "$PARTNERS" "$LOGS" "$DEALS" "$INVOICES"; do
    [[ $count =~ ^[0-9]+$ ]] || die "SCALE, PARTNERS, LOGS, DEALS and INVOICES must be numbers"
done
if [ "$LOGS:$DEALS:$INVOICES" = "$((PARTNERS * 10)):$((PARTNERS * 10)):$((PARTNERS * 5))" ]; then
    tag=$PARTNERS
else
    tag=${PARTNERS}_${LOGS}_${DEALS}_$INVOICES
fi
DB=${DB:-crm_suite_bench_$tag}
OUT=$REPO/.bench/bench-$tag.json
http_port() { echo "${PORT:-$(free_port)}"; }

setup
source_hash=$(cd "$REPO" && git ls-files -co --exclude-standard -z -- . ':!tools' ':!tests' ':!.bench' \
    | sort -z | xargs -0 cat 2>/dev/null | md5sum | cut -c1-32)
# the data set's shape: a new generator version rebuilds the database
version=$(sed -n 's/^GENERATOR_VERSION = \([0-9]*\)$/\1/p' "$REPO/tools/bench/data.py")
wanted="$PARTNERS:$LOGS:$DEALS:$INVOICES:v$version"
tables="res_partner, crm_contact_log, crm_lead, mail_activity, account_move, account_move_line,
    account_partial_reconcile, account_full_reconcile, sale_order, sale_order_line"

param() { psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = '$1'" 2>/dev/null || true; }
set_param() {
    psql -q -d "$DB" -c "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
        VALUES ('$1', '$2', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date" >/dev/null
}
# the benchmarks are one Python package, tools/bench (python3 -m tools.bench --help)
bench_module() { (cd / && PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}" "$PY" -m tools.bench "$@"); }
bench_py() { bench_module "$@" --db "$DB" --addons-path "$ADDONS_DIR"; }

# Measures that need their own data set run in their own database, kept and reused:
# crm_suite without demo data, updated when the module changed.
aux_db() {
    local aux=$1 have
    if db_exists "$aux"; then
        have=$(psql -d "$aux" -tAc "SELECT value FROM ir_config_parameter
            WHERE key = 'crm_suite_bench.source_hash'" 2>/dev/null || true)
        [ "$have" = "$source_hash" ] && return 0
        say "updating $MODULE in $aux"
        odoo -d "$aux" -u "$MODULE" --stop-after-init --http-port="$(http_port)" \
            --max-cron-threads=0 --log-level=warn
    else
        say "installing $MODULE without demo data in $aux"
        odoo -d "$aux" -i "$MODULE" --without-demo=all --stop-after-init \
            --http-port="$(http_port)" --max-cron-threads=0 --log-level=warn
    fi
    DB=$aux set_param crm_suite_bench.source_hash "$source_hash"
}
# ONLY=mailmerge: a mail merge of 1,000 then MAILMERGE_LETTERS letters in its own
# database (no need of the main data set when it is the only measure asked).
if [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",mailmerge,"* ]]; then
    aux_db crm_suite_bench_mailmerge
    # two sizes, each in its own process: the peak memory of each says how it grows
    for letters in 1000 "${MAILMERGE_LETTERS:=5000}"; do
        say "mailmerge: $letters letters rendered by the mail merge cron, then merged"
        bench_module mailmerge --db crm_suite_bench_mailmerge --addons-path "$ADDONS_DIR" \
            --letters "$letters" --http-port "$(http_port)" \
            --json "$REPO/.bench/mailmerge-$letters.json"
    done
    [ "${ONLY:-}" = mailmerge ] && exit 0
    if [ -n "${ONLY:-}" ]; then
        ONLY=$(sed -E 's/(^|,)mailmerge(,|$)/\1/; s/,$//' <<<"$ONLY")
    fi
fi

# ONLY=load: the concurrency test (python3 -m tools.bench load) in its own database, which
# holds crm_suite without demo data; it starts its own multi-worker server.
if [[ ",${ONLY:-}," == *",load,"* ]]; then
    LOAD_DB=${LOAD_DB:-crm_suite_bench_load}
    if db_exists "$LOAD_DB"; then
        odoo -d "$LOAD_DB" -u "$MODULE" --stop-after-init --http-port="$(free_port)" \
            --max-cron-threads=0 --log-level=warn
    else
        odoo -d "$LOAD_DB" -i "$MODULE" --without-demo=all --stop-after-init \
            --http-port="$(free_port)" --max-cron-threads=0 --log-level=warn
    fi
    say "load: 16 salespeople logging on one customer + 12 mixed clients (a few minutes)"
    bench_module load --db "$LOAD_DB" \
        --addons-path "$ADDONS_DIR" --port "${LOAD_PORT:-$(free_port)}" \
        --iterations "${LOAD_ITERATIONS:-15}" --json "$REPO/.bench/load.json"
    [ "$ONLY" = load ] && exit 0
    ONLY=$(sed -E 's/(^|,)load(,|$)/\1/; s/,$//' <<<"$ONLY")
fi

# the managers' analyses: their own kept database at 1,000,000 logs, 200,000 deals
# (the generator's data set) plus activities, meetings and stage history
# (tools/bench/analysis.py); run only when asked (ONLY=analysis): a first build takes
# a quarter of an hour
if [[ ",${ONLY:-}," == *",analysis,"* ]]; then
    ANALYSIS_DB=crm_suite_bench_analysis
    analysis_scale="100000:1000000:200000:20000:v$version"
    if db_exists "$ANALYSIS_DB" && [ "$(DB=$ANALYSIS_DB param crm_suite_bench.scale)" != "$analysis_scale" ]; then
        drop_db "$ANALYSIS_DB"
    fi
    if ! db_exists "$ANALYSIS_DB"; then
        aux_db "$ANALYSIS_DB"
        say "analysis: generating 100,000 partners, 1,000,000 logs, 200,000 deals in $ANALYSIS_DB"
        bench_module generate --db "$ANALYSIS_DB" --addons-path "$ADDONS_DIR" \
            --partners 100000 --logs 1000000 --deals 200000 --invoices 20000
        DB=$ANALYSIS_DB set_param crm_suite_bench.scale "$analysis_scale"
    else
        aux_db "$ANALYSIS_DB"
    fi
    say "analysis: each analysis by month and user, as a manager and a salesperson"
    bench_module analysis --db "$ANALYSIS_DB" --addons-path "$ADDONS_DIR" \
        --json "$REPO/.bench/analysis.json"
    [ "$ONLY" = analysis ] && exit 0
    ONLY=$(sed -E 's/(^|,)analysis(,|$)/\1/; s/,$//' <<<"$ONLY")
fi

have=""
if db_exists "$DB"; then
    have=$(param crm_suite_bench.scale)
fi
if [ "$have" != "$wanted" ]; then
    if db_exists "$DB"; then
        say "$DB holds no complete data set for $PARTNERS partners / $LOGS logs /" \
            "$DEALS deals / $INVOICES invoices: rebuilding it"
        drop_db "$DB"
    fi
    say "installing $MODULE without demo data in $DB"
    odoo -d "$DB" -i "$MODULE" --without-demo=all --stop-after-init --http-port="$(http_port)" \
        --max-cron-threads=0 --log-level=warn
    say "generating $PARTNERS partners, $LOGS contact logs, $DEALS deals and $INVOICES invoices"
    bench_py generate --partners "$PARTNERS" --logs "$LOGS" --deals "$DEALS" --invoices "$INVOICES"
    psql -q -d "$DB" -c "VACUUM (ANALYZE) $tables"
    set_param crm_suite_bench.source_hash "$source_hash"
    set_param crm_suite_bench.scale "$wanted"
elif [ "$(param crm_suite_bench.source_hash)" != "$source_hash" ]; then
    say "the module changed since $DB was built: updating $MODULE in it"
    odoo -d "$DB" -u "$MODULE" --stop-after-init --http-port="$(http_port)" \
        --max-cron-threads=0 --log-level=warn
    bench_py refresh
    psql -q -d "$DB" -c "VACUUM (ANALYZE) $tables"
    set_param crm_suite_bench.source_hash "$source_hash"
else
    say "reusing $DB ($PARTNERS partners, $LOGS contact logs, $DEALS deals, $INVOICES invoices)"
fi

say "measuring (a few minutes)"
bench_py measure --json "$OUT" --http-port "$(http_port)" ${ONLY:+--only "$ONLY"}
if [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",followup,"* ]]; then
    say "followup: the payment follow-up cron over every open receivable of $DB, the follow-up list"
    bench_py followup
fi

if [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",campaigns,"* ]]; then
    aux_db crm_suite_bench_campaign
    say "campaigns: dynamic segment over ${CAMPAIGN_PARTNERS:=100000} partners, comparison list"
    bench_module campaigns --db crm_suite_bench_campaign --addons-path "$ADDONS_DIR" \
        --partners "$CAMPAIGN_PARTNERS"
fi
if [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",timeline,"* ]]; then
    aux_db crm_suite_bench_timeline
    say "timeline: first page of a customer with 10,000 logs among ${TIMELINE_LOGS:=1000000}"
    bench_module timeline --db crm_suite_bench_timeline --addons-path "$ADDONS_DIR" \
        --logs "$TIMELINE_LOGS"
fi
if [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",tickets,"* ]]; then
    aux_db crm_suite_bench_ticket_small
    aux_db crm_suite_bench_ticket
    say "tickets: creation at ${SMALL_TICKETS:=1000} and ${TICKETS:=100000} tickets," \
        "team dashboard counters, SLA cron"
    bench_module tickets --db crm_suite_bench_ticket \
        --small-db crm_suite_bench_ticket_small --addons-path "$ADDONS_DIR" \
        --tickets "$TICKETS" --small-tickets "$SMALL_TICKETS"
fi

#!/usr/bin/env bash
# make bench: performance figures of crm_suite on a large database.
#   SCALE=N      partners (default 20000); contact logs default to 10 x SCALE
#   PARTNERS=N   LOGS=N   override either count
#   DB=name      benchmark database (default crm_suite_bench_<partners>[_<logs>])
# The database (crm_suite without demo data, plus data written with raw SQL by
# tools/bench_data.py) is kept and reused by the next run at the same scale; when the
# module's files changed since, crm_suite is updated in it first.
# Prints a table and writes .bench/bench-<partners>[_<logs>].json; targets are
# reported, not enforced (exit status 0 unless the benchmark cannot run).
source "$(dirname "$0")/common.sh"

PARTNERS=${PARTNERS:-${SCALE:-20000}}
LOGS=${LOGS:-$((PARTNERS * 10))}
[[ $PARTNERS =~ ^[0-9]+$ && $LOGS =~ ^[0-9]+$ ]] || die "SCALE, PARTNERS and LOGS must be numbers"
if [ "$LOGS" = $((PARTNERS * 10)) ]; then tag=$PARTNERS; else tag=${PARTNERS}_$LOGS; fi
DB=${DB:-crm_suite_bench_$tag}
OUT=$REPO/.bench/bench-$tag.json

setup
source_hash=$(cd "$REPO" && git ls-files -co --exclude-standard -z -- . ':!tools' ':!tests' ':!.bench' \
    | sort -z | xargs -0 cat 2>/dev/null | md5sum | cut -c1-32)
# the data set's shape: a new generator version rebuilds the database
version=$(sed -n 's/^GENERATOR_VERSION = \([0-9]*\)$/\1/p' "$REPO/tools/bench_data.py")
wanted="$PARTNERS:$LOGS:v$version"

param() { psql -d "$DB" -tAc "SELECT value FROM ir_config_parameter WHERE key = '$1'" 2>/dev/null || true; }
set_param() {
    psql -q -d "$DB" -c "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
        VALUES ('$1', '$2', 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = EXCLUDED.write_date" >/dev/null
}
bench_py() { (cd / && "$PY" "$REPO/tools/bench.py" "$@" --db "$DB" --addons-path "$ADDONS_DIR"); }

have=""
if db_exists "$DB"; then
    have=$(param crm_suite_bench.scale)
fi
if [ "$have" != "$wanted" ]; then
    if db_exists "$DB"; then
        say "$DB holds no complete data set for $PARTNERS partners / $LOGS logs: rebuilding it"
        drop_db "$DB"
    fi
    say "installing $MODULE without demo data in $DB"
    odoo -d "$DB" -i "$MODULE" --without-demo=all --stop-after-init --http-port="$(free_port)" \
        --max-cron-threads=0 --log-level=warn
    say "generating $PARTNERS partners and $LOGS contact logs"
    bench_py generate --partners "$PARTNERS" --logs "$LOGS"
    psql -q -d "$DB" -c "VACUUM (ANALYZE) res_partner, crm_contact_log"
    set_param crm_suite_bench.source_hash "$source_hash"
    set_param crm_suite_bench.scale "$wanted"
elif [ "$(param crm_suite_bench.source_hash)" != "$source_hash" ]; then
    say "the module changed since $DB was built: updating $MODULE in it"
    odoo -d "$DB" -u "$MODULE" --stop-after-init --http-port="$(free_port)" \
        --max-cron-threads=0 --log-level=warn
    bench_py refresh
    psql -q -d "$DB" -c "VACUUM (ANALYZE) res_partner, crm_contact_log"
    set_param crm_suite_bench.source_hash "$source_hash"
else
    say "reusing $DB ($PARTNERS partners, $LOGS contact logs)"
fi

say "measuring (a few minutes)"
bench_py measure --json "$OUT" --http-port "$(free_port)"

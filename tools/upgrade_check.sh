#!/usr/bin/env bash
# tools/upgrade_check.sh <old-rev>: does a database made by an earlier release of
# crm_suite upgrade to this tree with `-u crm_suite`, keeping every row, with a clean log?
#   1. checks <old-rev> out in a temporary git worktree (nothing is fetched), exposed to
#      Odoo under the folder name crm_suite;
#   2. installs it with demo data in a throwaway database;
#   3. counts the rows of every crm_% table, of key core tables and of crm_suite's
#      XML ids;
#   4. upgrades the database with this tree (`-u crm_suite`) and counts again.
# Fails (exit 1) when a table lost rows or disappeared, or when the upgrade logged a
# WARNING/ERROR/CRITICAL line; drops its database and the worktree in every case.
#   UPGRADE_DB=name   database name (default crm_suite_upgrade_<pid>)
#   PORT=n            HTTP port Odoo binds while installing/upgrading (default: a free one)
#   KEEP_LOGS=1       keep the install and upgrade logs (their paths are printed)
source "$(dirname "$0")/common.sh"

old_rev=${1:-}
[ -n "$old_rev" ] || die "usage: tools/upgrade_check.sh <old-rev> (a commit of this repository)"
old_sha=$(git -C "$REPO" rev-parse --verify --quiet "$old_rev^{commit}") \
    || die "$old_rev is not a commit of this repository"

setup

db=${UPGRADE_DB:-${MODULE}_upgrade_$$}
port=${PORT:-$(free_port)}
work=$(mktemp -d)
old_src=$work/src
old_addons=$work/addons
install_log=$work/install.log
upgrade_log=$work/upgrade.log

cleanup() {
    drop_db "$db"
    git -C "$REPO" worktree remove --force "$old_src" >/dev/null 2>&1 || true
    git -C "$REPO" worktree prune >/dev/null 2>&1 || true
    if [ -n "${KEEP_LOGS:-}" ]; then
        say "logs kept: $install_log $upgrade_log"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

db_exists "$db" && die "database $db already exists; drop it or set UPGRADE_DB"

say "checking out ${old_sha:0:10} in a temporary worktree"
git -C "$REPO" worktree add --detach --quiet "$old_src" "$old_sha"
mkdir -p "$old_addons"
ln -s "$old_src" "$old_addons/$MODULE"

bad_lines() { grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" || true; }

say "installing $MODULE ${old_sha:0:10} with demo data in $db (a few minutes)"
set +e
(cd / && "$PY" -m odoo --addons-path="$old_addons" -d "$db" -i "$MODULE" --stop-after-init \
    --http-port="$port" --max-cron-threads=0 --log-level=info) >"$install_log" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || { tail -30 "$install_log" >&2; die "installing ${old_sha:0:10} failed"; }
old_bad=$(bad_lines "$install_log")
if [ -n "$old_bad" ]; then
    say "note: the old release's own install logged (not counted against the upgrade):"
    printf '%s\n' "$old_bad" | sed 's/^/    /'
fi

# "table<TAB>rows" for every crm_% table, key core tables and crm_suite's XML ids.
count_rows() {
    psql -d "$db" -tA -F $'\t' -v ON_ERROR_STOP=1 <<'SQL'
CREATE TEMP TABLE upgrade_check_counts (name text, rows bigint);
DO $$
DECLARE t text; n bigint;
BEGIN
    FOR t IN
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          AND (table_name LIKE 'crm\_%' OR table_name IN (
              'res_partner', 'account_move', 'account_move_line', 'account_payment',
              'mail_message', 'mail_mail', 'mail_activity', 'utm_campaign',
              'ir_sequence', 'ir_sequence_date_range', 'ir_attachment'))
    LOOP
        EXECUTE format('SELECT count(*) FROM %I', t) INTO n;
        INSERT INTO upgrade_check_counts VALUES (t, n);
    END LOOP;
    INSERT INTO upgrade_check_counts
        SELECT 'ir_model_data[crm_suite]', count(*) FROM ir_model_data WHERE module = 'crm_suite';
END $$;
SELECT name, rows FROM upgrade_check_counts ORDER BY name;
SQL
}

before=$work/before.tsv
after=$work/after.tsv
count_rows >"$before"
say "counted $(wc -l <"$before") tables before the upgrade"

say "upgrading $db with this tree ($REPO)"
set +e
odoo -d "$db" -u "$MODULE" --stop-after-init --http-port="$port" --max-cron-threads=0 \
    --log-level=info >"$upgrade_log" 2>&1
rc=$?
set -e
count_rows >"$after"

status=0
if [ "$rc" != 0 ]; then
    say "the upgrade exited with status $rc"
    tail -30 "$upgrade_log" | sed 's/^/    /'
    status=1
fi
new_bad=$(bad_lines "$upgrade_log")
if [ -n "$new_bad" ]; then
    say "$(printf '%s\n' "$new_bad" | wc -l) WARNING/ERROR line(s) in the upgrade log:"
    printf '%s\n' "$new_bad" | sed 's/^/    /'
    status=1
fi

# Every table counted before must still be there with at least as many rows.
lost=$(awk -F '\t' 'NR == FNR { after[$1] = $2; next }
    !($1 in after) { printf "%s: %d rows, table gone\n", $1, $2; next }
    after[$1] < $2 { printf "%s: %d rows, %d after\n", $1, $2, after[$1] }' "$after" "$before")
if [ -n "$lost" ]; then
    say "rows lost by the upgrade:"
    printf '%s\n' "$lost" | sed 's/^/    /'
    status=1
fi
total_before=$(awk -F '\t' '{ s += $2 } END { print s + 0 }' "$before")
total_after=$(awk -F '\t' 'NR == FNR { keep[$1] = 1; next } ($1 in keep) { s += $2 } END { print s + 0 }' \
    "$before" "$after")
say "$(wc -l <"$before") tables, $total_before rows before, $total_after after (same tables)"
if [ "$status" = 0 ]; then
    say "upgrade from ${old_sha:0:10}: every row kept, clean log: PASS"
else
    say "upgrade from ${old_sha:0:10}: FAIL"
fi
exit $status

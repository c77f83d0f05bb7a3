#!/usr/bin/env bash
# make run: a database with demo data and crm_suite, served on http://localhost:$PORT.
source "$(dirname "$0")/common.sh"
DB=${DB:-crm_suite}
PORT=${PORT:-8069}

setup
# what Odoo loads from the module; tools, tests and docs changes need no update
source_hash=$(cd "$REPO" && git ls-files -co --exclude-standard -z -- . ':!tools' ':!tests' ':!.ci' ':!*.md' \
    | sort -z | xargs -0 cat 2>/dev/null | md5sum | cut -c1-32)
stamp=$STATE_DIR/$DB.installed

args=()
state=$(db_exists "$DB" && psql -d "$DB" -tAc "SELECT state FROM ir_module_module WHERE name = '$MODULE'" 2>/dev/null || true)
if [ "$state" != installed ]; then
    say "installing $MODULE with demo data in database $DB (first run: a few minutes)"
    args=(-i "$MODULE")
elif [ "$(cat "$stamp" 2>/dev/null)" != "$source_hash" ]; then
    say "the module changed since the last run: updating $MODULE in $DB"
    args=(-u "$MODULE")
fi
if ((${#args[@]})); then
    odoo -d "$DB" "${args[@]}" --stop-after-init --http-port="$PORT" --log-level=warn
    printf '%s' "$source_hash" >"$stamp"
fi

say "serving http://localhost:$PORT  (database $DB, login admin, password admin); Ctrl+C stops"
exec_args=(-d "$DB" --http-port="$PORT" --db-filter="^$DB\$")
odoo "${exec_args[@]}" "$@"

#!/usr/bin/env bash
# make lint (also the first step of make test): the static checks of crm_suite.
#   ruff check + ruff format --check   (.ruff.toml)
#   pylint with pylint-odoo            (.pylintrc-mandatory: blocking checks only)
#   tools/check_module.py              (manifest, XML, imports, access rights)
# Prints one line per check, the findings of the failed ones, and exits 1 if any failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tools/common.sh
source tools/common.sh
cd "$REPO"

ensure_python_packages "${LINTERS[@]}"

failed=0
# check LABEL COMMAND...: runs COMMAND quietly; on failure prints its output indented.
check() {
    local label=$1 out rc=0
    shift
    out=$("$@" 2>&1) || rc=$?
    if [ "$rc" = 0 ]; then
        say "lint: $label: ok"
    else
        say "lint: $label: FAILED"
        printf '%s\n' "$out" | sed -e '/^$/d' -e 's/^/    /'
        failed=1
    fi
}

ruff_cmd() { "$PY" -m ruff "$@" --no-cache --config "$REPO/.ruff.toml"; }

# pylint-odoo recognises an add-on by its folder name, and the clone may be called
# anything: lint it through a crm_suite symlink in a temporary folder.
pylint_module() (
    tmp=$(mktemp -d)
    trap 'rm -f "$tmp/$MODULE"; rmdir "$tmp"' EXIT
    ln -s "$REPO" "$tmp/$MODULE"
    cd "$tmp"
    # Paths relative to the repository; drop pylint's per-module banners.
    "$PY" -m pylint --rcfile="$REPO/.pylintrc-mandatory" "$MODULE" \
        | sed -e '/^\*\{13\} Module /d' -e "s#^$MODULE/##"
)

version() { "$PY" -c "import importlib.metadata as m; print(m.version('$1'))"; }

check "ruff $(version ruff) check" \
    ruff_cmd check --output-format=concise .
check "ruff format --check" ruff_cmd format --check .
check "pylint $(version pylint) + pylint-odoo $(version pylint-odoo)" pylint_module
check "module structure" "$PY" tools/check_module.py "$REPO"

exit "$failed"

#!/usr/bin/env bash
# Shared setup for `make run`, `make test` and `make bench`: sourced, not run.
# It checks that Odoo 18.0 is installed, installs what else is missing (PostgreSQL,
# wkhtmltopdf, Chromium, Python packages), makes sure a PostgreSQL server answers, and
# exposes the repository to Odoo under the module's technical name.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=crm_suite
STATE_DIR=${CRM_SUITE_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/crm_suite}
# Odoo finds modules by folder name; the clone may be called anything, so link it.
ADDONS_DIR=$STATE_DIR/addons-$(printf '%s' "$REPO" | md5sum | cut -c1-10)
PY=${PYTHON:-python3}

LINTERS=("pylint-odoo==10.0.12:pylint_odoo" "ruff==0.17.6:ruff")

say() { printf '[%s] %s\n' "$MODULE" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$MODULE" "$*" >&2; exit 2; }

require_odoo() {
    if ! (cd / && "$PY" -c 'import odoo.release as r, sys; sys.exit(r.version_info[:2] != (18, 0))') 2>/dev/null; then
        cat >&2 <<MSG
[$MODULE] Odoo 18.0 is not installed for $PY: \`$PY -c "import odoo"\` fails
[$MODULE] (or imports another version). crm_suite is an Odoo add-on and needs Odoo 18.0
[$MODULE] Community installed first, the way a Django app needs Django:
[$MODULE]   git clone --depth 1 -b 18.0 https://github.com/odoo/odoo /opt/odoo-18.0
[$MODULE]   $PY -m pip install -r /opt/odoo-18.0/requirements.txt
[$MODULE]   echo /opt/odoo-18.0 > "\$($PY -c 'import site; print(site.getsitepackages()[0])')/odoo.pth"
[$MODULE] then run this command again. See README.md, "Requirements".
MSG
        exit 2
    fi
}

apt_install() {
    local missing=("$@")
    ((${#missing[@]})) || return 0
    if [ "$(id -u)" != 0 ]; then
        die "missing system packages: ${missing[*]}; install them (apt-get install ${missing[*]}) and retry"
    fi
    say "installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_system_packages() {
    local need=() pkg
    command -v pg_ctlcluster >/dev/null || need+=(postgresql)
    command -v psql >/dev/null || need+=(postgresql-client)
    command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
    for pkg in "$@"; do
        case $pkg in
            chromium) command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need+=(chromium) ;;
            *) dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg") ;;
        esac
    done
    apt_install "${need[@]}"
}

# "pip requirement:import name" pairs; linters are pinned, their verdicts depend on
# the version.
ensure_python_packages() {
    local spec name module missing=()
    for spec in "$@"; do
        name=${spec%%:*}
        module=${spec##*:}
        "$PY" -c "import $module" 2>/dev/null || missing+=("$name")
    done
    ((${#missing[@]})) || return 0
    say "installing Python packages: ${missing[*]}"
    "$PY" -m pip install -q --disable-pip-version-check "${missing[@]}" 2>&1 | grep -v '^WARNING: Running pip as' || true
}

# Uses the server the environment points to (PGHOST/PGPORT/PGUSER), or starts the
# machine's local cluster and gives the current user a role on it.
ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}" ]; then
        pg_isready -q || die "PostgreSQL at ${PGHOST:-local socket}:${PGPORT:-5432} does not answer"
        return 0
    fi
    if ! pg_isready -q 2>/dev/null; then
        local cluster
        cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
        if [ -z "$cluster" ]; then
            say "creating a local PostgreSQL cluster"
            pg_createcluster "$(ls /usr/lib/postgresql | sort -n | tail -1)" main >/dev/null
            cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
        fi
        say "starting local PostgreSQL $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "the local PostgreSQL cluster did not start"
    fi
    local me
    me=$(id -un)
    if ! psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || die "PostgreSQL has no role for $me; create one: sudo -u postgres createuser -s $me"
        say "creating PostgreSQL role $me"
        su postgres -c "createuser -s $me" >/dev/null
    fi
}

link_addon() {
    mkdir -p "$ADDONS_DIR"
    ln -sfn "$REPO" "$ADDONS_DIR/$MODULE"
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

drop_db() {
    local db=$1
    if db_exists "$db"; then
        (cd / && "$PY" -m odoo db --addons-path="$ADDONS_DIR" drop "$db") >/dev/null 2>&1 || dropdb --if-exists "$db"
    fi
}

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

odoo() { (cd / && "$PY" -m odoo --addons-path="$ADDONS_DIR" "$@"); }

# Everything a command needs before it can start Odoo.
setup() {
    require_odoo
    ensure_system_packages "$@"
    ensure_python_packages phonenumbers:phonenumbers xlsxwriter:xlsxwriter websocket-client:websocket
    ensure_postgres
    link_addon
}

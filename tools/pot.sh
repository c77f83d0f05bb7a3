#!/usr/bin/env bash
# make pot: regenerate i18n/crm_suite.pot, the translation template, from a throwaway
# database where crm_suite is installed without demo data; the database is dropped after.
source "$(dirname "$0")/common.sh"

setup

db=${MODULE}_pot_$$_$(date +%s)
port=$(free_port)
pot=$REPO/i18n/$MODULE.pot
tmp_pot=$(mktemp --suffix=.pot)
cleanup() {
    rm -f "$tmp_pot"
    drop_db "$db"
}
trap cleanup EXIT

say "installing $MODULE in throwaway database $db (port $port)"
odoo -d "$db" -i "$MODULE" --without-demo=all --stop-after-init \
    --http-port="$port" --max-cron-threads=0 --log-level=warn

say "exporting i18n/$MODULE.pot"
# Odoo opens the output file before it exports: write elsewhere, move on success.
odoo -d "$db" --i18n-export="$tmp_pot" --modules="$MODULE" --stop-after-init \
    --http-port="$port" --max-cron-threads=0 --log-level=warn
# Drop the export timestamps so that a re-export only differs when the terms do.
sed -i -e '/^"POT-Creation-Date: /d' -e '/^"PO-Revision-Date: /d' "$tmp_pot"
mkdir -p "$REPO/i18n"
cp "$tmp_pot" "$pot"
say "wrote i18n/$MODULE.pot ($(($(grep -c "^msgid " "$pot") - 1)) terms)"

#!/usr/bin/env bash
# tools/uninstall_check.sh: uninstalling crm_suite is clean and keeps the accounting.
#   1. installs crm_suite WITH demo data in a throwaway database (or copies
#      TEMPLATE_DB=name, a database where it is installed, to go faster);
#   2. invoices a won deal and the support time of the demo contracts, posts those
#      invoices and registers a payment (on top of the demo's posted invoice and payment);
#   3. records every posted invoice (amount, lines) and every payment;
#   4. uninstalls crm_suite (button_immediate_uninstall, as from Apps) and fails on any
#      ERROR/CRITICAL line in Odoo's log, on a module left installed, and on any
#      posted invoice, invoice line or payment lost or changed;
#   5. drops the database (KEEP_DB=1 keeps it).
# Usage: tools/uninstall_check.sh   [UNINSTALL_DB=name] [TEMPLATE_DB=name] [KEEP_DB=1]
source "$(dirname "$0")/common.sh"

setup
DB=${UNINSTALL_DB:-${MODULE}_uninstall_$$}
log=$(mktemp --suffix=.log)
cleanup() { [ -n "${KEEP_DB:-}" ] || drop_db "$DB"; }
trap cleanup EXIT

drop_db "$DB"
if [ -n "${TEMPLATE_DB:-}" ]; then
    say "copying $TEMPLATE_DB to $DB"
    createdb -T "$TEMPLATE_DB" "$DB"
else
    say "installing $MODULE with demo data in $DB"
    odoo -d "$DB" -i "$MODULE" --stop-after-init --http-port="$(free_port)" \
        --max-cron-threads=0 --log-level=warn
fi

shell() { odoo shell -d "$DB" --http-port="$(free_port)" --max-cron-threads=0 \
    --no-http --log-level=info --logfile="$1"; }

snapshot() {
    psql -d "$DB" -tA -c "
        SELECT 'move ' || m.id || ' ' || m.name || ' ' || m.amount_total || ' ' || m.state
               || ' lines=' || (SELECT count(*) FROM account_move_line l WHERE l.move_id = m.id)
          FROM account_move m WHERE m.state = 'posted' ORDER BY m.id" -c "
        SELECT 'payment ' || p.id || ' ' || p.amount || ' ' || p.state
          FROM account_payment p ORDER BY p.id"
}

say "invoicing a won deal and the demo support time, posting and paying"
setup_log=$(mktemp --suffix=.log)
shell "$setup_log" <<'PY'
from odoo import fields
deal = env["crm.lead"].search([("stage_id.is_won", "=", True), ("partner_id", "!=", False)], limit=1)
moves = env["account.move"]
if deal:
    moves |= env["account.move"].browse(deal.action_create_invoice()["res_id"])
contracts = env["crm.support.contract"].search([("state", "in", ("running", "expired"))])
if contracts:
    wizard = env["crm.support.invoice"].create({
        "date_from": "2000-01-01",
        "date_to": fields.Date.today(),
        "contract_ids": [(6, 0, contracts.ids)],
    })
    try:
        with env.cr.savepoint():
            wizard.action_create_invoices()
    except Exception as error:  # no billable time in the demo: said, not fatal
        print("support invoice:", error)
moves |= env["account.move"].search([("move_type", "=", "out_invoice"), ("state", "=", "draft")])
moves = moves.filtered(lambda m: m.state == "draft" and m.invoice_line_ids)
moves.action_post()
if moves:
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=moves[:1].ids
    ).create({})._create_payments()
env.cr.commit()
print("posted", len(moves), "invoice(s)")
PY
if grep -qE ' (ERROR|CRITICAL) ' "$setup_log"; then
    grep -E ' (ERROR|CRITICAL) ' "$setup_log" | head -20
    die "preparing the invoices failed (log: $setup_log)"
fi
before=$(snapshot)
say "$(grep -c '^move' <<<"$before") posted invoice(s)/entries and $(grep -c '^payment' <<<"$before") payment(s) before uninstalling"

say "uninstalling $MODULE (log: $log)"
shell "$log" <<'PY'
env["ir.module.module"].search([("name", "=", "crm_suite")]).button_immediate_uninstall()
PY
after=$(snapshot)
state=$(psql -d "$DB" -tAc "SELECT state FROM ir_module_module WHERE name = '$MODULE'")

status=0
bad=$(grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" || true)
if [ -n "$bad" ]; then
    say "$(wc -l <<<"$bad") ERROR line(s) in the uninstall log:"
    head -20 <<<"$bad"
    grep -A3 -E ' (ERROR|CRITICAL) ' "$log" | grep -E 'DETAIL|violates' | sort | uniq -c | head -20
    status=1
fi
warnings=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$log" || true)
[ "$warnings" = 0 ] || say "$warnings WARNING line(s) in the uninstall log (not counted as failures)"
if [ "$state" != uninstalled ]; then
    say "$MODULE is '$state' after the uninstall"
    status=1
fi
lost=$(comm -23 <(sort <<<"$before") <(sort <<<"$after"))
if [ -n "$lost" ]; then
    say "posted invoices or payments lost or changed by the uninstall:"
    head -20 <<<"$lost"
    status=1
fi
undeletable=$(grep -o "ir.model.data could not be deleted (.*)" "$log" || true)
[ -z "$undeletable" ] || say "$undeletable"
if [ "$status" = 0 ]; then
    say "uninstall clean: no ERROR, $(grep -c '^move' <<<"$after") posted entries and" \
        "$(grep -c '^payment' <<<"$after") payment(s) kept"
else
    say "uninstall check FAILED (log: $log)"
fi
exit $status

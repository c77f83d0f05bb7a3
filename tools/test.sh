#!/usr/bin/env bash
# make test: static checks, then crm_suite installed with its tests (browser tours included)
# in a throwaway database. Fails on any failed test and on any WARNING/ERROR in Odoo's log.
source "$(dirname "$0")/common.sh"
TEST_TAGS=${TEST_TAGS:-/$MODULE}

setup chromium

if [ -n "${SKIP_LINT:-}" ]; then
    say "static checks skipped (SKIP_LINT is set)"
else
    say "static checks"
    "$REPO/tools/lint.sh"
fi

db=${MODULE}_test_$$_$(date +%s)
port=$(free_port)
log=$(mktemp --suffix=.log)
cleanup() { drop_db "$db"; }
trap cleanup EXIT

say "installing $MODULE and running its tests in database $db (port $port)"
set +e
odoo -d "$db" -i "$MODULE" --test-enable --test-tags "$TEST_TAGS" --stop-after-init \
    --http-port="$port" --log-level=info --max-cron-threads=0 2>&1 | tee "$log" \
    | grep -E --line-buffered ' (WARNING|ERROR|CRITICAL) |odoo\.tests\.(result|stats)|: (FAIL|ERROR):|Ran |Starting .*(Test|test)' 
rc=${PIPESTATUS[0]}
set -e

bad_lines=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$log" || true)
result=$(grep -E 'odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log" | tail -1 || true)
if [ -z "$result" ]; then
    total=0 failed=1
else
    read -r failed errors total < <(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$result")
    failed=$((failed + errors))
fi
passed=$((total - failed))
say "full log: $log"
status=0
if [ "$rc" != 0 ]; then say "Odoo exited with status $rc"; status=1; fi
if [ -z "$result" ]; then say "no test result line found in the log"; status=1; fi
if [ "$bad_lines" != 0 ]; then say "$bad_lines WARNING/ERROR line(s) in Odoo's log: a failed run"; status=1; fi
echo "$passed passed, $failed failed"
exit $status

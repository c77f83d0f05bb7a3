# crm_suite: developer commands. Requires an installed Odoo 18.0 (see README.md).
# Variables given on the command line (DB, PORT, SCALE, TEST_TAGS) reach the scripts.
.PHONY: run test lint bench pot

run:
	@tools/run.sh

test:
	@tools/test.sh

lint:
	@tools/lint.sh

bench:
	@tools/bench.sh

pot:
	@tools/pot.sh

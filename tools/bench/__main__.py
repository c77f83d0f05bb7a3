"""crm_suite's benchmarks: python3 -m tools.bench COMMAND [options].

Run from the repository root (or with it on PYTHONPATH); `make bench` runs them with
their databases."""

import argparse
import sys

from . import analysis, campaign, core, followup, load, mailmerge, ticket, timeline

COMMANDS = {
    "generate": (core, "write the `make bench` data set in a database (raw SQL)"),
    "refresh": (core, "after a module update: refresh the data set's derived values"),
    "measure": (core, "measures 1-9 (--only to pick some), table and JSON file"),
    "campaigns": (campaign, "dynamic segment over many partners, campaign comparison"),
    "timeline": (timeline, "first page of a heavy customer's timeline"),
    "tickets": (ticket, "ticket creation at two scales, team dashboard, SLA cron"),
    "followup": (
        followup,
        "payment follow-up cron over all receivables, follow-up list",
    ),
    "mailmerge": (
        mailmerge,
        "mail merge of a campaign's letters in the background job, time and memory",
    ),
    "load": (load, "concurrency: a multi-worker server under 28 JSON-RPC clients"),
    "analysis": (
        analysis,
        "the managers' analyses by month and user over 1,000,000 logs",
    ),
}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m tools.bench", description=__doc__.split("\n", 1)[0]
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        module.add_arguments(commands.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    module = COMMANDS[args.command][0]
    if module is core:
        return core.run(args.command, args)
    return module.run(args)


if __name__ == "__main__":
    sys.exit(main())

"""crm_suite mail merge benchmark: Odoo loaded in-process on a benchmark database.

Usage (from the repository root; crm_suite must be installed in DB):
  python3 -m tools.bench mailmerge --db DB --addons-path PATH [--letters 5000]
                                   [--http-port N]

1. Writes, once per database, ``--letters`` partners with raw SQL (a street, a city
   and a salutation each; kept for the next runs), a campaign holding them as
   members, and a one-page letter template on campaign members (salutation, address
   block, three paragraphs).
2. Starts a mail merge of the campaign as the administrator and runs it as Odoo's
   cron runner does: ``_cron_run_mail_merge()`` then a commit, again and again while
   it reports work left (an HTTP server thread serves the report assets to
   wkhtmltopdf, as in production).
3. Reports the wall time (target: under 5 minutes for 5,000 letters), the slowest
   batch, the pages of the result (target: one per letter), the contact logs
   written, and the peak memory of this process (``resource.getrusage``; run it at
   two sizes, each in its own process, to see how memory grows; wkhtmltopdf runs in
   its own process, one per batch).
The merge, its PDF and its contact logs are deleted at the next run. Prints a table
and writes JSON with ``--json``; exit status 0 whenever the run completes (targets
are reported, not enforced).
"""

import io
import json
import logging
import os
import resource
import time

from .odoo_env import environment, load, quiet_logger, start_http_server

_logger = logging.getLogger("crm_suite.bench_mailmerge")

CAMPAIGN_TITLE = "Bench mail merge"
TEMPLATE_NAME = "Bench mail merge letter"
WALL_TARGET_S = 300.0
RSS_TARGET_MB = 1536
BODY = """
<p t-out="object.partner_id.crm_letter_salutation"/>
<p>We are pleased to invite you to <strong t-out="object.campaign_id.title"/>,
our yearly seminar on the tools of the trade, where our engineers show this
year's products and answer your questions.</p>
<p>The seminar takes place in our offices; lunch is served at noon. Reply to
this letter or call us to let us know whether you will join us, and with how
many colleagues.</p>
<p>We look forward to meeting you.</p>
<p>Best regards,<br/><t t-out="user.name"/></p>
"""


def ensure_data(env, count):
    """The benchmark campaign with ``count`` members and the letter template,
    written once (partners with raw SQL) and committed for the next runs."""
    cr = env.cr
    Campaign = env["utm.campaign"]
    title = f"{CAMPAIGN_TITLE} {count}"
    campaign = Campaign.search([("title", "=", title)], limit=1)
    if not campaign:
        campaign = Campaign.create({"title": title})
    if campaign.member_count < count:
        missing = count - campaign.member_count
        country = env.ref("base.be")
        cr.execute(
            """
            WITH src AS (
                SELECT i, nextval('res_partner_id_seq') AS id,
                       'Bench Letter Person ' || lpad(i::text, 6, '0') AS name
                  FROM generate_series(1, %(missing)s) i
            ), ins AS (
                INSERT INTO res_partner (
                    id, name, complete_name, commercial_partner_id, is_company,
                    type, lang, active, autopost_bills, invoice_warn, message_bounce,
                    color, customer_rank, supplier_rank, partner_share, street, zip,
                    city, country_id, crm_salutation,
                    create_uid, write_uid, create_date, write_date
                )
                SELECT id, name, name, id, false, 'contact', 'en_US', true, 'ask',
                       'no-message', 0, 0, 1, 0, true, i || ' Rue de la Loi', '1000',
                       'Brussels', %(country)s, 'Dear ' || name || ',',
                       %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC'
                  FROM src
                RETURNING id
            )
            INSERT INTO crm_campaign_member (
                campaign_id, partner_id, status, is_from_segment,
                create_uid, write_uid, create_date, write_date
            )
            SELECT %(campaign)s, id, 'targeted', false, %(uid)s, %(uid)s,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM ins
            """,
            {
                "missing": missing,
                "country": country.id,
                "uid": env.uid,
                "campaign": campaign.id,
            },
        )
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE crm_campaign_member")
    Template = env["crm.document.template"]
    template = Template.search([("name", "=", TEMPLATE_NAME)], limit=1)
    if not template:
        template = Template.create(
            {
                "name": TEMPLATE_NAME,
                "kind": "letter",
                "res_model": "crm.campaign.member",
                "body_html": BODY,
            }
        )
    cr.commit()  # the data set is kept for the next runs
    env.invalidate_all()
    return campaign, template


def clean_previous(env, campaign):
    """The merges, PDFs and letter logs of earlier runs on this campaign."""
    merges = env["crm.mail.merge"].search([("campaign_id", "=", campaign.id)])
    merges.batch_attachment_ids.unlink()
    merges.attachment_id.unlink()
    merges.unlink()
    env["crm.contact.log"].search(
        [("campaign_member_id.campaign_id", "=", campaign.id)]
    ).unlink()
    env.cr.commit()  # a clean start, outside the measure


def peak_rss_mb(who):
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(who).ru_maxrss / 1024


def run_merge(env, campaign, template, letters):
    admin = env.ref("base.user_admin")
    Merge = env["crm.mail.merge"].with_user(admin)
    merge = Merge.create(
        {
            "name": f"Bench {letters} letters",
            "template_id": template.id,
            "campaign_id": campaign.id,
        }
    )
    rss_before = peak_rss_mb(resource.RUSAGE_SELF)
    start = time.perf_counter()
    merge.action_start()
    env.cr.commit()
    cron = env["crm.mail.merge"]
    steps = []
    while True:
        step_start = time.perf_counter()
        cron._cron_run_mail_merge()
        env.cr.commit()  # as Odoo's cron runner, after each call
        steps.append(time.perf_counter() - step_start)
        env.invalidate_all()
        if not cron._remaining_steps():
            break
        _logger.info(
            "mail merge: %s/%s letters, %.0f s",
            merge.done_count,
            merge.total_count,
            time.perf_counter() - start,
        )
    wall = time.perf_counter() - start
    from odoo.tools.pdf import PdfFileReader

    pages = 0
    if merge.attachment_id:
        reader = PdfFileReader(io.BytesIO(merge.attachment_id.raw), strict=False)
        pages = len(reader.pages)
    logs = env["crm.contact.log"].search_count(
        [("campaign_member_id.campaign_id", "=", campaign.id)]
    )
    return {
        "letters": letters,
        "state": merge.state,
        "error": merge.error_message or "",
        "wall_s": round(wall, 1),
        "steps": len(steps),
        "slowest_step_s": round(max(steps), 1),
        "merge_step_s": round(steps[-1], 1),
        "pages": pages,
        "pdf_mb": round((merge.attachment_id.file_size or 0) / 1e6, 1),
        "contact_logs": logs,
        "rss_before_mb": round(rss_before),
        "peak_rss_mb": round(peak_rss_mb(resource.RUSAGE_SELF)),
    }


def add_arguments(parser):
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--letters", type=int, default=5000)
    parser.add_argument("--http-port", type=int, default=None)
    parser.add_argument("--json", default=None, help="write the figures here")


def run(args):
    registry = load(args.db, args.addons_path, http_port=args.http_port)
    base_url = start_http_server()
    with registry.cursor() as cr:
        env = environment(cr, context={"tracking_disable": True})
        env["ir.config_parameter"].set_param("report.url", base_url)
        campaign, template = ensure_data(env, args.letters)
        clean_previous(env, campaign)
        # wkhtmltopdf's complaints about its unpatched Qt are no news
        quiet = logging.getLogger("odoo.addons.base.models.ir_actions_report")
        with quiet_logger(quiet):
            result = run_merge(env, campaign, template, args.letters)
    rows = [
        ("letters", str(result["letters"]), result["state"], None),
        (
            "wall time, start to PDF",
            f"{result['wall_s']:.1f} s",
            f"{result['steps']} cron calls",
            result["wall_s"] < WALL_TARGET_S,
        ),
        ("slowest cron call", f"{result['slowest_step_s']:.1f} s", "", None),
        ("final merge call", f"{result['merge_step_s']:.1f} s", "", None),
        (
            "pages of the result",
            str(result["pages"]),
            f"{result['pdf_mb']} MB",
            result["pages"] == result["letters"],
        ),
        ("letter contact logs", str(result["contact_logs"]), "", None),
        (
            "peak RSS, Odoo process",
            f"{result['peak_rss_mb']} MB",
            f"{result['rss_before_mb']} MB before",
            result["peak_rss_mb"] < RSS_TARGET_MB,
        ),
    ]
    if result["error"]:
        rows.append(("error", result["error"][:60], "", False))
    print(f"{'measure':<32} {'value':>14}  {'detail':<22} target")
    for label, value, detail, passed in rows:
        verdict = "" if passed is None else ("ok" if passed else "MISSED")
        print(f"{label:<32} {value:>14}  {detail:<22} {verdict}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as output:
            json.dump(result, output, indent=2)
    return 0

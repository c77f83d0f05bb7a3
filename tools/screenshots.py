#!/usr/bin/env python3
"""Screenshots of the Apps page (static/description/), taken from a running demo
database with headless Chromium; nothing is mocked up.

Usage (a server started by `make run` or `odoo -d DB --http-port PORT`):
  tools/screenshots.py --url http://localhost:8069 --db crm_suite [--login admin]
                       [--password admin] [--only NAME]

Each shot opens one client URL as the given user, waits until the page has loaded
(no request in flight, then a short pause for the charts), and stores a PNG
scaled down to WIDTH pixels and reduced to a palette, so that each stays small
(under ~150 KB) in the module's folder.
"""

import argparse
import base64
import io
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

WIDTH = 1000
VIEWPORT = (1440, 900)
OUT = Path(__file__).resolve().parent.parent / "static" / "description"
# name: (client URL, notebook tab to open or None, what it shows); the URLs use XML
# ids of the demo data
SHOTS = {
    "customer_360": (
        "/odoo/action-base.action_partner_form/{base.res_partner_12}",
        None,
        "a customer's form with its Customer 360 panel",
    ),
    "deal_money": (
        "/odoo/crm/{crm_suite.crm_lead_demo_ready_mat_won}",
        "Invoicing",
        "a won deal with what it invoiced, what was paid and when",
    ),
    "campaign": (
        "/odoo/action-crm_suite.utm_campaign_action_marketing/"
        "{crm_suite.utm_campaign_demo_seminar}",
        "Effectiveness",
        "a seminar's answers, deals, revenue and cost",
    ),
    "win_loss": (
        "/odoo/action-crm_suite.crm_lead_competitor_action",
        None,
        "the win/loss analysis by competitor",
    ),
    "helpdesk": (
        "/odoo/action-crm_suite.crm_ticket_team_action_overview",
        None,
        "the helpdesk dashboard of the support teams",
    ),
}
# shown over any page a few seconds after loading (the bus notices the server that
# took the shots restarted); not part of the screens
HIDE_JS = (
    "document.querySelectorAll('.o_notification_manager').forEach(e => e.remove())"
)
TAB_JS = (
    "[...document.querySelectorAll('.o_notebook .nav-link')]"
    ".find(e => e.textContent.trim() === %s)?.click()"
)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    raise SystemExit("Chromium is not installed")


class Browser:
    """Just enough of the DevTools protocol: navigate, wait, capture."""

    def __init__(self, port=9333):
        self.profile = tempfile.mkdtemp(prefix="crm_suite_shots_")
        self.proc = subprocess.Popen(
            [
                chromium(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.inflight = set()
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=VIEWPORT[0],
            height=VIEWPORT[1],
            deviceScaleFactor=1,
            mobile=False,
        )

    def _track(self, message):
        method = message.get("method", "")
        params = message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.inflight.add(params["requestId"])
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            self.inflight.discard(params["requestId"])

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._track(message)

    def wait_idle(self, quiet=1.5, timeout=60):
        """Until no request has been in flight for ``quiet`` seconds."""
        deadline = time.time() + timeout
        idle_since = None
        self.ws.settimeout(0.2)
        try:
            while time.time() < deadline:
                try:
                    self._track(json.loads(self.ws.recv()))
                except websocket.WebSocketTimeoutException:
                    pass
                if self.inflight:
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.time()
                elif time.time() - idle_since >= quiet:
                    return
        finally:
            self.ws.settimeout(60)

    def shot(self, url, tab=None):
        self.inflight.clear()
        self.call("Page.navigate", url=url)
        self.wait_idle()
        if tab:
            self.call("Runtime.evaluate", expression=TAB_JS % json.dumps(tab))
            self.wait_idle(quiet=0.5)
        time.sleep(1.0)  # animations, charts
        self.call("Runtime.evaluate", expression=HIDE_JS)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        return base64.b64decode(data)

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def session_cookie(url, db, login, password):
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"params": {"db": db, "login": login, "password": password}},
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(f"login failed: {response.json()['error']['message']}")
    return response.cookies["session_id"]


def record_id(url, session, xmlid):
    response = requests.post(
        f"{url}/web/dataset/call_kw",
        cookies={"session_id": session},
        json={
            "params": {
                "model": "ir.model.data",
                "method": "check_object_reference",
                "args": xmlid.split("."),
                "kwargs": {},
            }
        },
        timeout=60,
    )
    return response.json()["result"][1]


def small_png(raw):
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    height = round(image.height * WIDTH / image.width)
    image = image.resize((WIDTH, height), Image.LANCZOS)
    image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--only", action="append", choices=sorted(SHOTS))
    args = parser.parse_args()
    session = session_cookie(args.url, args.db, args.login, args.password)
    browser = Browser()
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=session,
            url=args.url,
            path="/",
        )
        for name in args.only or SHOTS:
            path, tab, what = SHOTS[name]
            path = re.sub(
                r"\{([\w.]+)\}",
                lambda match: str(record_id(args.url, session, match[1])),
                path,
            )
            png = small_png(browser.shot(args.url + path, tab))
            target = OUT / f"screenshot_{name}.png"
            target.write_bytes(png)
            print(f"{target.name}: {len(png) // 1024} KB, {what}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the two spreadsheet dashboards of crm_suite as o-spreadsheet JSON.

Usage: build_dashboards.py [REPO_ROOT]   (default: the parent of this tools/ folder)

Writes data/analysis/files/sales_management_dashboard.json and
data/analysis/files/helpdesk_dashboard.json. The files are data loaded by
data/analysis/spreadsheet_dashboard_data.xml; this script is their source: edit the
sections below and run it again rather than editing the JSON by hand.

Every figure is a formula over an Odoo data source (a pivot, a list or a chart read
from the database when the dashboard opens), never a typed number. Each data source
says which field each global filter (period, team, salesperson) applies to, in its
``fieldMatching``; a source that a filter does not concern has no entry for it.
tests/analysis/test_dashboards.py checks every model and field named here against the
registry.
"""

import json
import sys
import uuid
from pathlib import Path

ODOO_VERSION = 12  # the o-spreadsheet data version of Odoo 18.0 dashboards
SPREADSHEET_VERSION = 21
ROWS_PER_TABLE = 8
NAMESPACE = uuid.UUID("5b0c7c52-8f8e-4a55-9a4e-2b0f4c1d6e90")

# cell styles, shared by both files
STYLES = {
    "1": {"bold": True, "fontSize": 16, "textColor": "#01666b"},
    "2": {"bold": True, "textColor": "#434343", "fillColor": "#f2f2f2"},
    "3": {"textColor": "#434343"},
    "4": {"bold": True, "fontSize": 11, "textColor": "#434343"},
    "5": {"textColor": "#6c757d", "italic": True},
}
TITLE, HEADER, TEXT, KPI, NOTE = 1, 2, 3, 4, 5
FORMATS = {"1": "#,##0", "2": "#,##0.0", "3": "#,##0.00"}
INTEGER, DECIMAL_1, DECIMAL_2 = 1, 2, 3
COL_WIDTHS = (200, 115, 115, 115, 115, 30, 200, 115, 115, 115, 115, 30)
ROW_HEIGHT = 23  # o-spreadsheet's default row height, in pixels
BORDERS = {"1": {"bottom": {"style": "thin", "color": "#CCCCCC"}}}


def filter_id(name):
    return str(uuid.uuid5(NAMESPACE, name))


def col_name(index):
    return chr(ord("A") + index)


def quoted(value):
    return json.dumps(value)


class Dashboard:
    """One spreadsheet: global filters, data sources and a Dashboard sheet laid out in
    two panels side by side (columns A-E and G-K)."""

    PANELS = (0, 6)  # first column of each panel: a label and four figures

    def __init__(self, filters):
        self.filters = filters  # [(key, definition)]
        self.filter_ids = {key: definition["id"] for key, definition in filters}
        self.pivots = {}
        self.lists = {}
        self.figures = []
        self.cells = {}
        self.styles = {}
        self.formats = {}
        self.borders = {}
        self.next_row = 1

    # --------------------------------------------------------------- data sources
    def _matching(self, matching):
        """fieldMatching from {filter key: chain}; a date chain is (chain, type)."""
        result = {}
        for key, chain in matching.items():
            if isinstance(chain, tuple):
                result[self.filter_ids[key]] = {
                    "chain": chain[0],
                    "type": chain[1],
                    "offset": 0,
                }
            else:
                result[self.filter_ids[key]] = {"chain": chain, "type": "many2one"}
        return result

    def pivot(self, name, model, domain, measures, rows, matching, columns=()):
        """A pivot data source; measures are (field, aggregator) pairs, or "__count".
        Returns its id."""
        pivot_id = str(len(self.pivots) + 1)
        self.pivots[pivot_id] = {
            "type": "ODOO",
            "id": pivot_id,
            "formulaId": pivot_id,
            "name": name,
            "model": model,
            "domain": domain,
            "context": {},
            "measures": [
                {"id": "__count", "fieldName": "__count"}
                if measure == "__count"
                else {
                    "id": f"{measure[0]}:{measure[1]}",
                    "fieldName": measure[0],
                    "aggregator": measure[1],
                }
                for measure in measures
            ],
            "rows": [self._dimension(row) for row in rows],
            "columns": [self._dimension(column) for column in columns],
            "sortedColumn": None,
            "fieldMatching": self._matching(matching),
        }
        return pivot_id

    @staticmethod
    def _dimension(spec):
        field, _sep, granularity = spec.partition(":")
        dimension = {"fieldName": field}
        if granularity:
            dimension.update(granularity=granularity, order="asc")
        return dimension

    def odoo_list(self, name, model, domain, columns, order, matching):
        list_id = str(len(self.lists) + 1)
        self.lists[list_id] = {
            "id": list_id,
            "name": name,
            "model": model,
            "domain": domain,
            "context": {},
            "columns": columns,
            "orderBy": [{"name": field, "asc": asc} for field, asc in order],
            "fieldMatching": self._matching(matching),
        }
        return list_id

    def chart(self, panel, height_rows, title, chart_type, model, spec):
        """An Odoo chart (graph view data) placed in a panel, below the last row;
        spec is (group by, measure, domain, filter matching)."""
        group_by, measure, domain, matching = spec
        row = self.next_row
        self.next_row += height_rows + 1
        self.figures.append(
            {
                "id": str(uuid.uuid5(NAMESPACE, f"chart {title}")),
                "x": sum(COL_WIDTHS[: self.PANELS[panel]]),
                "y": (row - 1) * ROW_HEIGHT,
                "width": sum(COL_WIDTHS[self.PANELS[panel] : self.PANELS[panel] + 5]),
                "height": height_rows * ROW_HEIGHT,
                "tag": "chart",
                "data": {
                    "type": chart_type,
                    "title": {"text": title, "bold": True, "color": "#434343"},
                    "background": "#FFFFFF",
                    "legendPosition": "none",
                    "verticalAxisPosition": "left",
                    "stacked": False,
                    "metaData": {
                        "groupBy": [group_by],
                        "measure": measure,
                        "order": None,
                        "resModel": model,
                        "mode": chart_type.removeprefix("odoo_"),
                    },
                    "searchParams": {
                        "comparison": None,
                        "context": {},
                        "domain": domain,
                        "groupBy": [group_by],
                        "orderBy": [],
                    },
                    "fieldMatching": self._matching(matching),
                },
            }
        )

    # --------------------------------------------------------------------- cells
    def cell(self, col, row, content, style=None, fmt=None):
        ref = f"{col_name(col)}{row}"
        self.cells[ref] = {"content": content}
        if style:
            self.styles[ref] = style
        if fmt:
            self.formats[ref] = fmt

    def title(self, text, note=None):
        row = self.next_row
        self.cell(0, row, f"=_t({quoted(text)})", TITLE)
        self.borders[f"A{row}:K{row}"] = 1
        if note:
            self.cell(0, row + 1, f"=_t({quoted(note)})", NOTE)
            self.next_row += 1
        self.next_row += 2

    def kpis(self, figures):
        """A band of key figures: label above, value below, four per row."""
        for start in range(0, len(figures), 4):
            row = self.next_row
            for index, (label, formula, fmt) in enumerate(figures[start : start + 4]):
                col = self.PANELS[index // 2] + (index % 2) * 2
                self.cell(col, row, f"=_t({quoted(label)})", HEADER)
                self.cell(col, row + 1, formula, KPI, fmt)
            self.next_row += 3

    def tables(self, left, right=None):
        """Two tables side by side; each is a callable(first column, first row)
        returning the number of rows it used."""
        row = self.next_row
        used = [
            table(col, row)
            for table, col in zip((left, right), self.PANELS, strict=True)
            if table
        ]
        self.next_row = row + max(used) + 1

    def pivot_table(self, title, pivot_id, row_field, headers, values, fmts=None):
        """A table of the first rows of a pivot: one line per group of row_field,
        one column per entry of values (a measure, or (measure, column arg, value))."""
        fmts = fmts or [INTEGER] * len(values)

        def draw(col, row):
            self.cell(col, row, f"=_t({quoted(title)})", KPI)
            for index, header in enumerate(headers):
                self.cell(col + index, row + 1, f"=_t({quoted(header)})", HEADER)
            position = quoted(f"#{row_field}")
            for line in range(1, ROWS_PER_TABLE + 1):
                current = row + 1 + line
                self.cell(
                    col,
                    current,
                    f'=IFERROR(PIVOT.HEADER({pivot_id},{position},{line}),"")',
                    TEXT,
                )
                for index, value in enumerate(values):
                    if isinstance(value, tuple):
                        measure, column, column_value = value
                        extra = f",{quoted(column)},{quoted(column_value)}"
                    else:
                        measure, extra = value, ""
                    formula = (
                        f"=PIVOT.VALUE({pivot_id},{quoted(measure)},"
                        f"{position},{line}{extra})"
                    )
                    self.cell(col + 1 + index, current, formula, TEXT, fmts[index])
            return ROWS_PER_TABLE + 2

        return draw

    def list_table(self, title, list_id, columns, headers, fmts):
        def draw(col, row):
            self.cell(col, row, f"=_t({quoted(title)})", KPI)
            for index, header in enumerate(headers):
                self.cell(col + index, row + 1, f"=_t({quoted(header)})", HEADER)
            for line in range(1, ROWS_PER_TABLE + 1):
                for index, field in enumerate(columns):
                    self.cell(
                        col + index,
                        row + 1 + line,
                        f"=ODOO.LIST({list_id},{line},{quoted(field)})",
                        TEXT,
                        fmts[index],
                    )
            return ROWS_PER_TABLE + 2

        return draw

    def note(self, text):
        self.cell(0, self.next_row, f"=_t({quoted(text)})", NOTE)
        self.next_row += 2

    # -------------------------------------------------------------------- output
    def data(self):
        sheet = {
            "id": "dashboard",
            "name": "Dashboard",
            "colNumber": len(COL_WIDTHS),
            "rowNumber": max(self.next_row + 5, 100),
            "rows": {},
            "cols": {str(i): {"size": size} for i, size in enumerate(COL_WIDTHS)},
            "merges": [],
            "cells": self.cells,
            "styles": self.styles,
            "formats": self.formats,
            "borders": self.borders,
            "conditionalFormats": [],
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "dataValidationRules": [],
            "comments": {},
        }
        return {
            "version": SPREADSHEET_VERSION,
            "odooVersion": ODOO_VERSION,
            "sheets": [sheet],
            "styles": STYLES,
            "formats": FORMATS,
            "borders": BORDERS,
            "revisionId": "START_REVISION",
            "uniqueFigureIds": True,
            "settings": {},
            "pivots": self.pivots,
            "pivotNextId": len(self.pivots) + 1,
            "customTableStyles": {},
            "globalFilters": [definition for _key, definition in self.filters],
            "lists": self.lists,
            "listNextId": len(self.lists) + 1,
            "chartOdooMenusReferences": {},
        }


def date_filter(name):
    return {
        "id": filter_id(name),
        "type": "date",
        "label": "Period",
        "rangeType": "fixedPeriod",
        "defaultValue": "this_year",
    }


def relation_filter(name, label, model):
    return {
        "id": filter_id(name),
        "type": "relation",
        "label": label,
        "modelName": model,
        "defaultValue": [],
        "defaultValueDisplayNames": [],
    }


def sales_management():
    board = Dashboard(
        [
            ("period", date_filter("sales period")),
            ("team", relation_filter("sales team", "Sales Team", "crm.team")),
            ("user", relation_filter("sales user", "Salesperson", "res.users")),
        ]
    )
    deal_matching = {"team": "team_id", "user": "user_id"}
    opportunity = [["type", "=", "opportunity"]]
    # open deals: active and not in a won stage; the period is their creation date
    pipeline = board.pivot(
        "Open pipeline by stage",
        "crm.lead",
        [*opportunity, ["stage_id.is_won", "=", False]],
        [("expected_revenue", "sum"), ("prorated_revenue", "sum"), "__count"],
        ["stage_id"],
        {**deal_matching, "period": ("create_date", "datetime")},
    )
    # closed deals: won (probability 100) or lost (archived, probability 0); the
    # average probability of closed deals is the share of them won, in percent
    closed_domain = [
        *opportunity,
        ["active", "in", [True, False]],
        "|",
        "&",
        ["stage_id.is_won", "=", True],
        ["probability", "=", 100],
        "&",
        ["active", "=", False],
        ["probability", "=", 0],
    ]
    closed = board.pivot(
        "Win rate by salesperson",
        "crm.lead",
        closed_domain,
        [("probability", "avg"), "__count"],
        ["user_id"],
        {**deal_matching, "period": ("date_closed", "datetime")},
    )
    won = board.pivot(
        "Time to contract by salesperson",
        "crm.lead",
        [*opportunity, ["stage_id.is_won", "=", True]],
        [("days_to_contract", "avg"), ("expected_revenue", "sum"), "__count"],
        ["user_id"],
        {**deal_matching, "period": ("date_contract", "datetime")},
    )
    lost = board.pivot(
        "Refusal reasons",
        "crm.lead",
        [*opportunity, ["active", "=", False], ["probability", "=", 0]],
        ["__count", ("expected_revenue", "sum")],
        ["lost_reason_id"],
        {**deal_matching, "period": ("date_closed", "datetime")},
    )
    forgotten = board.pivot(
        "Forgotten customers by salesperson",
        "res.partner",
        [["is_forgotten", "=", True]],
        ["__count"],
        ["user_id"],
        # a customer's team is its salesperson's main team
        {"team": "user_id.sale_team_id", "user": "user_id"},
    )
    campaigns = board.odoo_list(
        "Campaign effectiveness",
        "utm.campaign",
        [],
        ["title", "actual_cost", "won_revenue", "amount_invoiced", "roi"],
        [("actual_cost", False)],
        {"team": "user_id.sale_team_id", "user": "user_id"},
    )
    campaign_deals = board.pivot(
        "Won deals by campaign",
        "crm.lead",
        [*opportunity, ["stage_id.is_won", "=", True], ["campaign_id", "!=", False]],
        [("expected_revenue", "sum"), "__count"],
        ["campaign_id"],
        {**deal_matching, "period": ("date_contract", "datetime")},
    )

    # the managers' analyses (report/analysis; definitions in readme/USAGE.md)
    workload = board.pivot(
        "Workload planned and done",
        "crm.workload.report",
        [],
        [("count", "sum")],
        ["user_id"],
        {**deal_matching, "period": ("date", "date")},
        columns=["kind"],
    )
    success = board.pivot(
        "Contact success by salesperson",
        "crm.contact.success.report",
        [],
        [("count", "sum"), ("positive_count", "sum"), ("positive_rate", "avg")],
        ["user_id"],
        {**deal_matching, "period": ("date", "datetime")},
    )
    # a customer counts once however many months it was active in the period
    active = board.pivot(
        "Active customers by salesperson",
        "crm.active.customer.report",
        [["is_active", "=", True]],
        [("partner_id", "count_distinct"), ("new_count", "sum")],
        ["user_id"],
        {**deal_matching, "period": ("date", "date")},
    )
    active_months = board.pivot(
        "Active customers by month",
        "crm.active.customer.report",
        [],
        [("active_count", "sum"), ("new_count", "sum"), ("lost_count", "sum")],
        ["date:month"],
        {**deal_matching, "period": ("date", "date")},
    )
    funnel = board.pivot(
        "Deal funnel",
        "crm.deal.funnel.report",
        [],
        [
            ("count", "sum"),
            ("lost_count", "sum"),
            ("won_count", "sum"),
            ("days_in_stage", "avg"),
        ],
        ["stage_id"],
        {**deal_matching, "period": ("date_entered", "datetime")},
    )

    board.title(
        "Sales management",
        "Figures read live from the deals, analyses and campaigns; the filters "
        "above apply to each table as written in readme/USAGE.md.",
    )
    board.kpis(
        [
            (
                "Open pipeline",
                f'=PIVOT.VALUE({pipeline},"expected_revenue:sum")',
                INTEGER,
            ),
            ("Open deals", f'=PIVOT.VALUE({pipeline},"__count")', INTEGER),
            ("Win rate (%)", f'=PIVOT.VALUE({closed},"probability:avg")', DECIMAL_1),
            (
                "Days to contract",
                f'=PIVOT.VALUE({won},"days_to_contract:avg")',
                DECIMAL_1,
            ),
            ("Deals won", f'=PIVOT.VALUE({won},"__count")', INTEGER),
            ("Deals lost", f'=PIVOT.VALUE({lost},"__count")', INTEGER),
            ("Forgotten customers", f'=PIVOT.VALUE({forgotten},"__count")', INTEGER),
            ("Won revenue", f'=PIVOT.VALUE({won},"expected_revenue:sum")', INTEGER),
            (
                "Active customers",
                f'=PIVOT.VALUE({active},"partner_id:count_distinct")',
                INTEGER,
            ),
            (
                "Positive contacts (%)",
                f'=PIVOT.VALUE({success},"positive_rate:avg")',
                DECIMAL_1,
            ),
            ("Contacts done", f'=PIVOT.VALUE({success},"count:sum")', INTEGER),
            (
                "Overdue activities",
                f'=PIVOT.VALUE({workload},"count:sum","kind","activity_overdue")',
                INTEGER,
            ),
        ]
    )
    board.tables(
        board.pivot_table(
            "Pipeline by stage (open deals)",
            pipeline,
            "stage_id",
            ["Stage", "Expected rev.", "Prorated rev.", "Deals"],
            ["expected_revenue:sum", "prorated_revenue:sum", "__count"],
        ),
        board.pivot_table(
            "Win rate (closed deals)",
            closed,
            "user_id",
            ["Salesperson", "Win rate (%)", "Closed deals"],
            ["probability:avg", "__count"],
            [DECIMAL_1, INTEGER],
        ),
    )
    board.tables(
        board.pivot_table(
            "Days to contract (won deals)",
            won,
            "user_id",
            ["Salesperson", "Avg. days", "Won revenue", "Won"],
            ["days_to_contract:avg", "expected_revenue:sum", "__count"],
            [DECIMAL_1, INTEGER, INTEGER],
        ),
        board.pivot_table(
            "Refusal reasons (lost deals)",
            lost,
            "lost_reason_id",
            ["Reason", "Lost", "Expected rev."],
            ["__count", "expected_revenue:sum"],
        ),
    )
    board.tables(
        board.pivot_table(
            "Workload: planned and done",
            workload,
            "user_id",
            [
                "Salesperson",
                "Activities",
                "Meetings planned",
                "Meetings held",
                "Contacts",
                "Overdue",
            ],
            [
                ("count:sum", "kind", "activity_planned"),
                ("count:sum", "kind", "meeting_planned"),
                ("count:sum", "kind", "meeting_held"),
                ("count:sum", "kind", "contact_done"),
                ("count:sum", "kind", "activity_overdue"),
            ],
        ),
        board.pivot_table(
            "Contact success",
            success,
            "user_id",
            ["Salesperson", "Contacts", "Positive", "Positive (%)"],
            ["count:sum", "positive_count:sum", "positive_rate:avg"],
            [INTEGER, INTEGER, DECIMAL_1],
        ),
    )
    board.tables(
        board.pivot_table(
            "Active customers by salesperson",
            active,
            "user_id",
            ["Salesperson", "Active", "New"],
            ["partner_id:count_distinct", "new_count:sum"],
        ),
        board.pivot_table(
            "Active customers by month",
            active_months,
            "date:month",
            ["Month", "Active", "New", "Lost"],
            ["active_count:sum", "new_count:sum", "lost_count:sum"],
        ),
    )
    board.tables(
        board.pivot_table(
            "Deal funnel",
            funnel,
            "stage_id",
            ["Stage", "Reached", "Lost here", "Won", "Days"],
            ["count:sum", "lost_count:sum", "won_count:sum", "days_in_stage:avg"],
            [INTEGER, INTEGER, INTEGER, DECIMAL_1],
        ),
        board.pivot_table(
            "Forgotten customers (today)",
            forgotten,
            "user_id",
            ["Salesperson", "Customers"],
            ["__count"],
        ),
    )
    board.tables(
        board.pivot_table(
            "Won deals by campaign",
            campaign_deals,
            "campaign_id",
            ["Campaign", "Won revenue", "Deals won"],
            ["expected_revenue:sum", "__count"],
        ),
        board.list_table(
            "Campaign effectiveness (all time, by cost)",
            campaigns,
            ["title", "actual_cost", "won_revenue", "amount_invoiced", "roi"],
            ["Campaign", "Cost", "Won revenue", "Invoiced", "ROI (%)"],
            [None, INTEGER, INTEGER, INTEGER, DECIMAL_1],
        ),
    )
    board.chart(
        0,
        12,
        "Open pipeline by stage",
        "odoo_bar",
        "crm.lead",
        (
            "stage_id",
            "expected_revenue",
            [*opportunity, ["stage_id.is_won", "=", False]],
            {**deal_matching, "period": ("create_date", "datetime")},
        ),
    )
    return board


def helpdesk():
    board = Dashboard(
        [
            ("period", date_filter("helpdesk period")),
            (
                "team",
                relation_filter("helpdesk team", "Helpdesk Team", "crm.ticket.team"),
            ),
            ("user", relation_filter("helpdesk agent", "Agent", "res.users")),
        ]
    )
    ticket_matching = {"team": "team_id", "user": "user_id"}
    opened = board.pivot(
        "Tickets opened by month",
        "crm.ticket",
        [],
        ["__count"],
        ["date_open:month"],
        {**ticket_matching, "period": ("date_open", "datetime")},
    )
    closed = board.pivot(
        "Tickets closed by month",
        "crm.ticket",
        [["is_closed", "=", True]],
        ["__count", ("sla_hours_resolution", "avg")],
        ["date_closed:month"],
        {**ticket_matching, "period": ("date_closed", "datetime")},
    )
    sla = board.pivot(
        "SLA compliance by team",
        "crm.ticket.sla.report",
        [["sla_compliance", "!=", False]],
        [
            ("sla_compliance", "avg"),
            ("sla_reached_count", "sum"),
            ("sla_failed_count", "sum"),
        ],
        ["team_id"],
        {**ticket_matching, "period": ("date_open", "datetime")},
    )
    hours = board.pivot(
        "Hours logged on contracts",
        "crm.ticket.time.log",
        [["contract_id", "!=", False]],
        [("hours", "sum"), ("hours_credit", "sum")],
        ["contract_id"],
        {
            "team": "ticket_id.team_id",
            "user": "user_id",
            "period": ("date", "date"),
        },
    )
    contracts = board.odoo_list(
        "Running support contracts",
        "crm.support.contract",
        [["state", "=", "running"]],
        ["name", "partner_id", "hours_included", "hours_used", "hours_balance"],
        [("date_end", True)],
        {},
    )
    backlog = board.pivot(
        "Backlog by team",
        "crm.ticket",
        [["is_closed", "=", False]],
        ["__count"],
        ["team_id"],
        ticket_matching,
        columns=["priority"],
    )

    board.title(
        "Helpdesk",
        "Figures read live from the tickets, the SLA analysis and the time logs; "
        "the filters above apply to each table as written in readme/USAGE.md.",
    )
    board.kpis(
        [
            ("Tickets opened", f'=PIVOT.VALUE({opened},"__count")', INTEGER),
            ("Tickets closed", f'=PIVOT.VALUE({closed},"__count")', INTEGER),
            (
                "SLA compliance (%)",
                f'=PIVOT.VALUE({sla},"sla_compliance:avg")',
                DECIMAL_1,
            ),
            ("Open tickets", f'=PIVOT.VALUE({backlog},"__count")', INTEGER),
            ("Hours on contracts", f'=PIVOT.VALUE({hours},"hours:sum")', DECIMAL_2),
            ("Hours on credit", f'=PIVOT.VALUE({hours},"hours_credit:sum")', DECIMAL_2),
            (
                "Hours to resolution",
                f'=PIVOT.VALUE({closed},"sla_hours_resolution:avg")',
                DECIMAL_1,
            ),
        ]
    )
    board.tables(
        board.pivot_table(
            "Tickets opened",
            opened,
            "date_open:month",
            ["Month", "Opened"],
            ["__count"],
        ),
        board.pivot_table(
            "Tickets closed",
            closed,
            "date_closed:month",
            ["Month", "Closed", "Hours to close"],
            ["__count", "sla_hours_resolution:avg"],
            [INTEGER, DECIMAL_1],
        ),
    )
    board.tables(
        board.pivot_table(
            "SLA compliance by team",
            sla,
            "team_id",
            ["Team", "Compliance %", "Reached", "Failed"],
            ["sla_compliance:avg", "sla_reached_count:sum", "sla_failed_count:sum"],
            [DECIMAL_1, INTEGER, INTEGER],
        ),
        board.pivot_table(
            "Backlog by team (open tickets)",
            backlog,
            "team_id",
            ["Team", "Open", "Urgent"],
            ["__count", ("__count", "priority", "3")],
        ),
    )
    board.tables(
        board.pivot_table(
            "Hours logged on contracts",
            hours,
            "contract_id",
            ["Contract", "Hours", "On credit"],
            ["hours:sum", "hours_credit:sum"],
            [DECIMAL_2, DECIMAL_2],
        ),
        board.list_table(
            "Running contracts: hours this period",
            contracts,
            ["name", "hours_included", "hours_used", "hours_balance"],
            ["Contract", "Included", "Used", "Balance"],
            [None, DECIMAL_2, DECIMAL_2, DECIMAL_2],
        ),
    )
    board.chart(
        0,
        12,
        "Tickets opened by month",
        "odoo_line",
        "crm.ticket",
        (
            "date_open:month",
            "__count",
            [],
            {**ticket_matching, "period": ("date_open", "datetime")},
        ),
    )
    return board


def main(root):
    folder = Path(root, "data", "analysis", "files")
    folder.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("sales_management", sales_management),
        ("helpdesk", helpdesk),
    ):
        path = folder / f"{name}_dashboard.json"
        path.write_text(json.dumps(build().data(), indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)

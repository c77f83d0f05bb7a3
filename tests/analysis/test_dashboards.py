import json
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import file_open

from ..common import CrmTicketCommon

DASHBOARDS = {
    "crm_suite.spreadsheet_dashboard_sales_management": (
        "crm_suite/data/analysis/files/sales_management_dashboard.json"
    ),
    "crm_suite.spreadsheet_dashboard_helpdesk": (
        "crm_suite/data/analysis/files/helpdesk_dashboard.json"
    ),
}
NUMERIC = ("integer", "float", "monetary")
AGGREGATORS = {
    "sum": NUMERIC,
    "avg": NUMERIC,
    "min": (*NUMERIC, "date", "datetime"),
    "max": (*NUMERIC, "date", "datetime"),
    "count": None,
    "count_distinct": None,
    "bool_and": ("boolean",),
    "bool_or": ("boolean",),
}
PIVOT_VALUE = re.compile(
    r'PIVOT\.VALUE\(("?)([\w-]+)\1,"([^"]+)"((?:,"[^"]*",[^,)]+)*)\)'
)
PIVOT_HEADER = re.compile(r'PIVOT\.HEADER\(("?)([\w-]+)\1((?:,"[^"]*",[^,)]+)*)\)')
PIVOT_ARG = re.compile(r',"#?([^"]*)",')
ODOO_LIST = re.compile(r'ODOO\.LIST\(("?)([\w-]+)\1,\d+,"([^"]+)"\)')


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestDashboardData(CrmTicketCommon):
    """Every model and field the two dashboards read exists and can be used the way
    the spreadsheet uses it: a renamed or unstored field fails here rather than as
    a broken figure in front of a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.snapshots = {}
        for xmlid, path in DASHBOARDS.items():
            with file_open(path) as handle:
                shipped = json.load(handle)
            cls.snapshots[xmlid] = shipped

    def _field(self, model, name, what):
        field = model._fields.get(name)
        self.assertTrue(field, f"{what}: {model._name} has no field {name}")
        return field

    def _chain(self, model, chain, what):
        """The last field of a dotted chain, walking through relational fields."""
        names = chain.split(".")
        for name in names[:-1]:
            field = self._field(model, name, what)
            self.assertTrue(field.relational, f"{what}: {chain} crosses {name}")
            model = self.env[field.comodel_name]
        return self._field(model, names[-1], what)

    def _groupby(self, model, spec, what):
        name, _sep, granularity = spec.partition(":")
        field = self._field(model, name, what)
        description = model.fields_get([name], ["groupable"])[name]
        self.assertTrue(description.get("groupable"), f"{what}: {name} not groupable")
        if granularity:
            self.assertIn(field.type, ("date", "datetime"), f"{what}: {spec}")
        return spec

    def _aggregate(self, model, field_name, aggregator, what):
        if field_name == "__count":
            return "__count"
        field = self._field(model, field_name, what)
        self.assertTrue(field.store, f"{what}: measure {field_name} is not stored")
        self.assertIn(aggregator, AGGREGATORS, what)
        if AGGREGATORS[aggregator]:
            self.assertIn(field.type, AGGREGATORS[aggregator], f"{what}: {field_name}")
        return f"{field_name}:{aggregator}"

    def _check_matching(self, data, model, matching, what):
        filters = {f["id"]: f for f in data["globalFilters"]}
        for filter_id, match in matching.items():
            self.assertIn(filter_id, filters, f"{what}: unknown filter {filter_id}")
            if not match.get("chain"):
                continue
            global_filter = filters[filter_id]
            field = self._chain(model, match["chain"], what)
            self.assertTrue(field.store, f"{what}: {match['chain']} is not stored")
            if global_filter["type"] == "date":
                self.assertIn(field.type, ("date", "datetime"), what)
                self.assertEqual(match["type"], field.type, what)
            else:
                self.assertEqual(
                    field.comodel_name, global_filter["modelName"], f"{what}: {match}"
                )
        # the period, team and salesperson (or agent) filters apply somewhere
        return set(matching)

    def _check_pivots(self, data, env):
        for pivot_id, pivot in data["pivots"].items():
            what = f"pivot {pivot_id} {pivot['name']}"
            self.assertIn(pivot["model"], env, what)
            model = env[pivot["model"]]
            groupby = [
                self._groupby(
                    model,
                    ":".join(filter(None, (dim["fieldName"], dim.get("granularity")))),
                    what,
                )
                for dim in pivot["rows"] + pivot["columns"]
            ]
            aggregates = [
                self._aggregate(
                    model, measure["fieldName"], measure.get("aggregator"), what
                )
                for measure in pivot["measures"]
            ]
            self._check_matching(data, model, pivot["fieldMatching"], what)
            # the grouped read the spreadsheet makes, with the reader's rights
            model._read_group(pivot["domain"], groupby, aggregates)

    def _check_lists(self, data, env):
        for list_id, odoo_list in data["lists"].items():
            what = f"list {list_id} {odoo_list['name']}"
            model = env[odoo_list["model"]]
            for name in odoo_list["columns"]:
                self._field(model, name, what)
            for order in odoo_list["orderBy"]:
                self.assertTrue(self._field(model, order["name"], what).store, what)
            self._check_matching(data, model, odoo_list["fieldMatching"], what)
            model.search_read(
                odoo_list["domain"],
                odoo_list["columns"],
                limit=10,
                order=", ".join(
                    f"{order['name']} {'asc' if order['asc'] else 'desc'}"
                    for order in odoo_list["orderBy"]
                ),
            )

    def _check_charts(self, data, env):
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if not chart["type"].startswith("odoo_"):
                    continue
                meta = chart["metaData"]
                what = f"chart {chart['title']['text']}"
                model = env[meta["resModel"]]
                groupby = [self._groupby(model, spec, what) for spec in meta["groupBy"]]
                measure = meta["measure"]
                if measure != "__count":
                    field = self._field(model, measure, what)
                    self.assertTrue(field.store and field.aggregator, what)
                    measure = f"{measure}:{field.aggregator}"
                self._check_matching(data, model, chart["fieldMatching"], what)
                model._read_group(chart["searchParams"]["domain"], groupby, [measure])

    def _check_formulas(self, data):
        """Each formula names a data source, measure and dimension that exist."""
        pivots, lists = data["pivots"], data["lists"]
        count = 0
        for sheet in data["sheets"]:
            for ref, cell in sheet["cells"].items():
                content = cell.get("content", "")
                for _q, pivot_id, measure, args in PIVOT_VALUE.findall(content):
                    self.assertIn(pivot_id, pivots, ref)
                    pivot = pivots[pivot_id]
                    self.assertIn(measure, [m["id"] for m in pivot["measures"]], ref)
                    self._check_pivot_args(pivot, args, ref)
                    count += 1
                for _q, pivot_id, args in PIVOT_HEADER.findall(content):
                    self.assertIn(pivot_id, pivots, ref)
                    self._check_pivot_args(pivots[pivot_id], args, ref)
                for _q, list_id, field in ODOO_LIST.findall(content):
                    self.assertIn(list_id, lists, ref)
                    self.assertIn(field, lists[list_id]["columns"], ref)
                    count += 1
        return count

    def _check_pivot_args(self, pivot, args, ref):
        dimensions = {
            ":".join(filter(None, (dim["fieldName"], dim.get("granularity"))))
            for dim in pivot["rows"] + pivot["columns"]
        }
        for dimension in PIVOT_ARG.findall(args + ","):
            self.assertIn(dimension, dimensions, f"{ref}: {args}")

    def test_shipped_json_is_loaded(self):
        """The records hold the files' JSON, the files hold the data sources."""
        for xmlid, shipped in self.snapshots.items():
            dashboard = self.env.ref(xmlid)
            self.assertEqual(json.loads(dashboard.spreadsheet_data), shipped, xmlid)
            self.assertTrue(shipped["pivots"], xmlid)
            self.assertEqual(
                {f["type"] for f in shipped["globalFilters"]}, {"date", "relation"}
            )

    def test_sales_management_sources(self):
        data = self.snapshots["crm_suite.spreadsheet_dashboard_sales_management"]
        # checked with a salesperson's rights: the dashboard is theirs
        env = self.env(user=self.sales_own)
        self._check_pivots(data, env)
        self._check_lists(data, env)
        self._check_charts(data, env)
        self.assertGreater(self._check_formulas(data), 40)
        labels = {f["label"]: f for f in data["globalFilters"]}
        self.assertEqual(labels["Sales Team"]["modelName"], "crm.team")
        self.assertEqual(labels["Salesperson"]["modelName"], "res.users")
        models = {p["model"] for p in data["pivots"].values()}
        analyses = {
            "crm.workload.report",
            "crm.contact.success.report",
            "crm.active.customer.report",
            "crm.deal.funnel.report",
        }
        self.assertTrue({"crm.lead", "res.partner", *analyses} <= models, models)

    def test_helpdesk_sources(self):
        data = self.snapshots["crm_suite.spreadsheet_dashboard_helpdesk"]
        # checked with an agent's rights: agents open this dashboard
        env = self.env(user=self.helpdesk_agent)
        self._check_pivots(data, env)
        self._check_lists(data, env)
        self._check_charts(data, env)
        self.assertGreater(self._check_formulas(data), 40)
        labels = {f["label"]: f for f in data["globalFilters"]}
        self.assertEqual(labels["Helpdesk Team"]["modelName"], "crm.ticket.team")
        self.assertEqual(labels["Agent"]["modelName"], "res.users")

    def test_every_source_has_the_filters(self):
        """Each data source follows the team and salesperson filters or says why
        not; the period follows a date of each source that has one."""
        # the sources that do not follow a filter, on purpose (readme/USAGE.md)
        unfiltered = {
            "Open pipeline by stage": set(),
            "Forgotten customers by salesperson": {"Period"},
            "Campaign effectiveness": {"Period"},
            "Running support contracts": {"Period", "Helpdesk Team", "Agent"},
            "Backlog by team": {"Period"},
        }
        for data in self.snapshots.values():
            labels = {f["id"]: f["label"] for f in data["globalFilters"]}
            sources = list(data["pivots"].values()) + list(data["lists"].values())
            for source in sources:
                followed = {labels[i] for i in source["fieldMatching"]}
                missing = set(labels.values()) - followed
                self.assertEqual(
                    missing, unfiltered.get(source["name"], set()), source["name"]
                )

    def test_a_renamed_field_is_caught(self):
        """The checks fail on a field the registry does not know."""
        data = json.loads(
            json.dumps(
                self.snapshots["crm_suite.spreadsheet_dashboard_sales_management"]
            )
        )
        pivot = next(iter(data["pivots"].values()))
        pivot["rows"] = [{"fieldName": "stage_renamed_id"}]
        with self.assertRaises(AssertionError):
            self._check_pivots(data, self.env)

    def test_visibility(self):
        """Salespeople see the sales dashboard, agents the helpdesk one, portal
        users none; both open with their data sources for who sees them."""
        sales = self.env.ref("crm_suite.spreadsheet_dashboard_sales_management")
        desk = self.env.ref("crm_suite.spreadsheet_dashboard_helpdesk")
        dashboards = sales | desk
        visible = (
            self.env["spreadsheet.dashboard"]
            .with_user(self.sales_own)
            .search([("id", "in", dashboards.ids)])
        )
        self.assertEqual(visible, sales)
        visible = self.env["spreadsheet.dashboard"].with_user(self.helpdesk_agent)
        self.assertEqual(visible.search([("id", "in", dashboards.ids)]), desk)
        visible = self.env["spreadsheet.dashboard"].with_user(self.sales_manager)
        self.assertEqual(visible.search([("id", "in", dashboards.ids)]), sales)
        both = new_test_user(
            self.env,
            "dashboards_both",
            groups="base.group_user,sales_team.group_sale_manager,"
            "crm_suite.group_crm_suite_helpdesk_manager",
        )
        visible = self.env["spreadsheet.dashboard"].with_user(both)
        self.assertEqual(visible.search([("id", "in", dashboards.ids)]), dashboards)
        with self.assertRaises(AccessError):
            sales.with_user(self.portal_user).check_access("read")
        with self.assertRaises(AccessError):
            desk.with_user(self.sales_own).check_access("read")
        snapshot = sales.with_user(self.sales_own).get_readonly_dashboard()["snapshot"]
        self.assertIn("pivots", snapshot)

    def test_reporting_menus_open_the_dashboards(self):
        for action_xmlid, dashboard_xmlid in (
            (
                "crm_suite.spreadsheet_dashboard_action_sales_management",
                "crm_suite.spreadsheet_dashboard_sales_management",
            ),
            (
                "crm_suite.spreadsheet_dashboard_action_helpdesk",
                "crm_suite.spreadsheet_dashboard_helpdesk",
            ),
        ):
            action = self.env.ref(action_xmlid)
            self.assertEqual(action.tag, "action_spreadsheet_dashboard")
            self.assertEqual(
                action.params, {"dashboard_id": self.env.ref(dashboard_xmlid).id}
            )
        menus = self.env["ir.ui.menu"].with_user(self.sales_own)._visible_menu_ids()
        self.assertIn(
            self.env.ref("crm_suite.spreadsheet_dashboard_menu_sales_management").id,
            menus,
        )
        menus = self.env["ir.ui.menu"].with_user(self.helpdesk_agent)
        self.assertIn(
            self.env.ref("crm_suite.crm_ticket_menu_dashboard").id,
            menus._visible_menu_ids(),
        )


@tagged("crm_suite", "crm_suite_analysis", "post_install", "-at_install")
class TestDashboardsUi(HttpCase):
    def test_dashboards_tour(self):
        """Both dashboards open from the Dashboards app, the sales one from the CRM
        reporting menu, each showing figures computed from the demo data."""
        self.start_tour(
            "/odoo", "crm_suite_dashboards_tour", login="admin", timeout=300
        )

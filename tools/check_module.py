#!/usr/bin/env python3
"""Structural checks of the crm_suite add-on that ruff and pylint-odoo do not make.

Usage: check_module.py [REPO_ROOT]   (default: the parent of this tools/ folder)

Prints one line per problem, ``path: problem``, and exits 1 if there is any.
Checks:
- the manifest parses, its version reads 18.0.x.y.z, and every file listed in its
  data/demo/assets exists;
- every XML file parses; Odoo XML has no <tree> element (18.0 names it <list>), no
  ``tree`` view mode and no ``attrs``/``states`` attributes (removed in 17.0);
- no XML id is defined twice, and no inherited view replaces nodes
  (position="replace") with a priority below 99;
- every .py file under models/, wizard(s)/, report/ and controllers/ is imported by its
  package's __init__.py (and every such package by its parent's);
- every XML/CSV file under views/, security/, data/, report/, wizard(s)/ and demo/ is
  listed in the manifest;
- every ir.model.access.csv has 8 columns and unique ids.
"""

import ast
import csv
import glob
import os
import re
import sys
from pathlib import Path

from lxml import etree

MODULE = "crm_suite"
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
SKIP_DIRS = {".git", ".bench", "node_modules", "__pycache__", ".ruff_cache"}
PY_PACKAGES = ("models", "wizard", "wizards", "report", "controllers")
DATA_DIRS = ("views", "security", "data", "report", "wizard", "wizards", "demo")
ACCESS_COLUMNS = 8
ODOO_ROOTS = ("odoo", "openerp")
DEFAULT_VIEW_PRIORITY = 16
SAFE_REPLACE_PRIORITY = 99
# Elements that define an XML id in Odoo data files.
ID_TAGS = {"record", "template", "menuitem", "report", "act_window"}


class Checker:
    def __init__(self, root):
        self.root = root
        self.problems = []
        self.manifest = {}

    def report(self, path, problem):
        rel = path.relative_to(self.root) if isinstance(path, Path) else path
        self.problems.append(f"{rel}: {problem}")

    def files(self, *suffixes):
        found = []
        for folder, dirs, names in os.walk(self.root):
            dirs[:] = [name for name in dirs if name not in SKIP_DIRS]
            found.extend(
                Path(folder, name)
                for name in names
                if Path(name).suffix.lower() in suffixes
            )
        return sorted(found)

    # -- manifest -------------------------------------------------------------------

    def check_manifest(self):
        path = self.root / "__manifest__.py"
        if not path.is_file():
            self.report("__manifest__.py", "missing")
            return
        try:
            self.manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        except (SyntaxError, ValueError) as exc:
            self.report(path, f"not a Python dict literal ({exc})")
            return
        if not isinstance(self.manifest, dict):
            self.report(path, "does not hold a dict")
            self.manifest = {}
            return
        version = str(self.manifest.get("version", ""))
        if not VERSION_RE.match(version):
            self.report(path, f"version {version!r} does not match 18.0.x.y.z")
        for key in ("data", "demo"):
            for name in self.manifest.get(key) or []:
                if not (self.root / name).is_file():
                    self.report(path, f"{key} file {name!r} does not exist")
        for bundle, items in (self.manifest.get("assets") or {}).items():
            for item in items:
                self.check_asset(path, bundle, item)

    def check_asset(self, manifest_path, bundle, item):
        if isinstance(item, str):
            asset = item
        elif isinstance(item, list | tuple) and item:
            if item[0] == "include" or len(item) < 2:
                return
            asset = item[-1]
        else:
            self.report(manifest_path, f"assets {bundle}: malformed entry {item!r}")
            return
        if not asset.startswith(f"{MODULE}/"):
            return  # another module's file (e.g. removed from a bundle)
        rel = asset[len(MODULE) + 1 :]
        if any(char in rel for char in "*?["):
            if not glob.glob(str(self.root / rel), recursive=True):
                self.report(
                    manifest_path, f"assets {bundle}: {asset!r} matches no file"
                )
        elif not (self.root / rel).is_file():
            self.report(manifest_path, f"assets {bundle}: {asset!r} does not exist")

    def listed_files(self):
        names = set()
        for key in ("data", "demo"):
            names.update(self.manifest.get(key) or [])
        return {str(Path(name)) for name in names}

    def check_data_listed(self):
        if not self.manifest:
            return
        listed = self.listed_files()
        for path in self.files(".xml", ".csv"):
            rel = path.relative_to(self.root)
            if (
                rel.parts[0] in DATA_DIRS
                and len(rel.parts) > 1
                and str(rel) not in listed
            ):
                self.report(path, "not listed in the manifest's data or demo")

    # -- XML ------------------------------------------------------------------------

    def check_xml(self):
        ids = {}
        for path in self.files(".xml"):
            try:
                tree = etree.parse(str(path))
            except etree.XMLSyntaxError as exc:
                self.report(path, f"XML does not parse: {exc}")
                continue
            rel = path.relative_to(self.root)
            if rel.parts[0] == "static" or tree.getroot().tag not in ODOO_ROOTS:
                continue  # OWL/QWeb client templates, not Odoo data
            self.check_view_syntax(path, tree)
            self.check_replace_priority(path, tree)
            for node in tree.iter(*ID_TAGS):
                xmlid = node.get("id")
                if not xmlid:
                    continue
                xmlid = xmlid.removeprefix(f"{MODULE}.")
                if xmlid in ids:
                    self.report(
                        path,
                        f"line {node.sourceline}: XML id {xmlid!r} already defined "
                        f"in {ids[xmlid]}",
                    )
                else:
                    ids[xmlid] = f"{rel}:{node.sourceline}"

    def check_view_syntax(self, path, tree):
        for node in tree.iter("tree"):
            self.report(path, f"line {node.sourceline}: <tree> element; use <list>")
        for node in tree.iter(etree.Element):
            for attr in ("attrs", "states"):
                if attr in node.attrib:
                    self.report(
                        path,
                        f"line {node.sourceline}: {attr}= attribute on <{node.tag}> "
                        "(removed in 17.0; use invisible/readonly/required)",
                    )
        for node in tree.iterfind(".//field[@name='view_mode']"):
            modes = [mode.strip() for mode in (node.text or "").split(",")]
            if "tree" in modes:
                self.report(
                    path, f"line {node.sourceline}: view_mode 'tree'; use 'list'"
                )

    def check_replace_priority(self, path, tree):
        for record in tree.iterfind(".//record[@model='ir.ui.view']"):
            replaces = record.xpath("./field[@name='arch']//*[@position='replace']")
            if not replaces:
                continue
            priority = record.find("./field[@name='priority']")
            text = priority.text if priority is not None else None
            try:
                value = int(text.strip()) if text else DEFAULT_VIEW_PRIORITY
            except ValueError:
                value = 0
            if value < SAFE_REPLACE_PRIORITY:
                self.report(
                    path,
                    f"line {replaces[0].sourceline}: view {record.get('id')!r} uses "
                    f'position="replace" with priority {value} '
                    f"(< {SAFE_REPLACE_PRIORITY})",
                )

    # -- Python imports -------------------------------------------------------------

    def check_imports(self):
        for name in PY_PACKAGES:
            package = self.root / name
            if package.is_dir() and self.has_python(package):
                self.check_package(package)

    @staticmethod
    def has_python(folder):
        return any(
            path.suffix == ".py" and not SKIP_DIRS.intersection(path.parts)
            for path in folder.rglob("*.py")
        )

    @staticmethod
    def imported_names(init):
        names = set()
        tree = ast.parse(init.read_text(encoding="utf-8"), str(init))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    names.add(node.module.split(".")[0])
                else:
                    names.update(alias.name for alias in node.names)
        return names

    def check_package(self, package):
        parent_init = package.parent / "__init__.py"
        if parent_init.is_file():
            try:
                if package.name not in self.imported_names(parent_init):
                    self.report(parent_init, f"does not import {package.name}")
            except SyntaxError as exc:
                self.report(parent_init, f"does not parse: {exc}")
        init = package / "__init__.py"
        if not init.is_file():
            self.report(package, "has Python files but no __init__.py")
            return
        try:
            imported = self.imported_names(init)
        except SyntaxError:
            return  # reported when checking the parent, or by ruff
        for child in sorted(package.iterdir()):
            if child.name in SKIP_DIRS:
                continue
            if child.is_dir() and self.has_python(child):
                self.check_package(child)
            elif (
                child.suffix == ".py"
                and child.name != "__init__.py"
                and child.stem not in imported
            ):
                self.report(child, f"not imported by {init.relative_to(self.root)}")

    # -- access rights --------------------------------------------------------------

    def check_access_csv(self):
        for path in self.files(".csv"):
            if path.name != "ir.model.access.csv":
                continue
            seen = {}
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            for lineno, row in enumerate(rows, 1):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != ACCESS_COLUMNS:
                    self.report(
                        path,
                        f"line {lineno}: {len(row)} columns, expected {ACCESS_COLUMNS}",
                    )
                if lineno == 1:
                    continue
                xmlid = row[0].strip()
                if xmlid in seen:
                    self.report(
                        path, f"line {lineno}: id {xmlid!r} repeats line {seen[xmlid]}"
                    )
                else:
                    seen[xmlid] = lineno

    def run(self):
        self.check_manifest()
        self.check_xml()
        self.check_imports()
        self.check_data_listed()
        self.check_access_csv()
        return self.problems


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent)
    problems = Checker(root.resolve()).run()
    for problem in problems:
        sys.stdout.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

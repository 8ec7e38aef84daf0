"""The code's layout holds as DESIGN.md draws it: apps import only the apps
below them (core at the bottom, dashboards and the demo at the top), no module
outside migrations, tests and benchmarks passes 500 lines, and the rule of
whether a report's figures can be written is defined in one place."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each app with the apps it may import: everything listed before it.
LAYERS = [
    "core",
    "wards",
    "jobs",
    "digital_metrics",
    "procedures",
    "par_index",
    "supervision",
    "onestop",
    "exports",
    "documents",
    "public",
    "dashboards",
    "demo",
    "oversight_portal",
]


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found & set(LAYERS)


def test_every_app_imports_only_the_apps_below_it():
    upward = []
    for level, app in enumerate(LAYERS):
        above = set(LAYERS[level + 1 :])
        for path in _modules(app):
            for other in sorted(_imported_apps(path) & above):
                upward.append(f"{path.relative_to(ROOT)} imports {other}")
    assert upward == []


def test_every_app_has_its_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"core", "oversight_portal"}
    assert apps <= set(LAYERS), f"apps without a layer: {sorted(apps - set(LAYERS))}"


def test_no_module_passes_500_lines():
    long = []
    for app in LAYERS + ["tools"]:
        for path in _modules(app):
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 500:
                long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []


def test_the_lock_rule_has_one_definition():
    """Whether a quarter's figures can be written (lock, status, reopening) is
    derived by digital_metrics.reports.state alone; everything else asks it.
    The queryset that finds the locks above a unit is used there only."""
    rule = re.compile(r"\.covering\(|def (lock_of|is_locked|is_editable|editable)\b")
    places = []
    for app in LAYERS:
        for path in _modules(app):
            if rule.search(path.read_text(encoding="utf-8")):
                places.append(str(path.relative_to(ROOT)))
    assert places == ["digital_metrics/reports/state.py"]

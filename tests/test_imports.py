"""The direction of imports between apps (docs/architecture.md): the ground floor
imports no domain app, no two apps import each other, and only the ledger writes stock
movements. Read from the source with ``ast``; nothing is imported or run."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

WAYPOINT = Path(__file__).resolve().parent.parent / "waypoint"
APPS = sorted(p.name for p in WAYPOINT.iterdir() if (p / "__init__.py").exists())
GROUND = {"core", "audit", "accounts"}
# Surfaces read the domains and are read by none of them: the demo, the API's assembly,
# exports and the Today page.
SURFACES = {"api", "demo", "exports", "today"}
DOMAINS = set(APPS) - GROUND - SURFACES
# Pairs of apps that still import each other, each with the reason it is not yet fixed.
# The test fails when a pair is fixed and still listed, so the list can only shrink.
STILL_TANGLED: set[frozenset[str]] = set()


def _modules():
    for path in WAYPOINT.rglob("*.py"):
        parts = path.relative_to(WAYPOINT).parts
        if "migrations" not in parts and parts[0] in APPS:
            yield path, parts


def _imported(path: Path, parts: tuple) -> set[str]:
    """The other apps a module imports, absolutely or relatively."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            base = parts[: len(parts) - node.level]
            names = [".".join(("waypoint", *base, *([node.module] if node.module else [])))]
        for name in names:
            pieces = name.split(".")
            if len(pieces) > 1 and pieces[0] == "waypoint" and pieces[1] in APPS:
                found.add(pieces[1])
    found.discard(parts[0])
    return found


def _graph() -> dict[str, set[str]]:
    graph = defaultdict(set)
    for path, parts in _modules():
        graph[parts[0]] |= _imported(path, parts)
    return graph


def test_the_ground_floor_imports_no_domain_app():
    graph = _graph()
    for app in GROUND:
        assert not graph[app] & (DOMAINS | SURFACES), (app, graph[app])


def test_no_domain_imports_a_surface():
    graph = _graph()
    for app in DOMAINS:
        assert not graph[app] & SURFACES, (app, graph[app] & SURFACES)


def test_no_two_apps_import_each_other():
    graph = _graph()
    pairs = {frozenset({a, b}) for a in graph for b in graph[a] if a in graph.get(b, ())}
    assert pairs - STILL_TANGLED == set(), "new apps importing each other"
    assert STILL_TANGLED - pairs == set(), "untangled: remove the pair from STILL_TANGLED"


def test_nothing_imports_the_demo():
    assert all("demo" not in imported for imported in _graph().values())


WRITES_MOVEMENTS = re.compile(
    r"StockMovement(\.unscoped|\.objects)?\.(bulk_)?create\b|(?<!class )StockMovement\("
)


def test_only_the_ledger_writes_stock_movements():
    writers = {
        "/".join(parts)
        for path, parts in _modules()
        if WRITES_MOVEMENTS.search(path.read_text(encoding="utf-8"))
    }
    assert writers == {"supplies/services/ledger.py"}


# The public card check records that a card was checked (valid or not); it shows nothing
# of the person, so it is not a read and writes its event directly.
NOT_READS = {"participants/public_views.py"}


def test_no_view_writes_a_read_event_itself():
    """Views and API routers fetch person-level data through the access helpers in their
    app's queries.py, which record the read (audit.services.record_read)."""
    writers = set()
    for path, parts in _modules():
        name = parts[-1]
        if name in ("views.py", "api.py") or name.endswith("_views.py") or "views" in parts:
            text = path.read_text(encoding="utf-8")
            if re.search(r"\blog_event\b|\brecord_read\b", text):
                writers.add("/".join(parts))
    assert writers == NOT_READS

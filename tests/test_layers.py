"""The floors of ``desktop/selfeval``, proved on the import statements (every ``import``/``from … import`` in a
module, those inside functions included; relative imports resolved).

Floors, lowest first (docs/ARCHITECTURE.md draws them). A module may import from its own group and from any
floor below; never from a floor above (upward) nor from another group on its own floor (sideways); and no two
modules may import each other, however long the way round (a cycle).

    0  selfeval (the package: name and version)
    1  domain                       plain Python: the model and every rule
    2  system                       where files go, the log, external programs
    3  bundled                      what ships in resources/: templates, sample, licences, word lists
    4  store | export | importers   SQLite; .docx/PDF out; files in
    5  exchange | session           .selfeval files; the edit session
    6  app                          the workflows (Qt-free)
    7  ui | cli                     widgets; arguments and printing
    8  selfeval.__main__            the entry point
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "desktop" / "selfeval"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("",),
    ("domain",),
    ("system",),
    ("bundled",),
    ("store", "export", "importers"),
    ("exchange", "session"),
    ("app",),
    ("ui", "cli"),
    ("__main__",),
)
FLOOR_OF = {group: level for level, groups in enumerate(FLOORS) for group in groups}

# Third-party and standard modules a group must not use (Qt stays in ui/, SQL in store/, .docx in export/ and
# importers/). A database error reaches the UI as a StoreError.
FORBIDDEN = {
    "domain": ("PySide6", "sqlite3", "sqlite_utils", "docx", "lxml"),
    "system": ("PySide6", "sqlite3", "sqlite_utils", "docx"),
    "bundled": ("PySide6", "sqlite3", "sqlite_utils", "docx"),
    "store": ("PySide6", "docx"),
    "export": ("PySide6", "sqlite3", "sqlite_utils"),
    "importers": ("PySide6", "sqlite3", "sqlite_utils"),
    "exchange": ("PySide6", "docx"),
    "session": ("PySide6", "sqlite3", "sqlite_utils", "docx"),
    "app": ("PySide6", "sqlite3", "sqlite_utils", "docx"),
    "ui": ("sqlite3", "sqlite_utils"),
    "cli": ("PySide6",),
}

# The one arrow allowed across the rule: the program's entry. ``selfeval`` with no subcommand starts the window;
# ``cli.main`` imports ``ui.app.start`` only then (inside ``run_desktop``), so a command never loads Qt.
ENTRY_ARROWS = {("selfeval.cli.main", "selfeval.ui.app.start")}

def module_name(path: Path) -> str:
    parts = ("selfeval",) + path.relative_to(PKG).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def group_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported name, line) for each import in ``path``: a module of ours when it is one (``from pkg import
    mod`` names the module), else the name as written."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                found.append((candidate if candidate in modules else source, node.lineno))
    return found


def our_module(name: str, modules: dict[str, Path]) -> str | None:
    """The module of ours ``name`` is, or lies in (``selfeval.domain.model.Report`` → ``selfeval.domain.model``)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> tuple[dict[str, set[str]], list[str]]:
    """Module → the modules of ours it imports; and every floor or forbidden-module problem found."""
    modules = all_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    problems = []
    for module, path in modules.items():
        group = group_of(module)
        for name, line in imports_of(module, path, modules):
            where = f"{path.relative_to(PKG)}:{line}"
            top = name.split(".")[0]
            if top != "selfeval":
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN.get(group, ())):
                    problems.append(f"{where} {module} imports {name}")
                continue
            target = our_module(name, modules)
            if target is None or target == module:
                continue
            graph[module].add(target)
            other = group_of(target)
            if other == group or target == "selfeval" or (module, target) in ENTRY_ARROWS:
                continue
            if group not in FLOOR_OF or other not in FLOOR_OF:  # test_every_module_has_a_floor names it
                continue
            if FLOOR_OF[other] > FLOOR_OF[group]:
                problems.append(f"{where} {module} imports {target}: upward ({group} → {other})")
            elif FLOOR_OF[other] == FLOOR_OF[group]:
                problems.append(f"{where} {module} imports {target}: sideways ({group} → {other})")
    return graph, problems


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Each strongly connected set of two or more modules (Tarjan), as a sorted tuple."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(tuple(sorted(component)))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_every_module_has_a_floor():
    loose = [m for m in all_modules() if group_of(m) not in FLOOR_OF]
    assert loose == []


def test_no_import_runs_up_or_sideways():
    _, problems = import_graph()
    assert problems == []


def test_no_import_cycle():
    graph, _ = import_graph()
    assert cycles(graph) == []


def test_the_checker_sees_what_it_must():
    """The rules above catch an upward, a sideways and a hidden (inside a function) import, and a cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [("a", "b", "c")]
    tree = ast.parse("def f():\n    from ..store import store\n")
    assert any(isinstance(n, ast.ImportFrom) and n.level == 2 for n in ast.walk(tree))
    assert FLOOR_OF["store"] == FLOOR_OF["export"] and FLOOR_OF["domain"] < FLOOR_OF["system"] < FLOOR_OF["app"]


def test_headless_commands_do_not_load_qt():
    code = ("import sys, selfeval.cli.main, selfeval.store, selfeval.export, selfeval.importers,"
            " selfeval.session.edit_session, selfeval.exchange, selfeval.app.export_report, selfeval.app.check,"
            " selfeval.app.jobs, selfeval.app.exchange, selfeval.app.backup;"
            "bad=[m for m in sys.modules if m.startswith('PySide6')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)

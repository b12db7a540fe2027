"""The layers point one way: domain ← store/export/importers ← exchange, session ← ui/cli. Checked on the import
statements."""

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "desktop" / "selfeval"

FORBIDDEN = {
    "domain": ("PySide6", "sqlite3", "sqlite_utils", "docx", "lxml", "selfeval.store", "selfeval.export",
               "selfeval.importers", "selfeval.ui", "selfeval.cli"),
    "store": ("PySide6", "docx", "selfeval.ui", "selfeval.cli", "selfeval.export"),
    "export": ("PySide6", "sqlite3", "sqlite_utils", "selfeval.store", "selfeval.ui", "selfeval.cli"),
    "importers": ("PySide6", "sqlite3", "sqlite_utils", "selfeval.store", "selfeval.ui", "selfeval.cli"),
    # Exchange files: plain Python over the store, used by the app and the CLI alike.
    "exchange": ("PySide6", "docx", "selfeval.ui", "selfeval.cli", "selfeval.session"),
    # The edit session is plain Python over the store: the window drives it, tests drive it without Qt.
    "session": ("PySide6", "sqlite3", "sqlite_utils", "docx", "selfeval.ui", "selfeval.cli"),
    # The application layer: workflows over the store, export and importers, for the window and the CLI alike.
    "app": ("PySide6", "sqlite3", "sqlite_utils", "selfeval.ui", "selfeval.cli"),
    # Widgets only: SQL stays in the store (a database error reaches the UI as a StoreError).
    "ui": ("sqlite3", "sqlite_utils"),
    "cli": ("PySide6",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_layers_point_one_way():
    problems = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (PKG / layer).rglob("*.py"):
            for name in _imports(path):
                if any(name == f or name.startswith(f + ".") for f in forbidden):
                    problems.append(f"{path.relative_to(PKG)} imports {name}")
    assert problems == []


def test_headless_commands_do_not_load_qt():
    code = ("import sys, selfeval.cli.main, selfeval.store, selfeval.export, selfeval.importers,"
            " selfeval.session.edit_session, selfeval.exchange;"
            "bad=[m for m in sys.modules if m.startswith('PySide6')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)

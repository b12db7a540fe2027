"""The local SQLite store (see docs/ARCHITECTURE.md, "Store").

``from selfeval.store import Store, SetSection, …`` works for every name below; each is imported when it is
first asked for (PEP 562), so that opening the app does not load the write side before the first paint.
"""

from selfeval.store.errors import StoreError

_HOMES = {
    "Store": "selfeval.store.store",
    "OpRecord": "selfeval.store.records", "ReportInfo": "selfeval.store.records",
    **{name: "selfeval.store.operations" for name in (
        "Operation", "CreateReport", "SetField", "SetSection", "SetSections", "RenameReport", "DeleteReport",
        "RestoreReport", "PurgeReport", "RestoreState", "ReplaceText", "SetExplanation", "SetTableCells")},
}

__all__ = ["StoreError", *_HOMES]


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'selfeval.store' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value

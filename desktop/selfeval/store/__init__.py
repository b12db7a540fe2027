"""The local SQLite store (see docs/ARCHITECTURE.md, "Store")."""

from selfeval.store.errors import StoreError
from selfeval.store.operations import (
    CreateReport,
    DeleteReport,
    Operation,
    PurgeReport,
    RestoreReport,
    RestoreState,
    SetField,
    SetSection,
)
from selfeval.store.records import OpRecord, ReportInfo
from selfeval.store.store import Store

__all__ = [
    "Store", "StoreError", "OpRecord", "ReportInfo", "Operation", "CreateReport", "SetField", "SetSection",
    "DeleteReport", "RestoreReport", "PurgeReport", "RestoreState",
]

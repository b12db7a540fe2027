"""Exchange files (``.selfeval``): a report or some of its sections (and its 自评表), carried to another PC
and merged there section by section and table item by table item. Plain Python over the store: the app and the CLI both use it."""

from selfeval.exchange.errors import ExchangeError
from selfeval.exchange.file_format import SUFFIX, ExchangeFile, Origin, read_exchange, write_exchange
from selfeval.exchange.pack import TABLE_NAMES, pack_report, select_sections
from selfeval.exchange.unpack import Choice, SectionMerge, UnpackPlan, plan_unpack

__all__ = [
    "SUFFIX", "TABLE_NAMES", "Choice", "ExchangeError", "ExchangeFile", "Origin", "SectionMerge", "UnpackPlan", "pack_report",
    "plan_unpack", "read_exchange", "select_sections", "write_exchange",
]

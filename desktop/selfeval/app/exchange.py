"""Exchange files (``.selfeval``): pack a report (or some sections) for a colleague, and merge what comes back.
One workflow for 报告管理's 导出交换文件… / 导入交换文件… and ``selfeval pack`` / ``selfeval unpack``; the file format
and the three-way plan are ``selfeval.exchange``. The merge's operation is applied by the caller's funnel
(``session.run_op`` in the window, ``store.apply`` in the CLI): one undoable step either way."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Packed:
    path: Path
    exchange: object  # exchange.file_format.ExchangeFile

    @property
    def parts(self) -> list[str]:
        """What the file holds, by name: each section's heading and 自评表."""
        exchange = self.exchange
        return ([f"“{s.heading or s.key}”" for s in exchange.report.sections]
                + (["自评表"] if exchange.has_table else []))


@dataclass(frozen=True)
class Unpacking:
    """An exchange file read and planned against the store (nothing changed yet)."""

    exchange: object  # exchange.file_format.ExchangeFile
    plan: object  # exchange.unpack.UnpackPlan


def pack_file(store, report_id: int, keys: Iterable[str] | None, target: Path) -> Packed:
    """Writes the exchange file of ``report_id`` (``keys``: the sections and table keys to send; None: all)."""
    from selfeval.exchange import pack_report, write_exchange

    exchange = pack_report(store, report_id, list(keys) if keys is not None else None)
    return Packed(write_exchange(exchange, Path(target).expanduser()), exchange)


def read_exchange_file(path: Path):
    """The exchange file at ``path``, read and checked (before any database is opened)."""
    from selfeval.exchange import read_exchange

    return read_exchange(Path(path))


def plan_merge(store, exchange, report_id: int | None = None) -> Unpacking:
    """What merging ``exchange`` into ``store`` would do (into ``report_id``, or the report it came from)."""
    from selfeval.exchange import plan_unpack

    return Unpacking(exchange, plan_unpack(store, exchange, report_id))


def merge(unpacking: Unpacking, apply: Callable, choices=None):
    """Applies the merge (``choices``: per conflicting key, or one ``Choice`` for all) with ``apply(op)``; the
    applied record, or None when there was nothing to change (or ``apply`` refused)."""
    op = unpacking.plan.operation() if unpacking.plan.new_report else unpacking.plan.operation(choices)
    return None if op is None else apply(op)


def merged_lines(unpacking: Unpacking, choices) -> list[str]:
    """One line per section or table row the merge changed (conflicts: which side was kept)."""
    from selfeval.domain.merge import Decision
    from selfeval.exchange import Choice

    lines = []
    for s in unpacking.plan.items:
        if s.decision is Decision.CONFLICT:
            chosen = choices if isinstance(choices, Choice) else choices[s.key]
            kept = "采用对方的" if chosen is Choice.THEIRS else "保留本机的" if chosen is Choice.MINE else "采用合并结果"
            lines.append(f"· {s.heading or s.key}：两边都改过，已{kept}")
        elif s.decision is not Decision.SAME:
            lines.append(f"· {s.heading or s.key}：{s.label.replace('将', '已')}")
    return lines

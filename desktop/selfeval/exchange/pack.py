"""Making an exchange file from a stored report."""

from __future__ import annotations

import datetime as dt
import platform
import re

from selfeval import __version__
from selfeval.domain.model import Report, Section
from selfeval.domain.table.model import SelfEvalTable
from selfeval.exchange.errors import ExchangeError
from selfeval.exchange.file_format import ExchangeFile, Origin
from selfeval.exchange.history import report_histories

# 「一、」「（二）」「3.」 before a heading as it prints: a name may be typed with it.
_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\S+?\)|\d+[.．、])\s*")


def _plain(name: str) -> str:
    return _NUMBER.sub("", name).strip()


# Names that choose the 自评表 (with or beside sections): `selfeval pack ID --section 自评表`.
TABLE_NAMES = ("自评表", "table")


def names_table(names: list[str]) -> bool:
    return any(name.strip() in TABLE_NAMES for name in names)


def select_sections(report: Report, names: list[str]) -> list[Section]:
    """The sections named (by key or by heading, with or without its number), in report order; the
    table's names (``TABLE_NAMES``) choose no section."""
    chosen: set[str] = set()
    for name in names:
        if name.strip() in TABLE_NAMES:
            continue
        wanted = name.strip()
        match = [s for s in report.sections if s.key == wanted] or \
                [s for s in report.sections if _plain(s.heading) == _plain(wanted) and _plain(wanted)]
        if not match:
            known = "、".join(f"{s.key}（{s.heading}）" for s in report.content_sections())
            raise ExchangeError(f"报告中没有章节“{name}”。可用的章节：{known}；自评表写作“自评表”。")
        chosen.update(s.key for s in match)
    return [s for s in report.sections if s.key in chosen]


def computer_name() -> str:
    return platform.node() or ""


def pack_report(store, report_id: int, names: list[str] | None = None, *,
                now: dt.datetime | None = None) -> ExchangeFile:
    """An exchange file of the whole report (``names`` None or empty) or of the sections named; the 自评表
    travels with the whole report, or when ``names`` name it (``TABLE_NAMES``)."""
    report = store.load(report_id)
    info = store.info(report_id)
    if info.deleted:
        raise ExchangeError(f"编号为 {report_id} 的报告在回收站中，请先还原再导出。")
    if not names and any(s.elsewhere for s in report.sections):
        # A 科室's copy made from a part: it sends back its own sections (and the table when the part had it).
        names = [s.key for s in report.content_sections() if not s.elsewhere]
    whole = not names
    if not whole:
        report.sections = select_sections(report, list(names))
        # The 审核说明 of the sections sent go with them (a part has no business with the rest's).
        sent = {s.key for s in report.sections}
        report.explanations = {k: e for k, e in report.explanations.items() if e.section in sent}
    both = report_histories(store, report_id)
    histories = both.sections  # each ends with the version sent
    with_table = whole or names_table(list(names))
    tables = {k: tuple(v) for k, v in both.table.items()} if with_table else None
    if not with_table:
        report.table = SelfEvalTable()  # the file holds what was chosen, nothing more
    history = store.history(report_id, limit=1)
    origin = Origin(unit_name=report.unit_name, unit_short=report.unit_short, year=int(report.year or 0),
                    title=report.title, report_id=report_id, computer=computer_name(),
                    exported_at=now or dt.datetime.now(dt.timezone.utc), app_version=__version__)
    return ExchangeFile(origin=origin, whole=whole, report=report, base_op_id=history[0].id if history else 0,
                        histories={s.key: tuple(histories[s.key]) for s in report.sections},
                        table_histories=tables)

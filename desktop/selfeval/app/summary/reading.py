"""Reading submissions: ``.selfeval`` exchange files (whole reports) and Word 说明 (.docx, through the importer
with its outline detection). Each file is either accepted (an ``Incoming``) or refused with one Chinese line
(a ``Rejected``); a plan of what adding them would do is made before the workspace is touched."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.domain.errors import UserError, os_error_reason
from selfeval.domain.figures import format_decimal
from selfeval.domain.merge import section_hash
from selfeval.domain.model import Report
from selfeval.domain.table.merge import table_items
from selfeval.domain.summary.overview import table_complete
from selfeval.domain.table.scoring import score_table
from selfeval.store.summary_db import Submission

EXCHANGE_SUFFIX = ".selfeval"
DOCX_SUFFIX = ".docx"
MAX_BYTES = 50 * 1024 * 1024
# A 说明 has at least this many outline sections with text; fewer is some other document.
MIN_SECTIONS = 2
NO_TABLE_NOTICE = "Word 文档中没有自评表：执行数、预算数取自说明正文，总分显示为“未完成”。"
BAD_TABLE_NOTICE = "Word 文档中的自评表有 {n} 处无法读取，未采用（执行数、预算数取自说明正文）：{first}"
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


@dataclass(frozen=True)
class Incoming:
    """A file read and accepted, not yet stored."""

    path: Path
    submission: Submission
    report: Report

    @property
    def key(self) -> tuple[str, int]:
        return self.submission.unit_name, self.submission.year


@dataclass(frozen=True)
class Rejected:
    name: str
    reason: str

    @property
    def line(self) -> str:
        return f"未导入  {self.name}：{self.reason}"


@dataclass(frozen=True)
class Replacement:
    incoming: Incoming
    old: Submission
    changes: tuple[str, ...]


@dataclass
class AddPlan:
    """What adding a batch of files would do. ``apply`` stores it in one transaction."""

    new: list[Incoming] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)
    unchanged: list[Rejected] = field(default_factory=list)  # the same file again: nothing to do
    rejected: list[Rejected] = field(default_factory=list)

    def lines(self, *, replace: bool) -> list[str]:
        """The import report: one line per file (and the changes of each replacement)."""
        lines = [f"导入    {i.path.name}：{i.submission.unit_name}（{i.submission.year} 年度）" for i in self.new]
        for r in self.replacements:
            verb = "替换" if replace else "待替换"
            lines.append(f"{verb}  {r.incoming.path.name}：{r.old.unit_name}（{r.old.year} 年度）已在汇总中"
                         f"（来自“{r.old.source_name}”），新报送的变化：")
            lines += [f"        · {c}" for c in r.changes]
        lines += [f"未改动  {u.name}：{u.reason}" for u in self.unchanged]
        lines += [r.line for r in self.rejected]
        return lines


def collect_files(paths: list[Path]) -> tuple[list[Path], list[Rejected]]:
    """The files named and those in the folders named (recursively, in name order); hidden files and Office's
    lock files (~$…) in folders are skipped."""
    files, missing = [], []
    for path in paths:
        path = Path(path)
        try:
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))
            elif path.is_file():
                files.append(path)
            else:
                missing.append(Rejected(str(path), "找不到该文件或文件夹"))
        except OSError as exc:
            missing.append(Rejected(str(path), f"无法读取（{os_error_reason(exc)}）"))
    return files, missing


def read_submission(path: Path, department: str = "") -> Incoming:
    """Read one file; ``UserError`` (one Chinese sentence) for a file that is not a whole report."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError("文件过大（超过 50 MB），不是报送的报告")
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取（{os_error_reason(exc)}）") from None
    digest = hashlib.sha256(data).hexdigest()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if path.suffix.lower() == EXCHANGE_SUFFIX or head == b"{":
        return _exchange(path, data, digest, department)
    if data.startswith(b"PK"):
        return _docx(path, data, digest, department)
    raise UserError("不是本程序的交换文件（.selfeval），也不是 Word 说明（.docx）")


def _exchange(path: Path, data: bytes, digest: str, department: str) -> Incoming:
    from selfeval.exchange.file_format import parse_bytes

    exchange = parse_bytes(data, path.name)
    if not exchange.whole:
        raise UserError("该交换文件只含部分章节，不是整份报告；请让该单位导出整份报告")
    report = exchange.report
    _require_identity(report)
    when = exchange.origin.exported_at
    return Incoming(path, _submission(report, department, when, path.name, digest, "exchange", []), report)


def _docx(path: Path, data: bytes, digest: str, department: str) -> Incoming:
    from selfeval.bundled.report_table import table_of
    from selfeval.importers.docx_reader import read_docx
    from selfeval.importers.preview import ImportPreview
    from selfeval.importers.sniff import Format, detect_format
    from selfeval.importers.source import source_from_text
    from selfeval.importers.table_docx import read_table_docx, without_table

    if detect_format(data) is not Format.DOCX:  # an .xlsx, a zip …: the importer's own sentence
        raise UserError("不是 Word 文档")
    # The 说明 is read without the 自评表's tables (else their rows become paragraphs of the text), as the
    # importer reads a .docx (outline detection, numbering, revisions); the table is read from its cells.
    text = read_docx(without_table(data))
    source = source_from_text("\n".join(text.paragraphs), whole_paragraphs=True)
    preview = ImportPreview.of(source, read_notices=text.notices, source_name=path.name, source_format="Word 文档")
    filled = [s for s in preview.sections if s.outline and not s.empty]
    if len(filled) < MIN_SECTIONS:
        raise UserError(f"未识别出部门整体支出绩效自评说明的章节（仅 {len(filled)} 个），不是自评说明")
    report = preview.report
    notices = []
    found = read_table_docx(data, table_of(report))
    if found.table is None:
        notices.append(NO_TABLE_NOTICE)
    elif found.problems:
        notices.append(BAD_TABLE_NOTICE.format(n=len(found.problems), first=found.problems[0]))
    else:
        report.table = found.table
    if not report.unit_name.strip() and found.unit_name:
        report.unit_name = found.unit_name  # the form's 部门（单位）名称
    if not report.year and found.year:
        report.year = found.year
    if not report.unit_name.strip() and report.unit_short.strip():
        report.unit_name = report.unit_short.strip()
        notices.append(f"文中未写单位全称，按标题中的“{report.unit_name}”汇总。")
    _require_identity(report)
    when = _docx_modified(data) or dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
    return Incoming(path, _submission(report, department, when, path.name, digest, "docx", notices), report)


def _require_identity(report: Report) -> None:
    if not report.unit_name.strip():
        raise UserError("报告中没有单位名称")
    if not report.year:
        raise UserError("报告中没有年度")


def _docx_modified(data: bytes) -> dt.datetime | None:
    """The document's own date (docProps/core.xml: dcterms:modified), which copying does not change."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            core = z.read("docProps/core.xml")
        found = _MODIFIED.search(core)
        if found:
            return dt.datetime.fromisoformat(found.group(1).decode().replace("Z", "+00:00"))
    except (KeyError, zipfile.BadZipFile, ValueError, OSError):
        return None
    return None


def _submission(report: Report, department: str, when: dt.datetime, name: str, digest: str, kind: str,
                notices: list[str]) -> Submission:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    dept = report.table.supervisor.strip() or department.strip()  # the option fills in what the table lacks
    return Submission(unit_name=report.unit_name.strip(), department=dept, year=report.year, submitted_at=when,
                      source_name=name, source_sha256=digest, source_kind=kind,
                      report_json=json.dumps(report.to_dict(), ensure_ascii=False), notices=tuple(notices))


def describe_changes(old: Report, new: Report, old_sub: Submission, new_sub: Submission) -> tuple[str, ...]:
    """What a new submission of the same unit and year changes, in Chinese lines (the user confirms them)."""
    lines = []
    if old_sub.source_name != new_sub.source_name:
        lines.append(f"来源文件：{old_sub.source_name} → {new_sub.source_name}")
    if old_sub.submitted_at.date() != new_sub.submitted_at.date():
        lines.append(f"报送日期：{old_sub.submitted_at.date()} → {new_sub.submitted_at.date()}")
    if old_sub.department != new_sub.department:
        lines.append(f"主管部门：{old_sub.department or '（未填）'} → {new_sub.department or '（未填）'}")
    ot, nt = old.table.budget.total, new.table.budget.total
    for label, a, b in (("全年预算数", ot.budget, nt.budget), ("全年执行数", ot.spent, nt.spent)):
        if a != b:
            lines.append(f"{label}：{_amount(a)} → {_amount(b)}")
    os_, ns = _score(old), _score(new)
    if os_ != ns:
        lines.append(f"自评总分：{os_} → {ns}")
    old_sections = {s.key: (s.heading, section_hash(s.to_dict())) for s in old.sections}
    new_sections = {s.key: (s.heading, section_hash(s.to_dict())) for s in new.sections}
    changed = [h for k, (h, digest) in new_sections.items() if old_sections.get(k, (None, None))[1] != digest]
    removed = [h for k, (h, _) in old_sections.items() if k not in new_sections]
    if changed:
        lines.append(f"说明改动的章节（{len(changed)} 个）：{'、'.join(changed[:6])}{'等' if len(changed) > 6 else ''}")
    if removed:
        lines.append(f"删去的章节：{'、'.join(removed)}")
    oi, ni = table_items(old.table), table_items(new.table)
    items = [ni[k].label.removeprefix("自评表 › ") for k in ni if k not in oi or oi[k].value != ni[k].value]
    items += [oi[k].label.removeprefix("自评表 › ") + "（删去）" for k in oi if k not in ni]
    if items:
        lines.append(f"自评表改动（{len(items)} 处）：{'、'.join(items[:5])}{'等' if len(items) > 5 else ''}")
    return tuple(lines) or ("内容相同（文件不同）",)


def _amount(value) -> str:
    return "（空）" if value is None else f"{format_decimal(value)} 万元"


def _score(report: Report) -> str:
    complete, _ = table_complete(report.table)
    return format_decimal(score_table(report.table).total) if complete else "未完成"

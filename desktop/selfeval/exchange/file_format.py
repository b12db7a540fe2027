"""The ``.selfeval`` file: one UTF-8 JSON document.

```
{"format": "selfeval-exchange", "format_version": 1, "sha256": "<hex>", "content": {
    "origin": {"unit_name", "unit_short", "year", "title", "report_id", "computer", "exported_at", "app_version"},
    "whole": true,                 # the whole report, or only the sections listed
    "report": {...},               # Report.to_dict(), with only the exported sections
    "base": {"op_id": 42,          # the exporting report's newest log row when packed
             "sections": {"key": ["<sha256>", ...]},    # each section's history, current version last
             "table": {"table:budget/total": ["<sha256>", "-", ...]}}}}   # optional, see below
```
``base.table``: each 自评表 item's history (``domain/table_merge.py``: budget rows, goals, 三级 indicators;
"-" while an item did not exist), present when the table travels with the file (a whole report, or the
sections chosen with the table). A file without it (older programs, or sections alone) merges no table;
older programs read a file with it and ignore it, so the format version stays 1.
``sha256`` is taken over ``content`` written as canonical JSON (sorted keys, no spaces, UTF-8), so a
file changed by hand or damaged in transit is refused. A newer ``format_version`` is refused too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfeval.domain.errors import UserError, os_error_reason
from selfeval.domain.model import Report
from selfeval.exchange import untrusted
from selfeval.exchange.errors import ExchangeError

FORMAT_NAME = "selfeval-exchange"
FORMAT_VERSION = 1
SUFFIX = ".selfeval"
MAX_BYTES = 50 * 1024 * 1024  # a report with all its history is far smaller

_DAMAGED = "交换文件已损坏或不完整（可能在复制时中断），未导入任何内容。请让对方重新导出后再试。"


@dataclass(frozen=True)
class Origin:
    """Where an exchange file came from."""

    unit_name: str
    unit_short: str
    year: int
    title: str
    report_id: int
    computer: str
    exported_at: dt.datetime
    app_version: str

    def to_dict(self) -> dict:
        return {"unit_name": self.unit_name, "unit_short": self.unit_short, "year": self.year, "title": self.title,
                "report_id": self.report_id, "computer": self.computer,
                "exported_at": self.exported_at.isoformat(timespec="seconds"), "app_version": self.app_version}

    @classmethod
    def from_dict(cls, data: dict) -> "Origin":
        return cls(unit_name=str(data["unit_name"]), unit_short=str(data.get("unit_short", "")),
                   year=int(data["year"]), title=str(data.get("title", "")), report_id=int(data["report_id"]),
                   computer=str(data.get("computer", "")),
                   exported_at=dt.datetime.fromisoformat(data["exported_at"]),
                   app_version=str(data.get("app_version", "")))

    def describe(self) -> str:
        """「计算机“PC-01”于 2026-11-26 14:05 导出」"""
        when = self.exported_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"计算机“{self.computer or '未知'}”于 {when} 导出"


@dataclass(frozen=True)
class ExchangeFile:
    origin: Origin
    whole: bool
    report: Report  # the exported sections only, unless ``whole``
    base_op_id: int
    histories: dict[str, tuple[str, ...]]  # section key -> content hashes, current version last
    name: str = ""  # the file's name once read, for messages and the history
    # 自评表 item key -> content hashes (current last); None: the table does not travel with this file.
    table_histories: dict[str, tuple[str, ...]] | None = None

    @property
    def has_table(self) -> bool:
        return self.table_histories is not None

    def content(self) -> dict:
        base = {"op_id": self.base_op_id, "sections": {k: list(v) for k, v in self.histories.items()}}
        if self.table_histories is not None:
            base["table"] = {k: list(v) for k, v in self.table_histories.items()}
        return {"origin": self.origin.to_dict(), "whole": self.whole, "report": self.report.to_dict(), "base": base}


def _canonical(content: Any) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def dump_bytes(exchange: ExchangeFile) -> bytes:
    content = exchange.content()
    document = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                "sha256": hashlib.sha256(_canonical(content)).hexdigest(), "content": content}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def exchange_target(path: Path) -> Path:
    """The file to write: a name without the ``.selfeval`` suffix gets it appended."""
    return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)


def write_exchange(exchange: ExchangeFile, path: Path) -> Path:
    """Writes the file whole or not at all (a temporary file in the same folder, then a rename)."""
    target = exchange_target(Path(path))
    data = dump_bytes(exchange)
    if target.is_dir():
        raise ExchangeError(f"“{target}”是一个文件夹，请填写要保存的交换文件名。")
    if not target.parent.is_dir():
        raise ExchangeError(f"文件夹“{target.parent}”不存在，请先创建该文件夹或选择其他位置。")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".selfeval-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExchangeError(f"无法写入交换文件“{target}”（{os_error_reason(exc)}）。") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return target


def read_exchange(path: Path) -> ExchangeFile:
    """The exchange file at ``path``, checked (format, version, checksum); ``ExchangeError`` otherwise."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ExchangeError(f"“{path}”是一个文件夹，请选择交换文件（{SUFFIX}）。")
        if path.stat().st_size > MAX_BYTES:
            raise ExchangeError("文件过大（超过 50 MB），不是本程序的交换文件，未导入。")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExchangeError(f"找不到文件“{path}”。") from None
    except OSError as exc:
        raise ExchangeError(f"无法读取文件“{path}”（{os_error_reason(exc)}）。") from None
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, name: str = "") -> ExchangeFile:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        raise ExchangeError("这是一个压缩包（如 Word 文档或 zip 文件），不是本程序的交换文件（.selfeval），未导入。")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError:  # nested deeper than Python's parser goes: crafted, never written by us
        raise ExchangeError("交换文件的结构嵌套过深，该文件不是本程序正常导出的，未导入任何内容。") from None
    except UnicodeDecodeError:  # a JSON file cut inside a Chinese character is damaged, not foreign
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
            raise ExchangeError(_DAMAGED) from None
        raise ExchangeError(f"该文件不是本程序的交换文件（{SUFFIX}），未导入。") from None
    except ValueError:
        if data.lstrip()[:1] == b"{":
            raise ExchangeError(_DAMAGED) from None
        raise ExchangeError(f"该文件不是本程序的交换文件（{SUFFIX}），未导入。") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ExchangeError(f"该文件不是本程序的交换文件（{SUFFIX}），未导入。")
    untrusted.check_depth(document)
    version = document.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ExchangeError(_DAMAGED)
    if version > FORMAT_VERSION:
        raise ExchangeError(f"该交换文件由更新版本的程序导出（格式版本 {version}，本程序只能读取 {FORMAT_VERSION}），"
                            "请先升级本程序再导入。")
    content = document.get("content")
    if not isinstance(content, dict) or hashlib.sha256(_canonical(content)).hexdigest() != document.get("sha256"):
        raise ExchangeError("交换文件的校验和不符：文件已损坏或被改动过，未导入任何内容。")
    try:
        return _from_content(content, name)
    except UserError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError, RecursionError):
        raise ExchangeError(_DAMAGED) from None


def _from_content(content: dict, name: str) -> ExchangeFile:
    """The file's content, checked as untrusted input (exchange/untrusted.py), its text cleaned."""
    raw_origin = content["origin"]
    untrusted.year(raw_origin["year"], "来源 › 年度")
    untrusted.whole_number(raw_origin["report_id"], "来源 › 报告编号")
    report = untrusted.checked_report(Report.from_dict(content["report"]))
    base = content["base"]
    untrusted.whole_number(base["op_id"], "修改来历 › 编号")
    histories = {str(k): tuple(str(h) for h in v) for k, v in base["sections"].items()}
    untrusted.histories(histories, "章节的修改来历")
    if any(s.key not in histories or not histories[s.key] for s in report.sections):
        raise ValueError("a section without its history")
    table = base.get("table")
    table_histories = None if table is None else {str(k): tuple(str(h) for h in v) for k, v in table.items()}
    if table_histories is not None:
        untrusted.histories(table_histories, "自评表的修改来历")
    origin = Origin.from_dict(raw_origin)
    origin = dataclasses.replace(origin, **{
        field: untrusted.text(getattr(origin, field), f"来源 › {label}", limit)
        for field, label, limit in (("unit_name", "单位全称", 80), ("unit_short", "单位简称", 30),
                                    ("title", "标题", 500), ("computer", "计算机", 200),
                                    ("app_version", "版本", 100))})
    return ExchangeFile(origin=origin, whole=bool(content["whole"]), report=report,
                        base_op_id=int(base["op_id"]), histories=histories, name=name,
                        table_histories=table_histories)

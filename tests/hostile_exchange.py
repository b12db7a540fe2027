"""Crafted exchange files: a real file packed from the sample, changed as an attacker would change it,
its checksum computed again (anyone can), so that only the content's own checks stand in the way
(shared by tests/robustness and tests/ui)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Callable

NEST = '"@@nest@@"'


def _canonical(content) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write(path: Path, content: dict, *, raw: dict[str, str] | None = None) -> Path:
    """The file of ``content`` with a correct checksum; ``raw`` replaces JSON strings in the canonical text
    by raw JSON (tokens json.dumps would not write: 1e400, Infinity, nesting deeper than it recurses)."""
    text = _canonical(content)
    for marker, replacement in (raw or {}).items():
        text = text.replace(json.dumps(marker), replacement)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path.write_text('{"format":"selfeval-exchange","format_version":1,"sha256":"%s","content":%s}' % (digest, text),
                    encoding="utf-8")
    return path


def _budget(content: dict, value) -> None:
    content["report"]["table"]["budget"]["rows"][0]["budget"] = value


def _deep(levels: int) -> Callable[[dict], dict]:
    def change(content: dict) -> dict:
        content["report"]["sections"][1]["prompts"] = {"intro": "@@nest@@"}
        return {"@@nest@@": "[" * levels + "]" * levels}
    return change


def _set(path: tuple, value) -> Callable[[dict], None]:
    def change(content: dict) -> None:
        target = content
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _raw_budget(token: str) -> Callable[[dict], dict]:
    def change(content: dict) -> dict:
        _budget(content, "@@raw@@")
        return {"@@raw@@": token}
    return change


# name -> (how the content is changed, a word the refusal must name)
HOSTILE: dict[str, tuple[Callable[[dict], dict | None], str]] = {
    "deep-100000": (_deep(100_000), "嵌套"),
    "deep-200": (_deep(200), "嵌套"),
    "year-10e40-report": (_set(("report", "year"), 10**40), "年度"),
    "year-10e40-origin": (_set(("origin", "year"), 10**40), "年度"),
    "year-1850": (_set(("report", "year"), 1850), "年度"),
    "budget-Infinity-token": (_raw_budget("Infinity"), "自评表"),
    "budget-Infinity-text": (lambda c: _budget(c, "Infinity"), "自评表"),
    "budget-NaN-text": (lambda c: _budget(c, "NaN"), "自评表"),
    # 1e400 as a JSON number reads as inf, which the checksum (over the content as read) writes Infinity:
    # a crafter computes the checksum over that
    "budget-1e400-number": (lambda c: _budget(c, float("1e400")), "自评表"),
    "budget-1e400-text": (lambda c: _budget(c, "1e400"), "自评表"),
    "weight-1e400-text": (_set(("report", "table", "budget", "weight"), "1e400"), "自评表"),
    "figure-Infinity": (lambda c: c["report"]["sections"][1]["figures"].append(
        {"name": "预算", "kind": "money", "unit": "万元", "value": "Infinity"}), "数字"),
    "huge-unit-name": (_set(("report", "unit_name"), "街" * 2_000_000), "单位全称"),
    "huge-section": (_set(("report", "sections", 1, "intro"), "字" * 2_000_000), "导语"),
    "section-level": (_set(("report", "sections", 1, "level"), 10**30), "级别"),
    "report-id-huge": (_set(("origin", "report_id"), 10**30), "报告编号"),
}


def packed(sample_file: Path) -> dict:
    return json.loads(sample_file.read_text(encoding="utf-8"))["content"]


def craft(sample_file: Path, folder: Path, name: str) -> Path:
    content = copy.deepcopy(packed(sample_file))
    change, _ = HOSTILE[name]
    raw = change(content)
    return write(folder / f"{name}.selfeval", content, raw=raw if isinstance(raw, dict) else None)


CONTROL_TEXT = "正文\x00有\x1b[31m控制\u202e字符\x07。"


def with_control_characters(sample_file: Path, folder: Path) -> Path:
    content = copy.deepcopy(packed(sample_file))
    content["report"]["sections"][1]["intro"] = CONTROL_TEXT
    content["report"]["unit_short"] = "昌华\x0b街道"
    return write(folder / "control.selfeval", content)

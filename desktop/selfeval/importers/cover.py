"""The cover or header block of a published 自评报告: 「评价年度：2024年度」「评价单位（公章）：…」
「部门（单位）名称：…」「主管部门：…」「填报人：…」「联系电话：…」「填报日期：…」, above or below the title,
one field a line, several on one line, or a label on one line and its value on the next (a form).

These lines are 基本信息, not text of the report: they are taken out of the body and read into fields.
The year is the 评价年度; a 填报日期 or 报告日期 is when the report was written, never its year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Canonical field → the labels that name it (compared without spaces and brackets' contents noise).
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "year": ("评价年度", "自评年度", "年度", "预算年度", "考评年度"),
    "unit_name": ("评价单位", "单位名称", "部门名称", "部门单位名称", "部门单位", "填报单位", "预算单位",
                  "单位", "被评价单位"),
    "supervisor": ("主管部门", "主管单位"),
    "contact_person": ("填报人", "联系人", "经办人", "填表人"),
    "contact_phone": ("联系电话", "联络电话", "电话"),
    "filled_on": ("填报日期", "报告日期", "填表日期", "日期"),
    # Other lines of such a block: read, kept out of the body, not stored.
    "other": ("评价方式", "评价机构", "预算编码", "单位负责人", "负责人", "财务负责人", "审核人", "评价类型",
              "项目名称"),
}
_LABEL_OF: dict[str, str] = {label: name for name, labels in FIELD_LABELS.items() for label in labels}
# 「评价单位（公章）」「部门（单位）名称」: the bracketed words are part of how the label is written.
_BRACKETS = re.compile(r"[（(](?:公章|盖章|签章|单位|部门|签字|签名)[）)]")
_LABEL_NOISE = re.compile(r"[\s　]")
# A label and its value: 「填报人：李敏」; the value may be empty (「预算编码：」).
_FIELD = re.compile(r"^(?P<label>[\u4e00-\u9fff（）()\s　]{1,14}?)\s*[：:]\s*(?P<value>.*)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})\s*年?")
MAX_VALUE_CHARS = 60
# A cover block is at the top: only this many lines before the first heading are looked at.
MAX_COVER_LINES = 40
# A label is short.
MAX_LABEL_CHARS = 20


@dataclass
class Cover:
    """What the cover block said; ``lines`` are the lines taken out of the text."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    @property
    def year(self) -> int:
        m = _YEAR.search(self.fields.get("year", ""))
        return int(m.group(1)) if m else 0

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


def label_name(text: str) -> str | None:
    """The field a label names (「评价单位（公章）」 → unit_name), or None."""
    key = _LABEL_NOISE.sub("", _BRACKETS.sub("", text))
    key = key.replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    return _LABEL_OF.get(key)


# The cells of a Word table row, as the Word reader gives them (docx_reader.CELL_SEPARATOR).
_CELL = "\u3000"


def _cell_pairs(line: str) -> list[tuple[str, str]] | None:
    """A table row of label and value cells (「联系人　张颖慧　联络电话　0730-7802036」), or None."""
    cells = [c.strip() for c in line.strip().split(_CELL)]
    if len(cells) < 2 or len(cells) % 2:
        return None
    names = [label_name(c.rstrip("：:")) if len(c) <= MAX_LABEL_CHARS else None for c in cells[0::2]]
    if any(n is None for n in names) or any(len(v) > MAX_VALUE_CHARS for v in cells[1::2]):
        return None
    return [(n, v) for n, v in zip(names, cells[1::2])]


def _fields_of_line(line: str) -> list[tuple[str, str]] | None:
    """「填报人：李敏　联系电话：0668-5123456」 → [(contact_person, 李敏), (contact_phone, …)]; a table row of
    label and value cells likewise; None when the line is not made of cover fields only."""
    if _CELL in line and "：" not in line and ":" not in line:
        return _cell_pairs(line)
    parts = [p for p in re.split(r"[\s　]{2,}|\t", line.strip()) if p]
    out: list[tuple[str, str]] = []
    for part in parts:
        m = _FIELD.match(part)
        if m is None:
            return None
        name = label_name(m.group("label"))
        if name is None or len(m.group("value")) > MAX_VALUE_CHARS:
            return None
        out.append((name, m.group("value").strip()))
    return out or None


def take_cover(lines: list[str], *, stop) -> tuple[Cover, list[str]]:
    """Take the cover fields out of the lines before the first heading (``stop(line)`` is true at a
    heading). A label alone on its line takes the next line as its value (a form)."""
    cover = Cover()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i >= MAX_COVER_LINES or stop(line):
            kept += lines[i:]
            break
        found = _fields_of_line(line)
        if found is not None:
            for name, value in found:
                if value and name not in cover.fields:
                    cover.fields[name] = value
            cover.lines.append(line)
            i += 1
            continue
        name = label_name(line.strip().rstrip("：:"))
        if name is not None and name != "unit_name" and i + 1 < len(lines) and not stop(lines[i + 1]) \
                and _fields_of_line(lines[i + 1]) is None and len(lines[i + 1]) <= MAX_VALUE_CHARS:
            cover.fields.setdefault(name, lines[i + 1].strip())
            cover.lines += [line, lines[i + 1]]
            i += 2
            continue
        kept.append(line)
        i += 1
    return cover, kept


def contacts_in_body(paragraphs: list[str]) -> dict[str, str]:
    """填报人/联系人 and 联系电话 written as a label paragraph followed by its value paragraph inside the
    report's text (a form): read, left in the text."""
    found: dict[str, str] = {}
    for label, value in zip(paragraphs, paragraphs[1:]):
        if len(label) > MAX_LABEL_CHARS + MAX_VALUE_CHARS:
            continue
        name = label_name(label.strip().rstrip("：:")) if len(label) <= MAX_LABEL_CHARS else None
        if name in ("contact_person", "contact_phone") and len(value) <= 30 and name not in found:
            if _fields_of_line(value) is None and label_name(value.strip().rstrip("：:")) is None:
                found[name] = value.strip()
        elif ("：" in label or ":" in label or _CELL in label) and (pairs := _fields_of_line(label)) is not None:
            for n, v in pairs:
                if n in ("contact_person", "contact_phone") and v:
                    found.setdefault(n, v)
    return found


def take_footer(lines: list[str], cover: Cover) -> list[str]:
    """The field lines ending the text (「填报单位（盖章）：…」「填表人：…　联系电话：…」「填报日期：…」, a form's
    foot) go into ``cover`` as the header's do (a field the header gave is kept); the other lines are
    returned."""
    end = len(lines)
    while end > 0 and len(lines) - end < MAX_COVER_LINES:
        found = _fields_of_line(lines[end - 1])
        if found is None:
            break
        for name, value in found:
            if value and name not in cover.fields:
                cover.fields[name] = value
        end -= 1
    cover.lines += lines[end:]
    return lines[:end]

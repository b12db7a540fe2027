"""Reading the year and the unit's short name out of a title written after the template's pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_YEAR = 1990
MAX_YEAR = 2100
_FIELDS = {
    "{year}": r"(?P<year>\d{4})",
    "{unit_short}": r"(?P<unit_short>\S{1,30}?)",
    "{unit_name}": r"(?P<unit_name>\S{1,80}?)",
}
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})\s*年")


@dataclass(frozen=True)
class ParsedTitle:
    year: int = 0
    unit_short: str = ""
    unit_name: str = ""
    # The title as written when the pattern does not give it back exactly.
    override: str = ""
    matched: bool = False


def title_regex(pattern: str) -> re.Pattern[str]:
    """``{year}年度{unit_short}部门整体支出绩效自评表说明`` → a regex with named groups (spaces ignored)."""
    parts = re.split(r"(\{year\}|\{unit_short\}|\{unit_name\})", pattern)
    seen: set[str] = set()
    rx = ""
    for part in parts:
        if part in _FIELDS:
            name = part[1:-1]
            rx += f"(?P={name})" if name in seen else _FIELDS[part]
            seen.add(name)
        else:
            rx += re.escape(re.sub(r"\s+", "", part))
    return re.compile(f"^{rx}$")


def parse_title(title: str, pattern: str) -> ParsedTitle:
    title = title.strip()
    if not title:
        return ParsedTitle()
    compact = re.sub(r"\s+", "", title)
    m = title_regex(pattern).match(compact)
    if m:
        groups = m.groupdict()
        year = int(groups.get("year") or 0)
        if groups.get("year") is None or MIN_YEAR <= year <= MAX_YEAR:
            short = groups.get("unit_short") or ""
            name = groups.get("unit_name") or ""
            rendered = pattern.format(year=year or "", unit_short=short, unit_name=name)
            return ParsedTitle(year, short, name, "" if rendered == title else title, True)
    year = 0
    for ym in _YEAR_RE.finditer(compact):
        if MIN_YEAR <= int(ym.group(1)) <= MAX_YEAR:
            year = int(ym.group(1))
            break
    return ParsedTitle(year=year, override=title)


# 「弥勒市第三中学2024年度部门整体支出绩效自评报告」「2024年度湘潭县公路建设养护中心部门整体支出…」
_UNIT_BEFORE_YEAR = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{2,40}?)(?:(?:19|20|21)\d{2}\s*年|部门整体支出|整体支出)")
_UNIT_AFTER_YEAR = re.compile(r"^(?:19|20|21)\d{2}\s*年度?(?P<unit>[\u4e00-\u9fff（）()]{2,40}?)"
                              r"(?:部门整体支出|部门支出|整体支出|部门（单位）|部门|单位)")
_UNIT_ENDINGS = ("办事处", "人民政府", "政府", "委员会", "办公室", "管理局", "中心", "学校", "中学", "小学",
                 "幼儿园", "医院", "卫生院", "研究院", "局", "委", "厅", "院", "所", "站", "队", "馆", "街道", "镇", "乡")


def unit_in_title(title: str) -> str:
    """The unit's name a title starts with (or has right after its year), when it ends like one."""
    compact = re.sub(r"\s+", "", title or "")
    for rx in (_UNIT_BEFORE_YEAR, _UNIT_AFTER_YEAR):
        m = rx.match(compact)
        if m and m.group("unit").endswith(_UNIT_ENDINGS):
            return m.group("unit")
    return ""

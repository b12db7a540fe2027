"""Every piece of text a clerk types into a report, with an exact place: what the checks and the
report-wide find and replace walk over, and what the app needs to jump to a field and select a span.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfeval.domain.model import Report, Section

# The report's own one-line fields (基本信息), in the order the 基本信息 tab shows them.
REPORT_FIELDS: dict[str, str] = {
    "unit_name": "单位全称",
    "unit_short": "单位简称",
    "title_override": "标题",
    "contact_person": "联系人",
    "contact_phone": "联系电话",
    "signature": "落款",
}
SECTION_FIELD_LABELS = {"intro": "导语", "lead": "要点", "text": "正文", "figure": "数据"}
# The 自评表's typed text: its place's ``section`` is TABLE_SECTION (the 自评表 tab's key; section keys never
# start with ":"), ``entry`` the 三级 row's index in ``SelfEvalTable.indicators()`` order (None: the table's
# own text), ``field`` one of these.
TABLE_SECTION = ":table"
TABLE_TEXT_LABELS = {"supervisor": "主管部门", "goal_expected": "年度总体目标", "goal_achieved": "实际完成情况"}
INDICATOR_TEXT_LABELS = {"name": "三级指标", "target_text": "年度指标值", "analysis": "偏差原因分析及改进措施"}


@dataclass(frozen=True)
class Place:
    """Where a piece of text stands.

    ``section`` is a section key ("" for the report's own fields), ``entry`` the index of the entry
    (None for a section's intro, a figure or a report field), ``field`` one of intro / lead / text /
    figure, a key of :data:`REPORT_FIELDS`, or "layout"; ``figure`` the figure's name when
    ``field == "figure"``; ``start``/``end`` the character span inside that field's text.
    """

    section: str = ""
    entry: int | None = None
    field: str = ""
    figure: str = ""
    start: int = 0
    end: int = 0

    def at(self, start: int, end: int) -> "Place":
        return Place(self.section, self.entry, self.field, self.figure, start, end)

    @property
    def field_id(self) -> tuple:
        """The field without the span: two places in the same text have the same ``field_id``."""
        return (self.section, self.entry, self.field, self.figure)

    def label(self, report: Report | None = None) -> str:
        """The place in words: 「管理效率分析 · 第2条 · 正文 · 第15–22字」."""
        parts: list[str] = []
        if self.section == TABLE_SECTION:
            parts.append("自评表")
            if self.entry is not None:
                name = ""
                if report is not None and 0 <= self.entry < len(report.table.indicators()):
                    name = report.table.indicators()[self.entry][2].name.strip()
                parts.append(f"“{name}”" if name else f"第{self.entry + 1}个三级指标")
            parts.append(TABLE_TEXT_LABELS.get(self.field) or INDICATOR_TEXT_LABELS.get(self.field, self.field))
            if self.end > self.start:
                parts.append(f"第{self.end}字" if self.end == self.start + 1 else f"第{self.start + 1}–{self.end}字")
            return " · ".join(parts)
        if self.section:
            heading = self.section
            if report is not None:
                try:
                    heading = report.section(self.section).heading or self.section
                except KeyError:
                    pass
            parts.append(heading)
        elif self.field in REPORT_FIELDS:
            parts.append("基本信息")
        if self.entry is not None:
            parts.append(f"第{self.entry + 1}条")
        if self.field == "figure":
            parts.append(f"数据“{self.figure}”")
        elif self.field == "layout":
            parts.append("版式设置")
        elif self.field == "table":
            parts.append("自评表")
            if self.figure:
                parts.append(self.figure)
        else:
            parts.append(SECTION_FIELD_LABELS.get(self.field) or REPORT_FIELDS.get(self.field, self.field))
        if self.end > self.start and self.field != "figure":
            parts.append(f"第{self.end}字" if self.end == self.start + 1 else f"第{self.start + 1}–{self.end}字")
        return " · ".join(parts)


@dataclass(frozen=True)
class TextField:
    place: Place  # span 0..0: the whole field
    text: str


def section_fields(section: Section) -> list[TextField]:
    """A section's typed text in reading order: intro, then each entry's lead and text."""
    fields = [TextField(Place(section.key, None, "intro"), section.intro)]
    for i, entry in enumerate(section.entries):
        fields.append(TextField(Place(section.key, i, "lead"), entry.lead))
        fields.append(TextField(Place(section.key, i, "text"), entry.text))
    return fields


def figure_fields(section: Section) -> list[TextField]:
    """The figures' values as they print (「7704.69元」); figures not filled in have none."""
    return [TextField(Place(section.key, None, "figure", f.name), f.render())
            for f in section.figures if f.value is not None]


def report_fields(report: Report) -> list[TextField]:
    return [TextField(Place("", None, name), getattr(report, name)) for name in REPORT_FIELDS]


def table_fields(report: Report) -> list[TextField]:
    """The 自评表's typed text (主管部门, 年度目标, each 三级 row's name, 指标值 in words and 偏差原因分析); a
    report whose table was never filled has none."""
    table = report.table
    if table.is_blank:
        return []
    fields = [TextField(Place(TABLE_SECTION, None, name), getattr(table, name)) for name in TABLE_TEXT_LABELS]
    for k, (_group, _category, indicator) in enumerate(table.indicators()):
        fields += [TextField(Place(TABLE_SECTION, k, name), getattr(indicator, name))
                   for name in INDICATOR_TEXT_LABELS]
    return fields


def all_fields(report: Report, *, figures: bool = True, table: bool = False) -> list[TextField]:
    """Every text field of the report: its own fields, then each section's text (and figures), then (with
    ``table``: find and replace) the 自评表's."""
    fields = report_fields(report)
    for section in report.sections:
        fields += section_fields(section)
        if figures:
            fields += figure_fields(section)
    if table:
        fields += table_fields(report)
    return fields


def field_text(report: Report, place: Place) -> str:
    """The current text of the field ``place`` points into (KeyError/IndexError if it is gone)."""
    if not place.section:
        if place.field not in REPORT_FIELDS:
            raise KeyError(place.field)
        return getattr(report, place.field)
    if place.section == TABLE_SECTION:
        table = report.table
        if place.entry is None:
            if place.field not in TABLE_TEXT_LABELS:
                raise KeyError(place.field)
            return getattr(table, place.field)
        if place.field not in INDICATOR_TEXT_LABELS:
            raise KeyError(place.field)
        return getattr(table.indicators()[place.entry][2], place.field)
    section = report.section(place.section)
    if place.field == "intro":
        return section.intro
    if place.field == "figure":
        figure = section.figure(place.figure)
        if figure is None or figure.value is None:
            raise KeyError(place.figure)
        return figure.render()
    if place.entry is None or not 0 <= place.entry < len(section.entries):
        raise IndexError(place.entry)
    entry = section.entries[place.entry]
    if place.field == "lead":
        return entry.lead
    if place.field == "text":
        return entry.text
    raise KeyError(place.field)

"""The report model: a 说明 as data, faithful to what the clerk wrote.

A report is self-contained: each section keeps its own heading, level, kind and paragraph style,
copied from the outline template when the report was made, so a report never changes because a
template file did. ``to_dict``/``from_dict`` give the JSON form used by the store, exchange files
and the bundled sample (Decimals as strings, never floats).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from selfeval.domain.fields import FIELDS, REPORT_FIELDS, TABLE_FIELD
from selfeval.domain.figures import Figure, FigureKind, Formula, format_decimal, round_percent
from selfeval.domain.layout import LayoutSettings
from selfeval.domain.lazy_pattern import LazyPattern
from selfeval.domain.report_format import FORMAT_VERSION, upgrade


if TYPE_CHECKING:
    from selfeval.domain.explanations import Explanation
    from selfeval.domain.table.model import SelfEvalTable


class SectionKind(str, Enum):
    GROUP = "group"  # a heading that only holds the sections below it
    ITEMS = "items"  # 一是…二是…, each an optional lead phrase and text
    THEMES = "themes"  # run-in themes: "党建引领激发动能。…"
    SUBHEADS = "subheads"  # 1.基层治理提质增效。…
    PARAGRAPHS = "paragraphs"  # plain paragraphs
    FIGURES = "figures"  # paragraphs with named figures ({已用金额}) and derived rates

    @property
    def label(self) -> str:
        return {
            "group": "分组标题",
            "items": "分条列举（一是…二是…）",
            "themes": "主题段落",
            "subheads": "小标题段落（1.…）",
            "paragraphs": "普通段落",
            "figures": "数据段落",
        }[self.value]


# Punctuation that may end a lead phrase; a lead without it gets 「。」 when rendered.
LEAD_ENDINGS = "。：:；;，,！？!?"


class _Record:
    """Equality, repr and ``copy_with`` over the attributes named in ``FIELDS``, as ``@dataclass`` would
    write them. The model's classes are written out, not made by ``@dataclass``: defining a dataclass
    runs its generated methods' source through ``exec``, about 1 ms of every start each (issue 11).
    Their ``__init__`` takes ``FIELDS`` in order (tests/domain/test_model_records.py holds them to it)."""

    FIELDS: tuple[str, ...] = ()
    __hash__ = None  # mutable: equal by value, so not hashable (as a dataclass with eq)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{self.__class__.__qualname__}({shown})"

    def copy_with(self, **changes):
        """A shallow copy with ``changes`` (as ``dataclasses.replace``)."""
        values = {name: getattr(self, name) for name in self.FIELDS}
        unknown = set(changes) - set(values)
        if unknown:
            raise TypeError(f"{self.__class__.__name__} has no field {sorted(unknown)[0]!r}")
        values.update(changes)
        return self.__class__(**values)


class Entry(_Record):
    """One item, theme, sub-head or paragraph. ``text`` may hold further paragraphs after "\\n"."""

    FIELDS = ("lead", "text")

    def __init__(self, lead: str = "", text: str = "") -> None:
        self.lead = lead
        self.text = text

    def joined(self) -> str:
        """Lead and text as they read in the document (first paragraph only gets the lead)."""
        lead = self.lead.strip()
        if lead and lead[-1] not in LEAD_ENDINGS:
            lead += "。"
        return lead + self.text

    def to_dict(self) -> dict:
        return {"lead": self.lead, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Entry":
        return cls(lead=data.get("lead", ""), text=data.get("text", ""))


PLACEHOLDER_RE = LazyPattern(r"\{([^{}\n]{1,20})\}")


class Section(_Record):
    """One section of the 说明: its heading and level (copied from the outline), its kind (which editor it
    gets) and what the clerk wrote."""

    FIELDS = ("key", "heading", "level", "kind", "inline", "intro", "entries", "figures", "extra", "hint",
              "prompts", "notes", "elsewhere")

    def __init__(self, key: str, heading: str, level: int, kind: SectionKind, inline: bool = False,
                 intro: str = "", entries: list[Entry] | None = None, figures: list[Figure] | None = None,
                 extra: bool = False, hint: str = "", prompts: dict[str, str] | None = None,
                 notes: list[str] | None = None, elsewhere: bool = False) -> None:
        self.key = key
        self.heading = heading
        self.level = level
        self.kind = kind
        # True: all entries run on in one paragraph (一是…二是… in one paragraph); False: one paragraph each.
        self.inline = inline
        self.intro = intro
        self.entries: list[Entry] = [] if entries is None else entries
        self.figures: list[Figure] = [] if figures is None else figures
        # Not part of the outline: kept from an import so that nothing is dropped.
        self.extra = extra
        self.hint = hint
        # The grey example text of the editor's empty fields, from the outline: "intro", "lead", "text".
        self.prompts: dict[str, str] = {} if prompts is None else prompts
        # Notes kept with the section, e.g. a reviewer's comments (批注) from a Word document merged back;
        # never printed. Stored only when there are some (older sections hash as before).
        self.notes: list[str] = [] if notes is None else notes
        # Written elsewhere: a report made from an exchange file of some sections (a 科室's copy) marks the
        # sections the file did not hold, which the other side writes. Stored only when set.
        self.elsewhere = elsewhere

    @property
    def has_content(self) -> bool:
        return self.kind is not SectionKind.GROUP

    def figure_map(self) -> dict[str, Figure]:
        return {f.name: f for f in self.figures}

    def figure(self, name: str) -> Figure | None:
        return self.figure_map().get(name)

    def set_figure(self, figure: Figure) -> None:
        for i, f in enumerate(self.figures):
            if f.name == figure.name:
                self.figures[i] = figure
                return
        self.figures.append(figure)

    def fill(self, text: str) -> str:
        """Replace ``{名称}`` with the rendered figure; unknown names stay as typed."""
        figures = self.figure_map()
        if not figures:
            return text

        def sub(m: re.Match[str]) -> str:
            fig = figures.get(m.group(1))
            if fig is None:
                return m.group(0)
            if fig.value is None and fig.formula:
                computed = self.computed(fig)
                if computed is not None:
                    return format_decimal(round_percent(computed)) + fig.unit
            return fig.render()

        return PLACEHOLDER_RE.sub(sub, text)

    def computed(self, fig: Figure) -> Decimal | None:
        """The value a derived figure's formula gives (percent), or None."""
        if not fig.formula:
            return None
        try:
            formula = Formula.parse(fig.formula)
        except ValueError:  # a damaged formula (e.g. from a hand-edited file) computes nothing
            return None
        return formula.evaluate(self.figure_map())

    def plain_text(self) -> str:
        """All text of the section as it will read, figures filled in (for counts and checks)."""
        parts = [self.intro] if self.intro else []
        parts += [e.joined() for e in self.entries]
        return self.fill("\n".join(parts))

    def to_dict(self) -> dict:
        data: dict = {
            "key": self.key,
            "heading": self.heading,
            "level": self.level,
            "kind": self.kind.value,
            "inline": self.inline,
            "intro": self.intro,
            "entries": [e.to_dict() for e in self.entries],
            "figures": [figure_to_dict(f) for f in self.figures],
        }
        if self.extra:
            data["extra"] = True
        if self.hint:
            data["hint"] = self.hint
        if self.prompts:
            data["prompts"] = dict(self.prompts)
        if self.notes:
            data["notes"] = list(self.notes)
        if self.elsewhere:
            data["elsewhere"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Section":
        return cls(
            key=data["key"],
            heading=data.get("heading", ""),
            level=int(data.get("level", 2)),
            kind=SectionKind(data.get("kind", "paragraphs")),
            inline=bool(data.get("inline", False)),
            intro=data.get("intro", ""),
            entries=[Entry.from_dict(e) for e in data.get("entries", [])],
            figures=[figure_from_dict(f) for f in data.get("figures", [])],
            extra=bool(data.get("extra", False)),
            hint=data.get("hint", ""),
            prompts={str(k): str(v) for k, v in (data.get("prompts") or {}).items()},
            notes=[str(n) for n in (data.get("notes") or [])],
            elsewhere=bool(data.get("elsewhere", False)),
        )


def figure_to_dict(fig: Figure) -> dict:
    data = {"name": fig.name, "kind": fig.kind.value, "unit": fig.unit,
            "value": None if fig.value is None else str(fig.value)}
    if fig.formula:
        data["formula"] = fig.formula
    if fig.review:
        data["review"] = True
    if fig.source:
        data["source"] = fig.source
    if fig.apart:
        data["apart"] = fig.apart
    return data


def figure_from_dict(data: dict) -> Figure:
    value = data.get("value")
    return Figure(
        name=data["name"],
        kind=FigureKind(data.get("kind", "money")),
        unit=data.get("unit", ""),
        value=None if value in (None, "") else Decimal(str(value)),
        formula=data.get("formula", ""),
        review=bool(data.get("review", False)),
        source=str(data.get("source", "")),
        apart=str(data.get("apart", "")),
    )


class _TableSlot:
    """``Report.table``: the 自评表, kept in its JSON form until first used and then read once (by the
    registry's ``table`` field). Opening a report shows its window before the table's model is even
    imported (start-up, issue 11); whatever reads the table gets the same ``SelfEvalTable`` as before.
    A report made without a table has an empty one."""

    def __set_name__(self, owner, name: str) -> None:
        self.attr = "_" + name

    def __get__(self, report, owner=None):
        if report is None:
            return self  # read on the class
        value = report.__dict__[self.attr]
        if value is None or isinstance(value, dict):
            value = report.__dict__[self.attr] = FIELDS[TABLE_FIELD].load(value)
        return value

    def __set__(self, report, value) -> None:
        report.__dict__[self.attr] = value  # a SelfEvalTable, its JSON form, or None (empty)


DEFAULT_TITLE_PATTERN = "{year}年度{unit_short}部门整体支出绩效自评表说明"


class Report(_Record):
    """One report: the 基本信息 fields (``fields.REPORT_FIELDS``), its layout, 自评表 and 审核说明, and
    its sections in document order."""

    FIELDS = ("unit_name", "unit_short", "year", "template_id", "title_pattern", "title_override",
              "contact_person", "contact_phone", "signature", "sign_date", "layout", "table", "explanations",
              "sections")
    table = _TableSlot()  # the scored 自评表 (empty before it existed), read on first use

    def __init__(self, unit_name: str = "", unit_short: str = "", year: int = 0, template_id: str = "",
                 title_pattern: str = DEFAULT_TITLE_PATTERN, title_override: str = "",
                 contact_person: str = "", contact_phone: str = "", signature: str = "",
                 sign_date: dt.date | None = None, layout: LayoutSettings | None = None,
                 table: SelfEvalTable | dict | None = None,
                 explanations: dict[str, Explanation] | None = None,
                 sections: list[Section] | None = None) -> None:
        self.unit_name = unit_name  # 单位全称: 广州市荔湾区人民政府昌华街道办事处
        self.unit_short = unit_short  # 单位简称: 昌华街道
        self.year = year
        self.template_id = template_id
        self.title_pattern = title_pattern
        self.title_override = title_override
        self.contact_person = contact_person
        self.contact_phone = contact_phone
        self.signature = signature  # 落款 (unit name under the text); empty: none
        self.sign_date = sign_date
        self.layout = LayoutSettings() if layout is None else layout
        self.table = table  # a SelfEvalTable, its JSON form (read on first use) or None (an empty one)
        # The 审核说明: finding key -> the clerk's explanation or dismissal (empty before it existed).
        self.explanations: dict[str, Explanation] = {} if explanations is None else explanations
        self.sections: list[Section] = [] if sections is None else sections
        # Last year's values the text's 「{执行率较上年}」 compares with (``year_over_year.LastYear``), handed in by
        # the application (``app.check.compare_with_last_year``), never stored nor looked up by the domain.
        self.compared_with = None

    def copy_with(self, **changes) -> "Report":
        changes.setdefault("table", self.__dict__["_table"])  # as stored: a table not yet read stays unread
        copied = super().copy_with(**changes)
        copied.compared_with = self.compared_with
        return copied

    @property
    def title(self) -> str:
        if self.title_override.strip():
            return self.title_override.strip()
        # Plain replacement, not str.format: a brace in a template's title must not break the report.
        return (self.title_pattern.replace("{year}", str(self.year or ""))
                .replace("{unit_short}", self.unit_short).replace("{unit_name}", self.unit_name))

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def content_sections(self) -> list[Section]:
        """The sections that hold text (one tab each in the app)."""
        return [s for s in self.sections if s.has_content]

    def copy(self) -> "Report":
        copied = Report.from_dict(self.to_dict())
        copied.compared_with = self.compared_with
        return copied

    def to_dict(self) -> dict:
        data: dict = {"format": FORMAT_VERSION}
        data.update({f.name: f.dump(getattr(self, f.name)) for f in REPORT_FIELDS})
        data["template_id"] = self.template_id
        data["title_pattern"] = self.title_pattern
        data["sections"] = [s.to_dict() for s in self.sections]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        """The report of a JSON form of any format this program reads (``report_format.upgrade``)."""
        data = upgrade(data)
        return cls(
            **{f.name: f.load(data.get(f.name)) for f in REPORT_FIELDS if f.name != TABLE_FIELD},
            table=data.get(TABLE_FIELD),  # read on first use (``_TableSlot``)
            template_id=data.get("template_id", ""),
            title_pattern=data.get("title_pattern") or DEFAULT_TITLE_PATTERN,
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
        )


def format_date_cn(date: dt.date) -> str:
    """7.3.5: Arabic numerals, full year, no zero padding: 2025年3月1日."""
    return f"{date.year}年{date.month}月{date.day}日"

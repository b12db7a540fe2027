"""Outline templates: the sections of a 说明, their kinds, order and headings, as data (TOML files).

Another district's outline is a new file in ``resources/templates/``, never new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.domain.errors import TemplateError
from selfeval.domain.figures import DEFAULT_UNIT, Figure, FigureKind, Formula
from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.table.model import SelfEvalTable
from selfeval.domain.table.figures import TABLE_SOURCES
from selfeval.domain.table.template import TableTemplate, parse_table_template


@dataclass(frozen=True)
class FigureSpec:
    name: str
    kind: FigureKind
    unit: str
    formula: str = ""
    # Regular expression for the words that stand before the figure in running text
    # ("已用金额(?:合计)?(?:为)?"); the importer uses it to find the figure.
    pattern: str = ""
    # The 自评表 value the figure quotes (table_figures.TABLE_SOURCES), "" for none.
    source: str = ""

    def new_figure(self) -> Figure:
        return Figure(self.name, self.kind, self.unit, None, self.formula, source=self.source)


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    level: int
    kind: SectionKind
    inline: bool = False
    leads: bool = False  # items/themes normally start with a lead phrase
    aliases: tuple[str, ...] = ()
    hint: str = ""
    figures: tuple[FigureSpec, ...] = ()
    # Example texts shown in the section's empty fields: ("intro", …), ("lead", …), ("text", …).
    prompts: tuple[tuple[str, str], ...] = ()
    # For the checks: an empty required section is an error; a section over max_chars (0: the
    # template's section_max_chars setting) is pointed out.
    required: bool = True
    max_chars: int = 0
    # The role a section of any report's own outline can have (「问题」「改进措施」…): its name shown to
    # the clerk, and regular expressions over a heading's words that give it this role when no heading
    # or alias matches exactly (「存在的问题及原因分析」 is the 问题 section).
    role: str = ""
    patterns: tuple[str, ...] = ()
    # Regular expressions over the start of a section's text that give a heading without a role this one
    # (「一、其他」 whose text begins 「存在的主要问题是…」 is the 问题 section).
    content: tuple[str, ...] = ()
    # False for a role only (``[[roles]]``): a report made from the template has no such section.
    in_outline: bool = True

    @property
    def role_name(self) -> str:
        return self.role or self.heading

    def new_section(self) -> Section:
        return Section(
            key=self.key, heading=self.heading, level=self.level, kind=self.kind, inline=self.inline,
            figures=[f.new_figure() for f in self.figures], hint=self.hint, prompts=dict(self.prompts),
        )

    def matches(self, heading: str) -> bool:
        wanted = normalize_heading(heading)
        return any(normalize_heading(h) == wanted for h in (self.heading, *self.aliases))

    def reads_like(self, text: str) -> bool:
        """The section's text starts as this role's text does."""
        start = text[:60]
        return any(re.search(p, start) for p in self.content)

    def resembles(self, heading: str) -> bool:
        """The heading's words fit one of the role's patterns."""
        wanted = normalize_heading(heading)
        return any(re.search(p, wanted) for p in self.patterns)


@dataclass(frozen=True)
class OutlineTemplate:
    id: str
    name: str
    title: str
    sections: tuple[SectionSpec, ...]
    description: str = ""
    # Scoring and checking values a district may change (see self-eval-table.md §2).
    settings: dict = field(default_factory=dict)
    path: Path | None = None
    # The 自评表's indicator tree and scoring rules ([table]); None: the template defines no table.
    table: TableTemplate | None = None
    # Roles an imported report's own headings may take besides the outline's sections ([[roles]]).
    roles: tuple[SectionSpec, ...] = ()

    @property
    def role_specs(self) -> tuple[SectionSpec, ...]:
        """Every role a heading can take: the outline's sections, then the further roles."""
        return self.sections + self.roles

    def spec(self, key: str) -> SectionSpec:
        for s in self.role_specs:
            if s.key == key:
                return s
        raise KeyError(key)

    def find(self, heading: str) -> SectionSpec | None:
        """The role whose heading or alias is the heading's words."""
        for s in self.role_specs:
            if s.matches(heading):
                return s
        return None

    def role_for(self, heading: str, taken: set[str] | frozenset[str] = frozenset()) -> SectionSpec | None:
        """The role of a heading of a report's own outline: by heading or alias, else by pattern; a role
        in ``taken`` (given to an earlier heading) is not given again."""
        exact = self.find(heading)
        if exact is not None:
            return None if exact.key in taken else exact
        for s in self.role_specs:
            if s.key not in taken and s.resembles(heading):
                return s
        return None

    def role_by_content(self, text: str, taken: set[str] | frozenset[str] = frozenset()) -> SectionSpec | None:
        """The role a section's text shows when its heading shows none."""
        for s in self.role_specs:
            if s.key not in taken and s.content and s.reads_like(text):
                return s
        return None

    def new_report(self, *, unit_name: str = "", unit_short: str = "", year: int = 0) -> Report:
        return Report(
            unit_name=unit_name, unit_short=unit_short, year=year, template_id=self.id,
            title_pattern=self.title, signature="",
            sections=[s.new_section() for s in self.sections],
            table=self.table.new_table() if self.table else SelfEvalTable(),
        )


_HEADING_NOISE = re.compile(r"[\s　。：:、，,（）()]")


def normalize_heading(text: str) -> str:
    return _HEADING_NOISE.sub("", text or "")


def _figure_spec(raw: dict, where: str) -> FigureSpec:
    try:
        kind = FigureKind(raw.get("kind", "money"))
        spec = FigureSpec(
            name=raw["name"], kind=kind, unit=raw.get("unit") or DEFAULT_UNIT[kind],
            formula=raw.get("formula", ""), pattern=raw.get("pattern", ""), source=raw.get("source", ""),
        )
        if spec.formula:
            Formula.parse(spec.formula)
        if spec.pattern:
            re.compile(spec.pattern)
        if spec.source and spec.source not in TABLE_SOURCES:
            raise ValueError(f"source {spec.source!r}")
    except (KeyError, ValueError, re.error) as exc:
        raise TemplateError(f"模板 {where} 中的数据项定义有误：{exc}") from exc
    return spec


PROMPT_FIELDS = ("intro", "lead", "text")


def _prompts(raw: dict) -> tuple[tuple[str, str], ...]:
    unknown = set(raw) - set(PROMPT_FIELDS)
    if unknown:
        raise ValueError(f"prompts: unknown field {sorted(unknown)}")
    return tuple((name, str(raw[name])) for name in PROMPT_FIELDS if raw.get(name))


def _section_spec(raw: dict, where: str, *, in_outline: bool) -> SectionSpec:
    kind = SectionKind(raw.get("kind", "paragraphs"))
    level = int(raw.get("level", 2))
    if level not in (1, 2, 3):
        raise ValueError(f"level {level}")
    patterns = tuple(str(p) for p in raw.get("patterns", ()))
    content = tuple(str(p) for p in raw.get("content", ()))
    for p in (*patterns, *content):
        re.compile(p)
    return SectionSpec(
        key=raw["key"], heading=raw["heading"], level=level, kind=kind,
        inline=bool(raw.get("inline", False)), leads=bool(raw.get("leads", False)),
        aliases=tuple(raw.get("aliases", ())), hint=raw.get("hint", ""),
        figures=tuple(_figure_spec(f, where) for f in raw.get("figures", ())),
        prompts=_prompts(raw.get("prompts", {})),
        # A role outside the outline is never required: a report that has no such heading lacks nothing.
        required=bool(raw.get("required", in_outline)), max_chars=int(raw.get("max_chars", 0)),
        role=str(raw.get("role", "")), patterns=patterns, content=content, in_outline=in_outline,
    )


def parse_template(data: dict, path: Path | None = None) -> OutlineTemplate:
    where = path.name if path else data.get("id", "?")
    try:
        sections = [_section_spec(raw, where, in_outline=True) for raw in data["sections"]]
        roles = tuple(_section_spec(raw, where, in_outline=False) for raw in data.get("roles", ()))
        keys = [s.key for s in (*sections, *roles)]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate section key")
        settings = dict(data.get("settings", {}))
        table = None
        if "table" in data:
            table = parse_table_template(data["table"], settings.get("low_execution_percent", "90"))
        return OutlineTemplate(
            id=data["id"], name=data["name"], title=data["title"], sections=tuple(sections),
            description=data.get("description", ""), settings=settings, path=path, table=table, roles=roles,
        )
    except (KeyError, ValueError, TypeError, AttributeError, re.error) as exc:
        raise TemplateError(f"大纲模板 {where} 格式有误：{exc}") from exc


def load_template(path: Path) -> OutlineTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"无法读取大纲模板 {path.name}：{exc}") from exc
    return parse_template(data, path)


def load_templates(folder: Path) -> dict[str, OutlineTemplate]:
    templates = {}
    for path in sorted(folder.glob("*.toml")):
        tpl = load_template(path)
        templates[tpl.id] = tpl
    return templates

"""The import preview: what was found in a file (title, cover fields, the report's own heading tree) and
the role each heading takes, before anything is stored. The user may pick another outline (the roles
are found again), give a heading another role or none, or change its level; each change gives a new
preview, and ``result`` is the report that would be stored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.outline import OutlineTemplate
from selfeval.domain.text import char_count
from selfeval.importers.errors import ImportError_
from selfeval.importers.mapping import LEVELS, NO_ROLE, Placement, build_report
from selfeval.importers.outline_choice import OutlineChoice, choose_outline
from selfeval.importers.source import SourceText
from selfeval.bundled.templates import DEFAULT_TEMPLATE_ID, bundled_templates


@dataclass
class ImportResult:
    report: Report
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectionPreview:
    """One section of the report the import would make."""

    key: str
    heading: str
    level: int
    kind: SectionKind
    outline: bool  # the section has a role (False: an ordinary section, or the text before the first heading)
    outline_heading: str  # the role's name (「问题」), "" for none
    source_heading: str | None  # the heading of the source it was made of; None: the text before the first
    entries: int  # items, themes, sub-heads or paragraphs found
    chars: int
    token: int | None = None  # the heading's token (``Placement.token``), None for the text before the first

    @property
    def empty(self) -> bool:
        return not self.chars


@dataclass(frozen=True)
class ImportPreview:
    source: SourceText
    choice: OutlineChoice
    read_notices: tuple[str, ...] = ()  # from reading the file: encoding, revisions, tables …
    overrides: tuple[tuple[int, str | None], ...] = ()  # heading token → role key or NO_ROLE
    levels: tuple[tuple[int, int], ...] = ()  # heading token → level chosen by the clerk
    source_name: str = ""
    source_format: str = ""  # 文本 / Word / PDF
    form: bytes = field(default=b"", repr=False, compare=False)  # a Word document with a 自评表 form: its data


    @classmethod
    def of(cls, source: SourceText, *, template: OutlineTemplate | None = None, read_notices: list[str] = (),
           source_name: str = "", source_format: str = "", form: bytes = b"") -> "ImportPreview":
        choice = choose_outline(source.tokens, bundled_templates(), DEFAULT_TEMPLATE_ID, template)
        return cls(source, choice, tuple(read_notices), (), (), source_name, source_format, form)

    # -- what the user can change -------------------------------------------------------------------
    def with_template(self, template: OutlineTemplate) -> "ImportPreview":
        """The same source with another outline's roles (found again; levels chosen are kept)."""
        choice = replace(self.choice, template=template, forced=True)
        return replace(self, choice=choice, overrides=())

    def with_mapping(self, token: int, key: str | None) -> "ImportPreview":
        """Heading ``token`` (a ``Placement.token``) takes role ``key`` (a role of the outline), or no
        role (``NO_ROLE``). A role is one heading's: the heading that had it keeps no role."""
        if not any(p.token == token for p in self.placements):
            raise ValueError(f"token {token} is not a heading")
        if key is not NO_ROLE:
            spec = next((s for s in self.template.role_specs if s.key == key), None)
            if spec is None:
                raise ImportError_(f"大纲“{self.template.name}”中没有“{key}”栏目。")
        overrides = dict(self.overrides)
        overrides[token] = key
        if key is not NO_ROLE:
            for p in self.placements:
                if p.key == key and p.token != token:
                    overrides[p.token] = NO_ROLE
        return replace(self, overrides=tuple(overrides.items()))

    with_role = with_mapping

    def with_level(self, token: int, level: int) -> "ImportPreview":
        """Heading ``token`` at ``level`` (1 一、 / 2 （一） / 3 1.)."""
        if not any(p.token == token for p in self.placements):
            raise ValueError(f"token {token} is not a heading")
        if level not in LEVELS:
            raise ImportError_(f"标题层级只能是 1 至 3 级，不能是 {level} 级。")
        levels = dict(self.levels)
        levels[token] = level
        return replace(self, levels=tuple(levels.items()))

    # -- what the import makes ----------------------------------------------------------------------
    @property
    def template(self) -> OutlineTemplate:
        return self.choice.template

    @cached_property
    def _built(self) -> tuple[Report, list[str], list[Placement]]:
        return build_report(self.source, self.template, dict(self.overrides), dict(self.levels), form=self.form)

    @property
    def report(self) -> Report:
        return self._built[0].copy()

    @property
    def placements(self) -> list[Placement]:
        return list(self._built[2])

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def notices(self) -> list[str]:
        return [*self.source.notices, *self.read_notices, self.choice.reason, *self._built[1]]

    @property
    def result(self) -> ImportResult:
        return ImportResult(self.report, self.notices)

    @property
    def roles(self) -> list[tuple[str, str]]:
        """The roles a heading can take in this outline: (key, name), in the outline's order."""
        return [(spec.key, spec.role_name) for spec in self.template.role_specs]

    @property
    def cover(self) -> dict[str, str]:
        """The cover fields read (评价年度, 单位名称, 填报人 …), by field name."""
        return dict(self.source.cover.fields)

    @property
    def sections(self) -> list[SectionPreview]:
        by_key = {p.key: p for p in self._built[2]}
        return [_section_preview(s, by_key.get(s.key)) for s in self._built[0].sections]

    @property
    def unmapped(self) -> list[SectionPreview]:
        """The sections without a role: ordinary sections of the report's own outline, and the text
        before its first heading."""
        return [s for s in self.sections if not s.outline]

    def summary_lines(self) -> list[str]:
        """The preview as lines of Chinese text (the CLI prints it): the heading tree with roles."""
        report = self._built[0]
        lines = [f"文件：{self.source_name}（{self.source_format}）" if self.source_name else "",
                 f"标题：{self.title or '（未找到）'}",
                 f"单位：{report.unit_name or '（未找到）'}；评价年度：{report.year or '（未找到）'}",
                 f"大纲：{self.template.name}（{self.template.id}）",
                 self.choice.reason, "章节（原文的标题、层级和顺序）："]
        for s in self.sections:
            indent = "  " * min(max(s.level, 1), 3)
            size = f"{s.entries} 条，{s.chars} 字" if not s.empty else "无正文"
            heading = s.heading or "（第一个标题之前的文字）"
            role = f"〔{s.outline_heading}〕" if s.outline else ""
            lines.append(f"{indent}{heading}{role}〔{s.kind.label}〕{size}")
        return [line for line in lines if line]


def _section_preview(section: Section, placement: Placement | None) -> SectionPreview:
    entries = len(section.entries) + (1 if section.intro.strip() else 0)
    role = placement.role if placement is not None else ""
    return SectionPreview(section.key, section.heading, section.level, section.kind, bool(role), role,
                          placement.text if placement is not None else None, entries,
                          char_count(section.plain_text()), placement.token if placement is not None else None)

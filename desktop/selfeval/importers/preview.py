"""The import preview: what was found in a file (title, headings, items, text that did not map) and
where it goes in the outline, before anything is stored. The user may pick another outline or map a
heading onto another section (or keep it as an extra section); each change gives a new preview, and
``result`` is the report that would be stored."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from selfeval.domain.model import Report, Section, SectionKind
from selfeval.domain.outline import OutlineTemplate
from selfeval.domain.text import char_count
from selfeval.importers.errors import ImportError_
from selfeval.importers.mapping import KEEP_AS_EXTRA, Placement, build_report
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
    outline: bool  # an outline section (False: an extra section keeping text that did not map)
    outline_heading: str  # the outline's heading for it ("" for an extra section)
    source_heading: str | None  # the heading of the source placed here; None: nothing was
    entries: int  # items, themes, sub-heads or paragraphs found
    chars: int

    @property
    def empty(self) -> bool:
        return not self.chars


@dataclass(frozen=True)
class ImportPreview:
    source: SourceText
    choice: OutlineChoice
    read_notices: tuple[str, ...] = ()  # from reading the file: encoding, revisions, tables …
    overrides: tuple[tuple[int, str | None], ...] = ()
    source_name: str = ""
    source_format: str = ""  # 文本 / Word / PDF

    @classmethod
    def of(cls, source: SourceText, *, template: OutlineTemplate | None = None, read_notices: list[str] = (),
           source_name: str = "", source_format: str = "") -> "ImportPreview":
        choice = choose_outline(source.tokens, bundled_templates(), DEFAULT_TEMPLATE_ID, template)
        return cls(source, choice, tuple(read_notices), (), source_name, source_format)

    # -- what the user can change -------------------------------------------------------------------
    def with_template(self, template: OutlineTemplate) -> "ImportPreview":
        """The same source on another outline (the mapping is found again)."""
        choice = replace(self.choice, template=template, forced=True)
        return replace(self, choice=choice, overrides=())

    def with_mapping(self, token: int, key: str | None) -> "ImportPreview":
        """Heading ``token`` (a ``Placement.token``) onto outline section ``key``, or kept as an extra
        section (``None``). The section it took before, if any, is left to the other headings."""
        if not any(p.token == token for p in self.placements):
            raise ValueError(f"token {token} is not a heading")
        if key is not KEEP_AS_EXTRA:
            spec = next((s for s in self.template.sections if s.key == key), None)
            if spec is None:
                raise ImportError_(f"大纲“{self.template.name}”中没有“{key}”栏目。")
        overrides = dict(self.overrides)
        overrides[token] = key
        if key is not KEEP_AS_EXTRA:
            # A section takes one heading: the heading that had it is kept as an extra section.
            for p in self.placements:
                if p.key == key and p.token != token:
                    overrides[p.token] = KEEP_AS_EXTRA
        return replace(self, overrides=tuple(overrides.items()))

    # -- what the import makes ----------------------------------------------------------------------
    @property
    def template(self) -> OutlineTemplate:
        return self.choice.template

    @cached_property
    def _built(self) -> tuple[Report, list[str], list[Placement]]:
        return build_report(self.source, self.template, dict(self.overrides))

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
    def sections(self) -> list[SectionPreview]:
        by_key = {p.key: p.text for p in self._built[2]}
        return [_section_preview(s, self.template, by_key.get(s.key)) for s in self._built[0].sections]

    @property
    def unmapped(self) -> list[SectionPreview]:
        """The extra sections: text kept because it did not map onto the outline."""
        return [s for s in self.sections if not s.outline]

    def summary_lines(self) -> list[str]:
        """The preview as lines of Chinese text (the CLI prints it)."""
        lines = [f"文件：{self.source_name}（{self.source_format}）" if self.source_name else "",
                 f"标题：{self.title or '（未找到）'}",
                 f"大纲：{self.template.name}（{self.template.id}）",
                 self.choice.reason, "章节："]
        for s in self.sections:
            indent = "  " * min(max(s.level, 1), 3)
            size = f"{s.entries} 条，{s.chars} 字" if not s.empty else "空"
            if s.outline:
                found = f"原文“{s.source_heading}”" if s.source_heading else "原文中没有"
                lines.append(f"{indent}{s.outline_heading}〔{s.kind.label}〕← {found}；{size}")
            else:
                heading = s.heading or "（第一个标题之前的文字）"
                lines.append(f"{indent}{heading}〔附加章节，未对应到大纲〕{size}")
        return [line for line in lines if line]


def _section_preview(section: Section, template: OutlineTemplate, source_heading: str | None) -> SectionPreview:
    entries = len(section.entries) + (1 if section.intro.strip() and section.kind is SectionKind.GROUP else 0)
    outline_heading = "" if section.extra else template.spec(section.key).heading
    return SectionPreview(section.key, section.heading, section.level, section.kind, not section.extra,
                          outline_heading, source_heading, entries, char_count(section.plain_text()))

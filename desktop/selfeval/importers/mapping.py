"""The report's own outline: one section per heading of the source (一、/（一）/1., and headings a Word
style or the layout makes), in its order, at its level, with its words. The outline template decides no
heading; it gives sections their *roles* (绩效目标, 自评结论, 履职效能, 管理效率, 问题, 改进措施, 基本情况 …,
matched by heading, alias or pattern in the template's data), so that the section editors, the checks
and the 自评表 know what a section is. A heading that has no role is an ordinary section.

The role or the level of any heading can be overridden (the import preview lets the clerk do it before
anything is stored)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from selfeval.domain.model import Entry, Report, Section, SectionKind
from selfeval.domain.numbering import parse_heading
from selfeval.domain.outline import OutlineTemplate, SectionSpec
from selfeval.domain.table.from_text import fill_table_from_text
from selfeval.importers.content import fill_section
from selfeval.importers.cover import contacts_in_body
from selfeval.importers.lines import MAX_HEADING_CHARS, Heading
from selfeval.importers.source import SourceText, is_bare_heading_line
from selfeval.importers.title import parse_title, unit_in_title
from selfeval.importers.unit_name import guess_unit_name

EXTRA_KEY_PREFIX = "extra-"
# The key of a section of the report's own outline that has no role.
SECTION_KEY_PREFIX = "part-"
PREAMBLE_HINT = "导入时位于第一个标题之前的文字。"
# Where a heading written on the same line as its text ends.
_RUNIN_STOP = re.compile(r"[：:。]")
# An override that gives a heading no role (an ordinary section of the report's own outline).
KEEP_AS_EXTRA = None
NO_ROLE = KEEP_AS_EXTRA
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Placement:
    """One heading of the source and the section made of it: ``key`` is that section's key (the role's
    key when it has a role); ``outline`` is True when it has a role."""

    token: int  # index of the heading in ``SourceText.tokens``
    level: int
    text: str
    key: str
    outline: bool
    runin: bool  # written on one line with its text
    role: str = ""  # the role's name (「问题」), "" for none
    source_level: int = 0  # the level the source gave it (``level`` may be the clerk's choice)


def build_report(source: SourceText, template: OutlineTemplate,
                 overrides: dict[int, str | None] | None = None,
                 levels: dict[int, int] | None = None, *, form: bytes = b"") -> tuple[Report, list[str], list[Placement]]:
    """The report, the notices, and the section made of each heading. ``overrides`` maps a heading's
    token index to a role key or to ``NO_ROLE``; ``levels`` maps it to a level (1–3). ``form``: the Word document
    whose 自评表 form (``importers.table_docx``) becomes the report's 自评表 (the text then only fills its gaps)."""
    return _Builder(template, overrides or {}, levels or {}, form).build(source)


@dataclass
class _Node:
    token: int | None  # None: the text before the first heading
    heading: Heading | None
    runin: bool = False
    paragraphs: list[str] = field(default_factory=list)
    level: int = 3
    children: bool = False
    spec: SectionSpec | None = None


class _Builder:
    def __init__(self, template: OutlineTemplate, overrides: dict[int, str | None], levels: dict[int, int],
                 form: bytes = b"") -> None:
        self.template = template
        self.form = form
        self.overrides = overrides
        self.levels = levels
        self.notices: list[str] = []
        self.report = template.new_report()
        self.report.sections = []

    def build(self, source: SourceText) -> tuple[Report, list[str], list[Placement]]:
        self._set_title(source)
        nodes = self._nodes(source)
        self._mark_children(nodes)
        self._give_roles(nodes)
        placements = self._sections(nodes)
        self._metadata(source)
        if self.form:
            self._table_from_form()
        self.notices += fill_table_from_text(self.report)
        return self.report, self.notices, placements

    def _table_from_form(self) -> None:
        """The 自评表 the document holds as a form (the export's 「部门整体支出绩效自评表」 pages before the 说明)."""
        from selfeval.importers.table_docx import read_table_docx

        found = read_table_docx(self.form, self.report.table)
        if found.table is None:
            return
        if found.problems:
            self.notices.append(f"文档中的自评表有 {len(found.problems)} 处未能读取（{found.problems[0]}），"
                                "自评表未按其填写，请在“自评表”中核对。")
            return
        self.report.table = found.table
        if not self.report.unit_name.strip() and found.unit_name:
            self.report.unit_name = found.unit_name
        if not self.report.year and found.year:
            self.report.year = found.year
        self.notices.append("已从文档中的“部门整体支出绩效自评表”读入自评表。")

    # -- the heading tree ------------------------------------------------------------------------------
    def _nodes(self, source: SourceText) -> list[_Node]:
        nodes: list[_Node] = []
        # Level-1 headings printed without numbers (no 「一、」 in the whole text): a bare line that is a
        # role's heading (「存在的问题」) is one too.
        bare_top = not any(t.heading is not None and t.heading.level == 1 and parse_heading(t.heading.line)
                           for t in source.tokens)
        for index, token in enumerate(source.tokens):
            heading = token.heading
            if (heading is None and bare_top and is_bare_heading_line(token.text)
                    and self.template.find(token.text) is not None):
                heading = Heading(1, 0, token.text.strip(), token.text.strip())
            if heading is None or not self._is_named_heading(index, heading.text):
                split = self._runin_heading(index, token.text)
                if split is not None:
                    heading, remainder = split
                    nodes.append(_Node(index, heading, runin=True, paragraphs=[remainder]))
                    self.notices.append(f"“{heading.text}”的标题与正文写在同一段，已拆分为标题和正文。")
                    continue
            if heading is None:
                if not nodes:
                    nodes.append(_Node(None, None))
                nodes[-1].paragraphs.append(token.text)
                continue
            if nodes and self._is_runin_subhead(index, heading, nodes[-1]):
                nodes[-1].paragraphs.append(token.text)
                continue
            nodes.append(_Node(index, heading))
        for node in nodes:
            if node.token is not None:
                wanted = self.levels.get(node.token, node.heading.level)
                node.level = wanted if wanted in LEVELS else node.heading.level
        return nodes

    def _is_named_heading(self, index: int, text: str) -> bool:
        """A heading line whose whole words are a role's heading or alias (never split as run-in)."""
        if index in self.overrides:
            return self.overrides[index] is not NO_ROLE
        return self.template.find(text) is not None

    def _runin_heading(self, index: int, paragraph: str) -> tuple[Heading, str] | None:
        """「（一）部门整体支出绩效目标：一是…」: a heading with a role run into its text, split apart."""
        parsed = parse_heading(paragraph)
        if parsed is None or parsed[0] > 3:
            return None
        level, number, rest = parsed
        m = _RUNIN_STOP.search(rest[: MAX_HEADING_CHARS + 1])
        if m is None:
            return None
        title, remainder = rest[: m.start()].strip(), rest[m.end():].strip()
        if not title or not remainder:
            return None
        if index in self.overrides or self.template.find(title) is not None:
            return Heading(level, number, title, paragraph), remainder
        return None

    def _is_runin_subhead(self, index: int, heading: Heading, current: _Node) -> bool:
        """In a section whose role is written as sub-heads, a 「1.」 line without a role of its own is one
        of its entries."""
        if current.heading is None or heading.level != 3 or index in self.overrides:
            return False
        spec = self._role_of(current)
        return (spec is not None and spec.kind is SectionKind.SUBHEADS
                and self.template.role_for(heading.text) is None)

    def _role_of(self, node: _Node, taken: set[str] | frozenset[str] = frozenset()) -> SectionSpec | None:
        if node.token in self.overrides:
            key = self.overrides[node.token]
            return None if key is NO_ROLE else self.template.spec(key)
        return self.template.role_for(node.heading.text, taken)

    @staticmethod
    def _mark_children(nodes: list[_Node]) -> None:
        for node, after in zip(nodes, nodes[1:]):
            node.children = node.heading is not None and after.heading is not None and after.level > node.level

    def _give_roles(self, nodes: list[_Node]) -> None:
        """Each role once, to the first heading it fits. A heading that only groups the headings below it
        takes a role only if the role is a group's (its text is in the sections below)."""
        forced = {key for token, key in self.overrides.items() if key is not NO_ROLE}
        taken: set[str] = set()
        for node in nodes:
            if node.heading is None:
                continue
            if node.token in self.overrides:
                spec = self._role_of(node)
            else:
                spec = self._role_of(node, taken | forced)
                if spec is None and node.paragraphs and not node.children:
                    spec = self.template.role_by_content(node.paragraphs[0], taken | forced)
                if spec is not None and node.children and not node.paragraphs and spec.kind is not SectionKind.GROUP:
                    spec = None
            repeated = self.template.find(node.heading.text)
            if spec is None and node.token not in self.overrides and repeated is not None and repeated.key in taken:
                self.notices.append(f"“{node.heading.text}”在原文中重复出现，第二处作为普通章节导入。")
            if spec is not None and spec.key in taken:
                spec = None
            if spec is not None:
                taken.add(spec.key)
            node.spec = spec

    # -- the sections -------------------------------------------------------------------------------------
    def _sections(self, nodes: list[_Node]) -> list[Placement]:
        placements: list[Placement] = []
        used_keys = {s.key for s in self.template.role_specs}
        count = 0
        for node in nodes:
            if node.heading is None:
                section = Section(key=f"{EXTRA_KEY_PREFIX}1", heading="", level=3, kind=SectionKind.PARAGRAPHS,
                                  extra=True, hint=PREAMBLE_HINT)
                self._fill(section, None, node.paragraphs)
                self.report.sections.append(section)
                self.notices.append("第一个标题之前的文字已保留在标题之前。")
                continue
            spec = node.spec
            if spec is not None:
                section = spec.new_section()
                section.heading = node.heading.text
                section.level = node.level
                key = spec.key
            else:
                while True:
                    count += 1
                    key = f"{SECTION_KEY_PREFIX}{count}"
                    if key not in used_keys:
                        break
                section = Section(key=key, heading=node.heading.text, level=node.level, kind=SectionKind.PARAGRAPHS)
            if node.children and not node.paragraphs:
                section.kind = SectionKind.GROUP
            elif section.kind is SectionKind.GROUP and not node.children:
                section.kind = SectionKind.PARAGRAPHS  # a group's role on a heading that holds text: editable
            if section.kind is not SectionKind.FIGURES:
                section.figures = []
            self._fill(section, spec, node.paragraphs)
            self.report.sections.append(section)
            placements.append(Placement(node.token, node.level, node.heading.text, key, spec is not None,
                                        node.runin, spec.role_name if spec else "", node.heading.level))
        self._note_roles(placements)
        return placements

    def _fill(self, section: Section, spec: SectionSpec | None, paragraphs: list[str]) -> None:
        """The section's body from its paragraphs, printing exactly as they were written; a kind that
        cannot print them so (an unusual layout) falls back to plain paragraphs."""
        if fill_section(section, spec, paragraphs, self.notices) or any("{" in p for p in paragraphs):
            return  # (a placeholder typed in the source prints its figure, not itself)
        section.intro = "\n".join(paragraphs) if section.kind is SectionKind.GROUP else ""
        if section.kind is not SectionKind.GROUP:
            section.kind = SectionKind.PARAGRAPHS
            section.figures = []
            section.entries = [Entry(text=p) for p in paragraphs]
            section.inline = False

    def _note_roles(self, placements: list[Placement]) -> None:
        if not placements:
            self.notices.append("原文中没有找到标题，全文已作为一节导入，请在预览中核对。")
            return
        roles = [f"“{p.text}”为{p.role}" for p in placements if p.outline]
        text = f"已按原文的 {len(placements)} 个标题建立章节（原文的顺序、层级和文字）"
        text += f"；按大纲“{self.template.name}”识别出栏目用途：{'，'.join(roles)}。" if roles else "。"
        self.notices.append(text)

    # -- title and 基本信息 -----------------------------------------------------------------------------
    def _set_title(self, source: SourceText) -> None:
        title = source.title
        if not title:
            self.notices.append("未找到标题，已按大纲模板的标题格式生成，请补填年度和单位简称。")
            return
        parsed = parse_title(title, self.template.title)
        self.report.year = parsed.year
        self.report.unit_short = parsed.unit_short
        self.report.title_override = parsed.override
        if not parsed.matched:
            self.notices.append(f"标题“{title}”与大纲模板的标题格式不同，已按原文保留为自定义标题。")

    def _metadata(self, source: SourceText) -> None:
        report, cover = self.report, source.cover
        signature = source.signature
        if signature is not None:
            report.signature = signature.unit
            report.sign_date = signature.date
            self.notices.append("已将文末的落款和日期识别为落款。" if signature.unit else "已将文末的日期识别为落款日期。")
        if cover.year:
            if report.year and report.year != cover.year:
                self.notices.append(f"标题中的年度 {report.year} 与封面的评价年度 {cover.year} 不同，已按评价年度。")
            report.year = cover.year
        text = "\n".join(t.text for t in source.tokens)
        unit = cover.get("unit_name")
        if not unit:
            unit = guess_unit_name(text, report.unit_short, signature.unit if signature else "")
        if not unit:
            unit = unit_in_title(source.title)
        report.unit_name = unit
        if not report.unit_short and unit:
            report.unit_short = unit
        contacts = contacts_in_body([t.text for t in source.tokens if t.heading is None])
        report.contact_person = cover.get("contact_person") or contacts.get("contact_person", "")
        report.contact_phone = cover.get("contact_phone") or contacts.get("contact_phone", "")
        if cover.get("supervisor"):
            report.table = replace(report.table, supervisor=cover.get("supervisor"))
        if cover.lines:
            read = [f"{label}“{cover.get(name)}”" for name, label in _COVER_LABELS if cover.get(name)]
            self.notices.append(f"已将封面信息（{len(cover.lines)} 行）读入基本信息：{'，'.join(read)}。"
                                + (f"填报日期“{cover.get('filled_on')}”不作为评价年度。" if cover.get("filled_on") else ""))


_COVER_LABELS = (("year", "评价年度"), ("unit_name", "单位名称"), ("supervisor", "主管部门"),
                 ("contact_person", "填报人"), ("contact_phone", "联系电话"))

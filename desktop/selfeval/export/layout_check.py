"""质检: any .docx read with python-docx and compared with the GB/T 9704-2012 numbers of
:mod:`selfeval.domain.layout`; each deviation is one Chinese sentence naming its clause.

Works on documents made elsewhere too (Word, WPS, python-docx): every value is resolved the way a word
processor does, from the paragraph or run through its style chain to the document defaults and theme.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import docx.text.paragraph
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from selfeval.domain import layout
from selfeval.domain.errors import UserError, os_error_reason
from selfeval.export import ooxml

STANDARD = "GB/T 9704-2012"
_MM_PER_PT = Decimal("25.4") / 72
_MARGIN_TOLERANCE_MM = Decimal("0.5")
_SIZE_TOLERANCE_PT = Decimal("0.1")
# Margins are stored in whole twips: a line pitch that fills the text block within this still counts
# (29 pt, an office practice for 22 lines, needs 638 pt of the 637.8 pt block).
_FILL_TOLERANCE_PT = Decimal("0.5")
_H1 = re.compile(r"^\s*[一二三四五六七八九十百零〇]+、")
_H2 = re.compile(r"^\s*（[一二三四五六七八九十百零〇]+）")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PAGE_NUMBER = re.compile(r"^\s*[—－-]\s*\{PAGE[^}]*\}\s*[—－-]\s*$")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

# Which font names count as the family a rule asks for: the official name, the fallbacks the layout
# allows, and the names the same family goes by in Word, WPS and on Linux.
FAMILIES = {
    layout.TITLE_FONT: ("小标宋", "XiaoBiaoSong", "FZXBS"),
    layout.HEADING1_FONT: ("黑体", "SimHei", "Hei"),
    layout.HEADING2_FONT: ("楷体", "KaiTi"),
    layout.BODY_FONT: ("仿宋", "FangSong"),
    layout.PAGE_NUMBER_FONT: ("宋体", "SimSun", "Song"),
}
_FAMILY_LABEL = {layout.TITLE_FONT: "小标宋", layout.HEADING1_FONT: "黑体", layout.HEADING2_FONT: "楷体",
                 layout.BODY_FONT: "仿宋", layout.PAGE_NUMBER_FONT: "宋体"}


class LayoutCheckError(UserError):
    """The file cannot be read as a Word document."""


@dataclass(frozen=True)
class Finding:
    clause: str  # of GB/T 9704-2012
    subject: str  # what was checked, in Chinese ("上边距", "正文")
    ok: bool
    detail: str = ""  # what is wrong, in Chinese (empty when ok)

    @property
    def message(self) -> str:
        return f"{self.subject}：{self.detail}（{STANDARD} {self.clause}）"


def _mm(length) -> Decimal:
    return (Decimal(int(length)) / 36000).quantize(Decimal("0.1"))  # EMU → mm


def _pt(value) -> Decimal:
    return Decimal(str(value)).normalize()


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _in_family(name: str | None, official: str) -> bool:
    return bool(name) and any(k.lower() in name.lower() for k in FAMILIES[official])


def _chain(style):
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


class _Document:
    """A .docx with the lookups a word processor makes: style chains, document defaults, theme fonts."""

    def __init__(self, path: Path):
        self.doc = docx.Document(str(path))
        self.default_rpr, self.default_ppr = ooxml.doc_defaults(self.doc.styles.element)
        self.theme = self._theme_fonts()

    def _theme_fonts(self) -> dict[str, str]:
        try:
            blob = self.doc.part.part_related_by(RT.THEME).blob
        except KeyError:
            return {}
        root = etree.fromstring(blob)
        fonts = {}
        for kind in ("major", "minor"):
            font = root.find(f".//{_A}{kind}Font")
            if font is None:
                continue
            ea = font.find(f"{_A}ea")
            name = ea.get("typeface") if ea is not None else ""
            if not name:  # Word takes the script font of the document's language: Simplified Chinese
                hans = font.find(f"{_A}font[@script='Hans']")
                name = hans.get("typeface") if hans is not None else ""
            fonts[f"{kind}EastAsia"] = name
        return fonts

    def ppr_layers(self, paragraph) -> list:
        layers = [paragraph._p.pPr]
        layers += [s.element.pPr for s in _chain(paragraph.style)]
        return [x for x in layers + [self.default_ppr] if x is not None]

    def rpr_layers(self, paragraph, run) -> list:
        layers = [run._r.rPr] if run is not None else []
        if run is not None and run.style is not None:
            layers += [s.element.rPr for s in _chain(run.style)]
        layers += [s.element.rPr for s in _chain(paragraph.style)]
        return [x for x in layers + [self.default_rpr] if x is not None]

    def east_asia_font(self, paragraph, run) -> str | None:
        for rpr in self.rpr_layers(paragraph, run):
            name, theme = ooxml.font_slot(rpr, "eastAsia")
            if theme:
                found = self.theme.get(theme)
                return f"{found}（主题字体）" if found else None
            if name:
                return name
        return None

    def latin_font(self, paragraph, run) -> str | None:
        for rpr in self.rpr_layers(paragraph, run):
            name, theme = ooxml.font_slot(rpr, "ascii")
            if theme or name:
                return name
        return None

    def size_pt(self, paragraph, run) -> Decimal:
        for rpr in self.rpr_layers(paragraph, run):
            half = ooxml.size_half_points(rpr)
            if half is not None:
                return Decimal(half) / 2
        return Decimal(10)  # Word's default when nothing says otherwise

    def char_advance_pt(self, paragraph, run) -> Decimal:
        spacing = next((s for s in map(ooxml.char_spacing, self.rpr_layers(paragraph, run)) if s is not None), 0)
        return self.size_pt(paragraph, run) + Decimal(spacing) / 20

    def paragraph_value(self, paragraph, name: str):
        value = getattr(paragraph.paragraph_format, name)
        if value is not None:
            return value
        for style in _chain(paragraph.style):
            value = getattr(style.paragraph_format, name)
            if value is not None:
                return value
        return None

    def line_spacing(self, paragraph) -> tuple[str, Decimal | None]:
        """("exact", pt) / ("atLeast", pt) / ("auto", multiple)."""
        value = self.paragraph_value(paragraph, "line_spacing")
        rule = self.paragraph_value(paragraph, "line_spacing_rule")
        if value is None and self.default_ppr is not None:
            spacing = self.default_ppr.find(ooxml.qn("w:spacing"))
            if spacing is not None and spacing.get(ooxml.qn("w:line")):
                twips = Decimal(spacing.get(ooxml.qn("w:line")))
                kind = spacing.get(ooxml.qn("w:lineRule"), "auto")
                return (kind, twips / 20) if kind != "auto" else ("auto", twips / 240)
        if value is None:
            return "auto", Decimal(1)
        if rule == WD_LINE_SPACING.EXACTLY:
            return "exact", _pt(value.pt)
        if rule == WD_LINE_SPACING.AT_LEAST:
            return "atLeast", _pt(value.pt)
        if hasattr(value, "pt"):
            return "exact", _pt(value.pt)
        return "auto", _pt(value)

    def first_line_chars(self, paragraph, run) -> Decimal:
        for ppr in self.ppr_layers(paragraph):
            chars = ooxml.first_line_chars(ppr)
            if chars is not None:
                return Decimal(chars) / 100
            ind = ppr.find(ooxml.qn("w:ind"))
            if ind is not None and (ind.get(ooxml.qn("w:firstLine")) or ind.get(ooxml.qn("w:hanging"))):
                twips = Decimal(ind.get(ooxml.qn("w:firstLine")) or "-" + ind.get(ooxml.qn("w:hanging")))
                return (twips / 20 / self.char_advance_pt(paragraph, run)).quantize(Decimal("0.01"))
        return Decimal(0)

    def snaps_to_grid(self, paragraph) -> bool:
        switches = (ooxml.switch(ppr, "w:snapToGrid") for ppr in self.ppr_layers(paragraph))
        return next((on for on in switches if on is not None), True)

    def alignment(self, paragraph):
        return self.paragraph_value(paragraph, "alignment") or WD_ALIGN_PARAGRAPH.LEFT


def check_layout(path: str | Path) -> list[Finding]:
    """Every check, passed or not, in the order of the standard's clauses."""
    path = Path(path)
    dx = _open(path)
    findings: list[Finding] = []
    sections = list(dx.doc.sections)
    if all(_is_landscape(s) for s in sections):  # a landscape 自评表 alone: its pages are all there is
        for n, other in enumerate(sections, start=1):
            findings += _landscape_section(dx, other, f"第 {n} 节（横向）" if len(sections) > 1 else "横向页面")
        return findings
    section = sections[-1]  # the text's (a 自评表 before it may have a landscape section of its own)
    findings += _page(section)
    paragraphs = [p for p in dx.doc.paragraphs if p.text.strip()]
    findings += _grid(dx, section, paragraphs)
    findings += _paragraphs(dx, paragraphs)
    findings += _page_numbers(dx, section)
    for n, other in enumerate(sections[:-1], start=1):
        if _is_landscape(other):
            findings += _landscape_section(dx, other, f"第 {n} 节（横向）")
        else:
            findings += [_named(f, f"第 {n} 节") for f in _page(other) + _page_numbers(dx, other)]
    return findings


def _named(finding: Finding, where: str) -> Finding:
    return Finding(finding.clause, f"{where}{finding.subject}", finding.ok, finding.detail)


def _is_landscape(section) -> bool:
    return int(section.page_width or 0) > int(section.page_height or 0)


def _landscape_section(dx: _Document, section, where: str) -> list[Finding]:
    """8: a landscape table page is the A4 sheet turned (margins turned with it), and its page numbers
    print where the portrait pages have theirs: a turned text box in each footer."""
    want = layout.landscape_page()
    out = []
    width, height = _mm(section.page_width or 0), _mm(section.page_height or 0)
    a4 = abs(width - want.width) <= _MARGIN_TOLERANCE_MM and abs(height - want.height) <= _MARGIN_TOLERANCE_MM
    out.append(Finding("8", f"{where}纸张", a4, "" if a4 else
                       f"页面为 {_fmt(width)}×{_fmt(height)} 毫米，应为 A4 横向 {_fmt(want.width)}×{_fmt(want.height)} 毫米"))
    out += _margin_findings("8", section, (("上边距（订口）", want.top), ("下边距", want.bottom), ("左边距", want.left),
                                          ("右边距（天头）", want.right)), where)
    box = layout.landscape_page_number_box()
    odd_even = dx.doc.settings.odd_and_even_pages_header_footer
    for label, footer, align in (("单页页码", section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                                 ("双页页码", section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        if footer is section.even_page_footer and not odd_even:
            out.append(Finding("8", f"{where}{label}", False, "未设置“奇偶页不同”，双页页码无法居左"))
            continue
        found = None
        for candidate in ooxml.turned_text_boxes(footer._element):
            for p in candidate["paragraphs"]:
                if "{PAGE" in ooxml.field_text(p):
                    found = (candidate, docx.text.paragraph.Paragraph(p, footer))
        if found is None:
            out.append(Finding("8", f"{where}{label}", False, "页脚中没有转向的页码（与其他页页码位置一致的 PAGE 域）"))
            continue
        candidate, p = found
        problems = []
        place = [(candidate[k], layout.mm_to_pt(v)) for k, v in (("x", box.left), ("y", box.top),
                                                                  ("width", box.width), ("height", box.height))]
        if not candidate["vertical"] or any(got is None or abs(got - want_pt) > 2 for got, want_pt in place):
            problems.append("位置与其他页的页码不一致（应在纵向页面页码的同一位置，随页面转向）")
        if not _PAGE_NUMBER.match(ooxml.field_text(p._p)):
            problems.append("格式应为“— N —”")
        run = next((r for r in p.runs if r.text.strip()), None)
        if run is not None and abs(dx.size_pt(p, run) - layout.PAGE_NUMBER_SIZE_PT) > _SIZE_TOLERANCE_PT:
            problems.append(f"字号应为 {_size_label(layout.PAGE_NUMBER_SIZE_PT)}")
        if dx.alignment(p) != align:
            problems.append("未居右（单页码应居右空一字）" if align == WD_ALIGN_PARAGRAPH.RIGHT else "未居左（双页码应居左空一字）")
        out.append(Finding("8", f"{where}{label}", not problems, "；".join(problems)))
    return out


def failures(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.ok]


def _open(path: Path) -> _Document:
    name = path.name
    try:
        if path.is_dir():
            raise LayoutCheckError(f"“{path}”是一个文件夹，请指定要检查的 .docx 文件。")
        if not path.exists():
            raise LayoutCheckError(f"找不到文件“{path}”。")
        return _Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise LayoutCheckError(f"“{name}”不是有效的 Word 文档（.docx），或文件已损坏；"
                               "旧版 .doc 文件请先在 Word 或 WPS 中另存为 .docx。") from None
    except OSError as exc:
        raise LayoutCheckError(f"无法读取文件“{name}”（{os_error_reason(exc)}）。") from None


def _page(section) -> list[Finding]:
    out = []
    width, height = _mm(section.page_width or 0), _mm(section.page_height or 0)
    a4 = abs(width - layout.PAGE_WIDTH_MM) <= _MARGIN_TOLERANCE_MM and \
        abs(height - layout.PAGE_HEIGHT_MM) <= _MARGIN_TOLERANCE_MM
    out.append(Finding("5.1", "纸张", a4, "" if a4 else
                       f"页面为 {_fmt(width)}×{_fmt(height)} 毫米，应为 A4 纵向 "
                       f"{_fmt(layout.PAGE_WIDTH_MM)}×{_fmt(layout.PAGE_HEIGHT_MM)} 毫米"))
    out += _margin_findings("5.2.1", section, (("上边距（天头）", layout.MARGIN_TOP_MM), ("下边距", layout.MARGIN_BOTTOM_MM),
                                              ("左边距（订口）", layout.MARGIN_LEFT_MM), ("右边距", layout.MARGIN_RIGHT_MM)))
    return out


def _margin_findings(clause: str, section, wanted, where: str = "") -> list[Finding]:
    """The section's top, bottom, left and right margins against ``wanted`` ((subject, mm) in that order)."""
    out = []
    got_values = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    for (subject, want), value in zip(wanted, got_values):
        got = _mm(value or 0)
        ok = abs(got - want) <= _MARGIN_TOLERANCE_MM
        out.append(Finding(clause, f"{where}{subject}", ok, "" if ok else f"为 {_fmt(got)} 毫米，应为 {_fmt(want)} 毫米"))
    return out


def _body_paragraph(dx: _Document, paragraphs):
    return next((p for p in paragraphs[1:] if not (_H1.match(p.text) or _H2.match(p.text))), None)


def _grid(dx: _Document, section, paragraphs) -> list[Finding]:
    """5.2.3: how many lines a page and characters a line the body text gets."""
    text_height_pt = Decimal(int(section.page_height or 0) - int(section.top_margin or 0)
                             - int(section.bottom_margin or 0)) / 12700
    text_width_pt = Decimal(int(section.page_width or 0) - int(section.left_margin or 0)
                            - int(section.right_margin or 0)) / 12700
    grid_type, line_pitch, char_space = ooxml.doc_grid(section._sectPr)
    body = _body_paragraph(dx, paragraphs)
    run = next((r for r in body.runs if r.text.strip()), None) if body is not None else None
    if body is not None:
        rule, value = dx.line_spacing(body)
    else:
        rule, value = "auto", Decimal(1)
    if rule in ("exact", "atLeast"):
        pitch = value
    else:  # single spacing, or snapped onto the grid's lines
        size = dx.size_pt(body, run) if body is not None else Decimal(10)
        pitch = max(Decimal(line_pitch) / 20, size * Decimal("1.2") * value) if grid_type != "default" \
            else size * Decimal("1.2") * value
    lines = int((text_height_pt + _FILL_TOLERANCE_PT) / pitch) if pitch else 0
    ok_lines = lines == layout.LINES_PER_PAGE
    out = [Finding("5.2.3", "每页行数", ok_lines, "" if ok_lines else
                   f"正文每页约 {lines} 行，应为 {layout.LINES_PER_PAGE} 行")]
    if body is None:
        advance = Decimal(10)
    elif grid_type in ("linesAndChars", "snapToChars") and dx.snaps_to_grid(body):
        advance = dx.size_pt(body, run) + Decimal(char_space) / 4096
    else:
        advance = dx.char_advance_pt(body, run)
    chars = int(text_width_pt / advance) if advance > 0 else 0
    ok_chars = chars == layout.CHARS_PER_LINE
    out.append(Finding("5.2.3", "每行字数", ok_chars, "" if ok_chars else
                       f"正文每行约 {chars} 字，应为 {layout.CHARS_PER_LINE} 字"))
    return out


_KINDS = (  # kind, subject, clause, font, size
    ("title", "标题", "7.3.1", layout.TITLE_FONT, layout.TITLE_SIZE_PT),
    ("h1", "一级标题（“一、”）", "7.3.3", layout.HEADING1_FONT, layout.HEADING_SIZE_PT),
    ("h2", "二级标题（“（一）”）", "7.3.3", layout.HEADING2_FONT, layout.HEADING_SIZE_PT),
    ("body", "正文", "7.3.3", layout.BODY_FONT, layout.BODY_SIZE_PT),
)
_SIZE_NAMES = {v: k for k, v in layout.FONT_SIZES_PT.items()}


def _kind(index: int, text: str) -> str:
    if _H1.match(text):
        return "h1"
    if _H2.match(text):
        return "h2"
    return "title" if index == 0 else "body"


def _size_label(pt: Decimal) -> str:
    name = _SIZE_NAMES.get(pt)
    return f"{_fmt(pt)} 磅（{name}）" if name else f"{_fmt(pt)} 磅"


def _problems(dx: _Document, paragraph, kind: str, font: str, size: Decimal) -> list[str]:
    run = next((r for r in paragraph.runs if r.text.strip()), None)
    problems = []
    east_asia = dx.east_asia_font(paragraph, run)
    if not _in_family(east_asia, font):
        problems.append(f"中文字体为“{east_asia or '未指定'}”，应为{_FAMILY_LABEL[font]}")
    got = dx.size_pt(paragraph, run)
    if abs(got - size) > _SIZE_TOLERANCE_PT:
        problems.append(f"字号为 {_size_label(got)}，应为 {_size_label(size)}")
    if kind == "body":
        other = next((r for r in paragraph.runs if _CJK.search(r.text) and not _in_family(
            dx.east_asia_font(paragraph, r), font)), None)
        if other is not None and not problems:
            problems.append(f"部分文字的中文字体为“{dx.east_asia_font(paragraph, other) or '未指定'}”，"
                            f"应为{_FAMILY_LABEL[font]}")
    if kind == "title":
        if dx.alignment(paragraph) != WD_ALIGN_PARAGRAPH.CENTER:
            problems.append("未居中")
        return problems
    rule, value = dx.line_spacing(paragraph)
    low, high = min(layout.LINE_SPACING_CHOICES_PT), max(layout.LINE_SPACING_CHOICES_PT)
    if rule != "exact" or not low <= value <= high:
        shown = f"固定值 {_fmt(value)} 磅" if rule == "exact" else (
            f"最小值 {_fmt(value)} 磅" if rule == "atLeast" else f"{_fmt(value)} 倍行距")
        problems.append(f"行距为“{shown}”，应为固定值 {_fmt(low)}～{_fmt(high)} 磅")
    indent = dx.first_line_chars(paragraph, run)
    if abs(indent - layout.FIRST_LINE_INDENT_CHARS) > Decimal("0.1"):
        problems.append(f"首行缩进 {_fmt(indent)} 字，应为 {layout.FIRST_LINE_INDENT_CHARS} 字")
    return problems


def _excerpt(text: str) -> str:
    text = text.strip().replace("\n", "")
    return text[:12] + ("…" if len(text) > 12 else "")


def _paragraphs(dx: _Document, paragraphs) -> list[Finding]:
    out = []
    by_kind: dict[str, list] = {kind: [] for kind, *_ in _KINDS}
    for index, p in enumerate(paragraphs):
        by_kind[_kind(index, p.text)].append(p)
    for kind, subject, clause, font, size in _KINDS:
        found = by_kind[kind]
        if not found:
            if kind in ("title", "body"):
                out.append(Finding(clause, subject, False, "文档中没有找到"))
            continue
        bad = [(p, _problems(dx, p, kind, font, size)) for p in found]
        bad = [(p, problems) for p, problems in bad if problems]
        if not bad:
            out.append(Finding(clause, subject, True))
            continue
        first, problems = bad[0]
        count = f"{len(bad)} 段不符合，如" if len(bad) > 1 else ""
        out.append(Finding(clause, subject, False, f"{count}“{_excerpt(first.text)}”：{'；'.join(problems)}"))
    return out


def _footer_paragraph(footer):
    return next((p for p in footer.paragraphs if "{PAGE" in ooxml.field_text(p._p)), None)


def _page_numbers(dx: _Document, section) -> list[Finding]:
    """7.5: 「— N —」 in 4号 宋体, odd pages right and even pages left."""
    out = []
    odd_even = dx.doc.settings.odd_and_even_pages_header_footer
    odd = _footer_paragraph(section.footer) if not section.footer.is_linked_to_previous else None
    out.append(Finding("7.5", "页码", odd is not None, "" if odd is not None else "页脚中没有页码（PAGE 域）"))
    if odd is None:
        return out
    shape = ooxml.field_text(odd._p)
    ok = bool(_PAGE_NUMBER.match(shape))
    out.append(Finding("7.5", "页码格式", ok, "" if ok else
                       f"为“{shape.replace('{PAGE}', 'N').strip()}”，应为“{layout.PAGE_NUMBER_DASH} N "
                       f"{layout.PAGE_NUMBER_DASH}”（数字两侧各一条一字线）"))
    run = next((r for r in odd.runs if r.text.strip()), None)
    font = dx.east_asia_font(odd, run) if run is not None else None
    latin = dx.latin_font(odd, run) if run is not None else None
    size = dx.size_pt(odd, run)
    problems = []
    if not (_in_family(latin, layout.PAGE_NUMBER_FONT) or _in_family(font, layout.PAGE_NUMBER_FONT)):
        problems.append(f"字体为“{latin or font or '未指定'}”，应为宋体")
    if abs(size - layout.PAGE_NUMBER_SIZE_PT) > _SIZE_TOLERANCE_PT:
        problems.append(f"字号为 {_size_label(size)}，应为 {_size_label(layout.PAGE_NUMBER_SIZE_PT)}")
    out.append(Finding("7.5", "页码字体", not problems, "；".join(problems)))
    right = dx.alignment(odd) == WD_ALIGN_PARAGRAPH.RIGHT
    out.append(Finding("7.5", "单页页码", right, "" if right else "未居右（单页码应居右空一字）"))
    even = _footer_paragraph(section.even_page_footer) if odd_even else None
    if not odd_even:
        detail = "未设置“奇偶页不同”，双页页码无法居左"
    elif even is None:
        detail = "双页页脚中没有页码"
    elif dx.alignment(even) not in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY):
        detail = "未居左（双页码应居左空一字）"
    else:
        detail = ""
    out.append(Finding("7.5", "双页页码", not detail, detail))
    return out


def report_lines(findings: list[Finding], name: str) -> list[str]:
    """What ``selfeval check-layout`` prints: one line per deviation, then a summary."""
    bad = failures(findings)
    lines = [f.message for f in bad]
    if bad:
        lines.append(f"“{name}”：共检查 {len(findings)} 项，{len(bad)} 项不符合 {STANDARD}《党政机关公文格式》。")
    else:
        lines.append(f"“{name}”符合 {STANDARD}《党政机关公文格式》：共检查 {len(findings)} 项，全部通过。")
    return lines

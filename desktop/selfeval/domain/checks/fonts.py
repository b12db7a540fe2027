"""Rule: a font the layout names that this PC does not have (提示). The caller passes the font
families it knows of (the app asks Qt); the domain never asks the operating system."""

from __future__ import annotations

from collections.abc import Iterator

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.official_fonts import OFFICIAL_FONTS
from selfeval.domain.text_fields import Place


def layout_fonts(ctx: CheckContext) -> list[str]:
    """The fonts the export writes into the document, as it names them, each once."""
    layout = ctx.report.layout
    names = [layout.font(f) for f in (layout.body_font, layout.title_font, layout.heading1_font,
                                      layout.heading2_font)] + [layout.latin_font]
    return list(dict.fromkeys(n for n in names if n))


def check(ctx: CheckContext) -> Iterator[Finding]:
    """One hint naming every font the layout names that this PC lacks (never one hint per font)."""
    if ctx.fonts is None:
        return
    available = {name.casefold() for name in ctx.fonts}
    # An official font may be installed under its English family name (SimHei for 黑体).
    names = {font.name: font.names() for font in OFFICIAL_FONTS}
    missing = [name for name in layout_fonts(ctx)
               if not any(n.casefold() in available for n in names.get(name, (name,)))]
    if not missing:
        return
    fallback = "" if ctx.report.layout.use_fallback_fonts else (
        "若本机有替代字体，可在基本信息的版式设置中勾选“使用替代字体名”。")
    shown = "".join(f"“{name}”" for name in missing)
    yield Finding("layout.font_missing", Severity.HINT,
                  f"本机没有字体{shown}：在本机打开导出的文档时会以其他字体显示，导出 PDF 时改用本机的替代字体，"
                  f"装有这些字体的电脑不受影响。{fallback}", Place("", None, "layout", "", 0, 0), "、".join(missing))

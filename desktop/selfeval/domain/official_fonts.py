"""The fonts the official layout names (GB/T 9704: 小标宋 title, 黑体/楷体/仿宋 headings and body), which of
them a PC lacks, and the one-time notice about it. Plain Python: the UI asks Qt which fonts are installed
and what it shows instead, and passes the answers in.

The program never ships these fonts (they are licensed separately); the exported .docx always names them,
so it prints right on a PC that has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from selfeval.domain.layout import BODY_FONT, HEADING1_FONT, HEADING2_FONT, TITLE_FONT


@dataclass(frozen=True)
class OfficialFont:
    name: str  # as the .docx names it (layout.py)
    use: str  # what it is used for, in the notice
    other_names: tuple[str, ...] = ()  # the same font installed under its English family name

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)


OFFICIAL_FONTS: tuple[OfficialFont, ...] = (
    OfficialFont(TITLE_FONT, "标题", ("FZXiaoBiaoSong-B05S",)),
    OfficialFont(HEADING1_FONT, "一级标题", ("SimHei",)),
    OfficialFont(HEADING2_FONT, "二级标题", ("KaiTi_GB2312",)),
    OfficialFont(BODY_FONT, "正文和三、四级标题", ("FangSong_GB2312",)),
)

NOTICE_TITLE = "缺少公文字体"

# What to install when no font on the PC writes Chinese (minimal and English Linux installs): the free CJK
# fonts of the Debian family's archives (Debian, Ubuntu, UOS/Deepin, Kylin, ...), and the Windows setting.
CHINESE_FONT_HELP = (
    "本电脑没有安装任何中文字体，界面、预览和导出的 PDF 中的中文会显示为方框或空白。请先安装中文字体："
    "统信 UOS、麒麟、Debian、Ubuntu 等系统可在终端运行“sudo apt install fonts-noto-cjk”"
    "（或 fonts-wqy-microhei）；"
    "Windows 请在“设置 → 时间和语言 → 语言”中添加“中文(简体)”（会同时装上中文字体）。安装后重新启动本程序。"
)


def missing_fonts(installed_families: Iterable[str]) -> list[OfficialFont]:
    """The official fonts none of whose names is among ``installed_families`` (case-insensitive)."""
    installed = {family.casefold() for family in installed_families}
    return [font for font in OFFICIAL_FONTS if not any(n.casefold() in installed for n in font.names())]


def missing_key(missing: Iterable[OfficialFont]) -> str:
    """What the settings remember, so the notice shows once per set of missing fonts ("" when none)."""
    return "|".join(sorted(font.name for font in missing))


def notice_text(missing: Sequence[tuple[OfficialFont, str | None]], chinese_font_installed: bool = True) -> str:
    """The notice for (missing font, the family this PC shows instead or None) pairs; without any font
    that writes Chinese (``chinese_font_installed`` False) it first says what to install."""
    lines = [CHINESE_FONT_HELP, ""] if not chinese_font_installed else []
    lines.append("本电脑没有安装公文格式（GB/T 9704-2012）所用的以下字体：")
    for font, substitute in missing:
        shown = f"本电脑上显示为“{substitute}”" if substitute else "本电脑上找不到可代替的字体"
        lines.append(f"　· {font.name}（{font.use}）：{shown}")
    lines += [
        "",
        "导出的 Word 文档仍然使用上述标准字体名称：在装有这些字体的电脑上打开或打印，版式完全正确；"
        "在本电脑上查看时，会用上面列出的字体代替，字形和字宽可能略有不同。",
        "本程序不附带这些字体（需另行取得授权）。如需在本电脑上准确查看和打印，请安装这些字体。",
    ]
    return "\n".join(lines)


# Free fonts of the same kind (Debian/Ubuntu packages, Windows' own), tried after the report's 替代字体名
# when a PDF is made on a PC without the official font: a 仿宋 or 楷体 shape rather than the office suite's
# default sans font.
FREE_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    BODY_FONT: ("仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC",
                "AR PL UMing CN"),
    HEADING2_FONT: ("楷体", "KaiTi", "STKaiti", "华文楷体", "AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai"),
    HEADING1_FONT: ("SimHei", "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", "Source Han Sans SC",
                    "WenQuanYi Zen Hei"),
    TITLE_FONT: ("华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC",
                 "AR PL SungtiL GB", "AR PL UMing CN"),
    "宋体": ("SimSun", "NSimSun", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"),
}


@dataclass(frozen=True)
class Substitution:
    """A font the document names that this PC lacks, and the installed font the PDF uses instead
    (None: none of the known equivalents is installed, the office suite picks one itself)."""

    named: str
    used: str | None


def _font_keys(layout) -> list[str]:
    """The layout's font settings as the official names ``layout.font`` maps, each once."""
    from selfeval.domain.layout import PAGE_NUMBER_FONT

    keys = (layout.body_font, layout.title_font, layout.heading1_font, layout.heading2_font, PAGE_NUMBER_FONT)
    return list(dict.fromkeys(k for k in keys if k))


def pdf_fonts(layout, installed_families: Iterable[str]):
    """``(layout for the PDF, substitutions)``: for every font the document would name that is not
    installed, the first installed one of the report's 替代字体名 and then :data:`FREE_EQUIVALENTS` is
    written instead (the .docx export itself is not changed: it keeps the official names)."""
    installed = {family.casefold(): family for family in installed_families}
    by_name = {font.name: font.names() for font in OFFICIAL_FONTS}

    def present(name: str) -> bool:
        return any(n.casefold() in installed for n in by_name.get(name, (name,)))

    # With use_fallback_fonts on, ``layout.font(key)`` is ``fallbacks[key][0]`` or, for an empty entry, key.
    kept = layout.fallbacks if layout.use_fallback_fonts else {}
    fallbacks = {key: tuple(kept.get(key, ())) for key in {*layout.fallbacks, *_font_keys(layout)}}
    substitutions: list[Substitution] = []
    for key in _font_keys(layout):
        written = layout.font(key)
        if present(written) or any(s.named == written for s in substitutions):
            continue
        candidates = [key, *layout.fallbacks.get(key, ()), *FREE_EQUIVALENTS.get(key, ())]
        used = next((c for c in candidates if present(c)), None)
        substitutions.append(Substitution(written, used))
        if used is not None:
            fallbacks[key] = (used,)
    if not any(s.used for s in substitutions):
        return layout, substitutions
    return layout._replace(use_fallback_fonts=True, fallbacks=fallbacks), substitutions


def substitution_text(substitutions: Sequence[Substitution]) -> str:
    """One Chinese sentence naming each substitution ("" when there is none)."""
    if not substitutions:
        return ""
    parts = [f"“{s.named}”改用“{s.used}”" if s.used else f"“{s.named}”由办公软件自动代替"
             for s in substitutions]
    return f"本机没有部分公文字体，PDF 中{'，'.join(parts)}（装有公文字体的电脑导出的 PDF 不受影响）。"

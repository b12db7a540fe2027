"""Automatic list numbering in a Word document: the label Word shows before a paragraph (「一、」
「（一）」「1.」), which is not in the paragraph's text. Resolved from ``numbering.xml``: the paragraph's
(or its style's) ``w:numPr`` → ``w:num`` → ``w:abstractNum`` level: start, format, label text.

Counting follows Word: lists that share an abstract definition count on together unless a
``w:startOverride`` restarts them; a level restarts when a higher level moves on.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from selfeval.domain.numbering import chinese_numeral

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": W}
LEVELS = 9
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _val(el: etree._Element | None, name: str = "val") -> str | None:
    return None if el is None else el.get(f"{{{W}}}{name}")


def _child_at(parent: etree._Element, tag: str, ilvl: int) -> etree._Element | None:
    """The child ``w:<tag>`` of ``parent`` whose ``w:ilvl`` is ``ilvl``."""
    for child in parent.findall(f"w:{tag}", _NS):
        if _val(child, "ilvl") == str(ilvl):
            return child
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    """A, B … Z, AA, BB … as Word counts letters."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """``n`` in the ``w:numFmt`` ``fmt``; formats this does not know print as decimals."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified", "ideographLegalTraditional") and 1 <= n <= 99_999_999:
        return chinese_numeral(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) - ord("0") + ord("０")) for d in str(n))
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str  # "%1、", "（%2）" …


class Numbering:
    """Labels of numbered paragraphs, in document order (call ``label`` once per paragraph, in order)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        if numbering is not None:
            for a in numbering.findall("w:abstractNum", _NS):
                self._abstract[_val(a, "abstractNumId") or ""] = a
            for n in numbering.findall("w:num", _NS):
                self._nums[_val(n, "numId") or ""] = n
        self._styles: dict[str, etree._Element] = {}
        if styles is not None:
            for s in styles.findall("w:style", _NS):
                self._styles[_val(s, "styleId") or ""] = s
        # Counters per abstract list; which w:num instances already applied their start overrides.
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[tuple[str, int]] = set()
        self.labelled = 0

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            num_pr = style.find("w:pPr/w:numPr", _NS)
            if num_pr is not None:
                return _val(num_pr.find("w:numId", _NS)), _int(_val(num_pr.find("w:ilvl", _NS)), 0)
            style_id = _val(style.find("w:basedOn", _NS))
        return None, None

    def outline_level(self, p: etree._Element) -> int | None:
        """The paragraph's outline level (0 for a 「标题 1」/Heading 1 paragraph), direct or from its
        style chain; None for body text."""
        ppr = p.find("w:pPr", _NS)
        if ppr is None:
            return None
        level = _val(ppr.find("w:outlineLvl", _NS))
        style_id, seen = _val(ppr.find("w:pStyle", _NS)), set()
        while level is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            level = _val(style.find("w:pPr/w:outlineLvl", _NS))
            style_id = _val(style.find("w:basedOn", _NS))
        value = _int(level, 9)
        return value if value < LEVELS else None

    def _num_of(self, p: etree._Element) -> tuple[str | None, int]:
        ppr = p.find("w:pPr", _NS)
        num_id = ilvl = None
        if ppr is not None:
            num_pr = ppr.find("w:numPr", _NS)
            if num_pr is not None:
                num_id = _val(num_pr.find("w:numId", _NS))
                ilvl = _int(_val(num_pr.find("w:ilvl", _NS)), 0) if num_pr.find("w:ilvl", _NS) is not None else None
            style_num, style_lvl = self._style_num(_val(ppr.find("w:pStyle", _NS)))
            if num_id is None:
                num_id = style_num
            if ilvl is None:
                ilvl = style_lvl
        return num_id, min(max(ilvl or 0, 0), LEVELS - 1)

    def _level(self, num: etree._Element, abstract: etree._Element, ilvl: int) -> Level | None:
        override = _child_at(num, "lvlOverride", ilvl)
        lvl = override.find("w:lvl", _NS) if override is not None else None
        if lvl is None:
            lvl = _child_at(abstract, "lvl", ilvl)
        if lvl is None:
            return None
        return Level(start=_int(_val(lvl.find("w:start", _NS)), 1),
                     fmt=_val(lvl.find("w:numFmt", _NS)) or "decimal",
                     text=_val(lvl.find("w:lvlText", _NS)) or "")

    def label(self, p: etree._Element) -> str:
        """The label Word shows before paragraph ``p`` ("" if it is not numbered); counts it."""
        num_id, ilvl = self._num_of(p)
        num = self._nums.get(num_id or "")
        if num is None or num_id == "0":
            return ""
        abstract_id = _val(num.find("w:abstractNumId", _NS)) or ""
        abstract = self._abstract.get(abstract_id)
        if abstract is None:
            return ""
        levels = [self._level(num, abstract, i) for i in range(LEVELS)]
        level = levels[ilvl]
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * LEVELS)
        level_override = _child_at(num, "lvlOverride", ilvl)
        override = level_override.find("w:startOverride", _NS) if level_override is not None else None
        if override is not None and (num_id, ilvl) not in self._started:
            self._started.add((num_id, ilvl))
            counters[ilvl] = _int(_val(override), 1)
        elif counters[ilvl] is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = None
        text = level.text
        for i in range(ilvl, -1, -1):  # %10 does not exist: levels are 1–9
            lvl_i = levels[i]
            value = counters[i] if counters[i] is not None else (lvl_i.start if lvl_i else 1)
            text = text.replace(f"%{i + 1}", format_number(value, lvl_i.fmt if lvl_i else "decimal"))
        self.labelled += 1
        return text

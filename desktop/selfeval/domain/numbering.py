"""Chinese numbering: 「一、」「（一）」「1.」「（1）」 headings and 「一是」 items."""

from __future__ import annotations

from selfeval.domain.lazy_pattern import LazyPattern

_DIGITS = "零一二三四五六七八九"


_GROUP_UNITS = ("千", "百", "十", "")
MAX_NUMERAL = 10**8 - 1


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九, 100 → 一百, 105 → 一百零五, 110 → 一百一十,
    10010 → 一万零一十 (a list may run past 九十九 items: it must still print)."""
    if not 1 <= n <= MAX_NUMERAL:
        raise ValueError(f"numeral out of range: {n}")
    high, low = divmod(n, 10_000)
    if not high:
        return _group_numeral(low, leading=True)
    out = _group_numeral(high, leading=True) + "万"
    if low:
        out += ("零" if low < 1000 else "") + _group_numeral(low, leading=False)
    return out


def _group_numeral(n: int, *, leading: bool) -> str:
    """1–9999 with 千百十; ``leading``: the first group of the number (10–19 read 十… not 一十…)."""
    digits = (n // 1000, n // 100 % 10, n // 10 % 10, n % 10)
    out, zero, started = "", False, False
    for digit, unit in zip(digits, _GROUP_UNITS):
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + unit
        started = True
    if leading and 10 <= n <= 19:
        out = out[1:]
    return out


def parse_chinese_numeral(text: str) -> int:
    if not text or any(ch not in _DIGITS + "十" for ch in text):
        raise ValueError(text)
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(text)
        return _DIGITS.index(text)
    tens_s, _, ones_s = text.partition("十")
    tens = _DIGITS.index(tens_s) if tens_s else 1
    ones = _DIGITS.index(ones_s) if ones_s else 0
    return tens * 10 + ones


def heading_marker(level: int, n: int) -> str:
    """The marker a heading of ``level`` (1–4) numbered ``n`` carries."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level {level}")


def item_marker(n: int) -> str:
    """「一是」「二是」…"""
    return f"{chinese_numeral(n)}是"


_CN = "[一二三四五六七八九十]{1,3}"
HEADING_RES: dict[int, LazyPattern] = {
    1: LazyPattern(rf"^\s*({_CN})\s*[、，,.．]\s*(.*)$"),
    2: LazyPattern(rf"^\s*[（(]\s*({_CN})\s*[）)]\s*[、，,.．]?\s*(.*)$"),
    3: LazyPattern(r"^\s*(\d{1,2})\s*[.．、](?!\d)\s*(.*)$"),
    4: LazyPattern(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$"),
}
ITEM_RE = LazyPattern(rf"({_CN})是")


def parse_heading(line: str) -> tuple[int, int, str] | None:
    """(level, number, rest) for a heading line, or None."""
    for level, rx in HEADING_RES.items():
        m = rx.match(line)
        if m:
            num = m.group(1)
            n = int(num) if num.isdigit() else parse_chinese_numeral(num)
            return level, n, m.group(2).strip()
    return None


def split_items(text: str) -> tuple[str, list[str]]:
    """Split ``"前言。一是…二是…"`` into ("前言。", ["…", "…"]) using consecutive 一是/二是 markers.

    Only markers that count up from 一 in order are taken, so a stray "二是" inside a sentence
    that was not preceded by "一是" is left alone.
    """
    positions: list[tuple[int, int]] = []
    expected = 1
    for m in ITEM_RE.finditer(text):
        try:
            n = parse_chinese_numeral(m.group(1))
        except ValueError:
            continue
        if n != expected:
            continue
        if n == 1 and m.start() > 0 and text[m.start() - 1] not in "。；;：:！？\n”":
            continue
        if n > 1 and text[m.start() - 1] not in "。；;！？\n”":
            continue
        positions.append((m.start(), m.end()))
        expected += 1
    if not positions:
        return text, []
    intro = text[: positions[0][0]]
    items = []
    for i, (_, end) in enumerate(positions):
        stop = positions[i + 1][0] if i + 1 < len(positions) else len(text)
        items.append(text[end:stop])
    return intro, items

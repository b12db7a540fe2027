"""Compact, invertible differences between two JSON values: what an op-log row stores.

A delta is itself a JSON value (a list whose first item is a tag), so a log row keeps it as text:

    ["="]                         nothing changed
    ["r", old, new]               the whole value replaced (any JSON; for a section, null = absent)
    ["t", [pos, old, new], ...]   a text patch: the hunks of a string in order, ``pos`` counted in the
                                  old string, ``old`` the characters taken out there, ``new`` those put in
    ["o", {key: d, ...}]          an object: each changed key's delta ``d``, or ["+", value] (key
                                  added) or ["-", value] (key removed)
    ["l", hunk, ...]              a list, hunks in order of the old index ``i``: [i, d] (element i
                                  changed by delta d) or [i, old_items, new_items] (a splice: insert,
                                  delete or both)
    ["m", start, order]           a list reordered: new[start + k] = old[start + order[k]]

A delta holds what it takes out as well as what it puts in, so ``invert`` turns it around (undo)
and ``apply`` checks that it is given the value the delta was made from: a log that does not fit
raises ``Mismatch`` instead of silently building a wrong report.

``diff`` finds what changed with common prefixes and suffixes, which is linear and exact. A long
changed middle of text (a typing burst that touched two places of a long text, a replace-all) is
split around common blocks found with ``str.find``, still about linear. Lists (entries, sections)
are matched with difflib only while both changed middles are short enough for it to stay fast.
"""

from __future__ import annotations

from typing import Any

NONE = ["="]

# Strings shorter than this (both together) are replaced whole: a patch would not be smaller.
SHORT_TEXT = 48
# A changed middle of text longer than this is split around common blocks (found from seeds of
# SEED characters, at most MAX_DEPTH splits deep) into several hunks.
SPLIT_TEXT = 200
SEED = 32
SEED_PLACES = (0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875)
MAX_DEPTH = 40
# Lists whose changed middles multiply to more than this are spliced whole instead of matched.
MAX_LIST_MATCH = 250_000

class Mismatch(ValueError):
    """A delta was applied to a value other than the one it was made from."""


def same(a: Any, b: Any) -> bool:
    """JSON equality: like ``==`` but ``True``, ``1`` and ``1.0`` differ (the key order of objects does not matter)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


# ------------------------------------------------------------------------ diff

def diff(a: Any, b: Any) -> list:
    """The delta that turns ``a`` into ``b``."""
    return NONE if same(a, b) else _diff(a, b)


def _diff(a: Any, b: Any) -> list:
    if isinstance(a, dict) and isinstance(b, dict):
        changes: dict[str, list] = {}
        for key, value in a.items():
            if key not in b:
                changes[key] = ["-", value]
            elif not same(value, b[key]):
                changes[key] = _diff(value, b[key])
        for key, value in b.items():
            if key not in a:
                changes[key] = ["+", value]
        return ["o", changes]
    if isinstance(a, list) and isinstance(b, list):
        return _list_diff(a, b)
    if isinstance(a, str) and isinstance(b, str) and len(a) + len(b) >= SHORT_TEXT:
        return ["t", *_text_hunks(a, b)]
    return ["r", a, b]


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix of two strings: blocks compared in C, growing while
    they match and halved where they differ, so a long string costs no Python loop per character."""
    n = min(len(a), len(b))
    i, step = 0, 64
    while i < n:
        j = min(i + step, n)
        if a[i:j] == b[i:j]:
            i, step = j, step * 2
        elif j - i > 16:
            step = (j - i) // 2
        else:
            while a[i] == b[i]:
                i += 1
            return i
    return n


def common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix of two strings, at most ``limit``."""
    la, lb = len(a), len(b)
    i, step = 0, 64
    while i < limit:
        j = min(i + step, limit)
        if a[la - j:la - i] == b[lb - j:lb - i]:
            i, step = j, step * 2
        elif j - i > 16:
            step = (j - i) // 2
        else:
            while a[la - 1 - i] == b[lb - 1 - i]:
                i += 1
            return i
    return limit


def _text_hunks(a: str, b: str) -> list[list]:
    hunks: list[list] = []
    _split(a, b, 0, hunks, 0)
    return hunks


def _split(old: str, new: str, offset: int, hunks: list[list], depth: int) -> None:
    """Append the hunks that turn ``old`` into ``new`` (positions + ``offset``): strip the common
    prefix and suffix; if a long middle remains, split it around a long common block and go on
    with both sides (a burst that touched a long text in two places gives two small hunks)."""
    p = common_prefix(old, new)
    s = common_suffix(old, new, min(len(old), len(new)) - p)
    old, new, offset = old[p:len(old) - s], new[p:len(new) - s], offset + p
    if not old and not new:
        return
    block = None
    if len(old) + len(new) > SPLIT_TEXT and min(len(old), len(new)) >= 2 * SEED and depth < MAX_DEPTH:
        block = _common_block(old, new)
    if block is None:
        hunks.append([offset, old, new])
        return
    i, j, n = block
    _split(old[:i], new[:j], offset, hunks, depth + 1)
    _split(old[i + n:], new[j + n:], offset + i + n, hunks, depth + 1)


def _common_block(old: str, new: str) -> tuple[int, int, int] | None:
    """A long block common to both, ``old[i:i+n] == new[j:j+n]``, grown from seeds of ``old``
    looked up in ``new`` where they would be if the changes were all after or all before them,
    else at the nearest place ``str.find`` (linear, in C) finds them."""
    best = None
    for frac in SEED_PLACES:
        i = int(len(old) * frac)
        seed = old[i:i + SEED]
        j = _place(seed, new, (i + len(new) - len(old), i))
        if j < 0:
            continue
        back = common_suffix(old[:i], new[:j], min(i, j))
        n = back + common_prefix(old[i:], new[j:])
        if best is None or n > best[2]:
            best = (i - back, j - back, n)
            if n * 4 >= len(old):
                break
    return best


def _place(seed: str, text: str, guesses: tuple[int, ...]) -> int:
    for j in guesses:
        if 0 <= j and text.startswith(seed, j):
            return j
    after = text.find(seed, guesses[-1])
    before = text.rfind(seed, 0, guesses[-1] + len(seed) - 1)
    if before < 0 or (0 <= after and after - guesses[-1] < guesses[-1] - before):
        return after
    return before


def _key(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _list_diff(a: list, b: list) -> list:
    n = min(len(a), len(b))
    p = 0
    while p < n and same(a[p], b[p]):
        p += 1
    s = 0
    while s < n - p and same(a[len(a) - 1 - s], b[len(b) - 1 - s]):
        s += 1
    old, new = a[p:len(a) - s], b[p:len(b) - s]
    if len(old) == len(new) == 1:  # one element changed (typing in an entry): no matching needed
        return ["l", [p, _diff(old[0], new[0])]]
    if not old or not new:
        return ["l", [p, old, new]]
    ka, kb = [_key(v) for v in old], [_key(v) for v in new]
    if len(old) == len(new) > 1 and sorted(ka) == sorted(kb):
        return ["m", p, _order(ka, kb)]
    if len(old) * len(new) <= MAX_LIST_MATCH:
        from difflib import SequenceMatcher

        opcodes = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    else:
        opcodes = [("replace", 0, len(old), 0, len(new))]
    hunks: list[list] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        hunks += [[p + i1 + k, _diff(old[i1 + k], new[j1 + k])] for k in range(paired)]
        if i2 - i1 != j2 - j1:
            hunks.append([p + i1 + paired, old[i1 + paired:i2], new[j1 + paired:j2]])
    return ["l", *hunks]


def _order(ka: list[str], kb: list[str]) -> list[int]:
    """For each item of ``kb``, the index of an equal item of ``ka`` (each used once)."""
    free: dict[str, list[int]] = {}
    for i, key in reversed(list(enumerate(ka))):
        free.setdefault(key, []).append(i)
    return [free[key].pop() for key in kb]


# ------------------------------------------------------------------------ apply and invert

def apply(value: Any, delta: list) -> Any:
    """``value`` changed by ``delta`` (a new value; ``value`` itself is never changed)."""
    tag = delta[0]
    if tag == "=":
        return value
    if tag == "r":
        if not same(value, delta[1]):
            raise Mismatch("value differs from the one replaced")
        return delta[2]
    if tag == "t":
        return _apply_text(value, delta[1:])
    if tag == "o":
        return _apply_object(value, delta[1])
    if tag == "l":
        return _apply_list(value, delta[1:])
    if tag == "m":
        return _apply_order(value, delta[1], delta[2])
    raise ValueError(f"unknown delta {tag!r}")


def _apply_text(value: Any, hunks: list) -> str:
    if not isinstance(value, str):
        raise Mismatch("text patch applied to a non-string")
    parts, cursor = [], 0
    for pos, old, new in hunks:
        if pos < cursor or pos > len(value) or value[pos:pos + len(old)] != old:
            raise Mismatch("text differs from the one patched")
        parts += [value[cursor:pos], new]
        cursor = pos + len(old)
    parts.append(value[cursor:])
    return "".join(parts)


def _apply_object(value: Any, changes: dict) -> dict:
    if not isinstance(value, dict):
        raise Mismatch("object delta applied to a non-object")
    out = dict(value)
    for key, change in changes.items():
        if change[0] == "+":
            if key in out:
                raise Mismatch(f"key {key!r} to add is there already")
            out[key] = change[1]
        elif change[0] == "-":
            if key not in out or not same(out[key], change[1]):
                raise Mismatch(f"key {key!r} to remove differs")
            del out[key]
        else:
            if key not in out:
                raise Mismatch(f"key {key!r} to change is missing")
            out[key] = apply(out[key], change)
    return out


def _apply_list(value: Any, hunks: list) -> list:
    if not isinstance(value, list):
        raise Mismatch("list delta applied to a non-list")
    out, cursor = [], 0
    for hunk in hunks:
        i = hunk[0]
        if i < cursor or i > len(value):
            raise Mismatch("list delta does not fit the list")
        out += value[cursor:i]
        if len(hunk) == 2:
            if i == len(value):
                raise Mismatch("list element to change is missing")
            out.append(apply(value[i], hunk[1]))
            cursor = i + 1
        else:
            old, new = hunk[1], hunk[2]
            if not same(value[i:i + len(old)], old):
                raise Mismatch("list items to replace differ")
            out += new
            cursor = i + len(old)
    out += value[cursor:]
    return out


def _apply_order(value: Any, start: int, order: list[int]) -> list:
    if not isinstance(value, list) or start + len(order) > len(value):
        raise Mismatch("reorder does not fit the list")
    end = start + len(order)
    return value[:start] + [value[start + k] for k in order] + value[end:]


def invert(delta: list) -> list:
    """The delta that undoes ``delta``: ``apply(apply(x, d), invert(d)) == x``."""
    tag = delta[0]
    if tag == "=":
        return delta
    if tag == "r":
        return ["r", delta[2], delta[1]]
    if tag == "t":
        out, shift = ["t"], 0
        for pos, old, new in delta[1:]:
            out.append([pos + shift, new, old])
            shift += len(new) - len(old)
        return out
    if tag == "o":
        flip = {"+": "-", "-": "+"}
        return ["o", {key: [flip[c[0]], c[1]] if c[0] in flip else invert(c) for key, c in delta[1].items()}]
    if tag == "l":
        out, shift = ["l"], 0
        for hunk in delta[1:]:
            if len(hunk) == 2:
                out.append([hunk[0] + shift, invert(hunk[1])])
            else:
                out.append([hunk[0] + shift, hunk[2], hunk[1]])
                shift += len(hunk[2]) - len(hunk[1])
        return out
    if tag == "m":
        back = [0] * len(delta[2])
        for k, i in enumerate(delta[2]):
            back[i] = k
        return ["m", delta[1], back]
    raise ValueError(f"unknown delta {tag!r}")

"""Scoring rules as data (issue 20): how one 三级 indicator turns its completed value into a score, the words
the table prints for the rule (its 评分标准), and those words read back.

An indicator's 指标性质 (``Nature``: ≥ / ≤ / = / 定性) says which way is good; its ``Rule`` says how far
from the target costs what:

- ``NATURE`` (no rule given, today's behaviour): 完成值 ÷ 指标值 × 分值 (指标值 ÷ 完成值 for ≤), capped at the
  分值; a qualitative indicator scores its level's share (达成 / 部分达成 / 未达成).
- ``RATIO``: the same ratio against ``full_at`` (the value that earns full marks; None: the target), never
  above the 分值: 「按完成比例计分，最高不超过分值」.
- ``DEDUCT``: full marks when the target is met; each ``step`` (in the indicator's unit: 个百分点 for %)
  beyond it costs ``per`` points, never below ``floor``: 「≤100% 得满分；每超过 1 个百分点扣 0.5 分，扣完为止」.
  With ≤ and a target of 0 this is the 变动率 rule 「≤0 得满分」 (negative values are normal there); with
  = every step away from the target, either side, costs ``per``. ``whole_steps``: a part step counts as a
  whole one (「不足 1 个百分点按 1 个百分点计」).
- ``BANDS``: the value's band gives a share of the 分值: for ≥, ``(95, 1), (90, 0.8)`` reads 「≥95% 得满分；
  90%（含）–95% 得 80%；低于 90% 不得分」; for ≤ the bounds are ceilings.
- ``PASS_FAIL``: the target met (or the level 达成) gives the 分值, anything else 0.
- ``HAND``: scored by hand against the indicator's 评价要点, the score and its reason are an ``Override``.

Scores are ``Decimal`` points in [0, 分值]; ``None`` when they cannot be computed yet (a value missing, a
ratio against 0). The domain knows nothing about files: frameworks (resources/frameworks/) hand their rules
in as dicts (``Rule.from_dict``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum

from selfeval.domain.figures import format_decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Nature(str, Enum):
    """指标性质: how the completed value compares with the target."""

    EQ = "="
    GE = "≥"
    LE = "≤"
    QUALITATIVE = "定性"

    @property
    def quantitative(self) -> bool:
        return self is not Nature.QUALITATIVE


class Level(str, Enum):
    """The completion level of a qualitative indicator (its fraction of the 分值 is a template rule)."""

    MET = "达成"
    PARTLY = "部分达成"
    NOT_MET = "未达成"


class RuleKind(str, Enum):
    NATURE = "nature"
    RATIO = "ratio"
    DEDUCT = "deduct"
    BANDS = "bands"
    PASS_FAIL = "pass_fail"
    HAND = "hand"

    @property
    def label(self) -> str:
        return {"nature": "按指标性质", "ratio": "按比例计分", "deduct": "按偏差扣分", "bands": "分档计分",
                "pass_fail": "达标得分", "hand": "人工评分"}[self.value]


QUANTITATIVE_ONLY = (RuleKind.RATIO, RuleKind.DEDUCT, RuleKind.BANDS)


class RuleError(ValueError):
    """A rule that cannot be used (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Band:
    """One band of a ``BANDS`` rule: values on the good side of ``bound`` (≥ it, or ≤ it for a ≤ indicator)
    score ``fraction`` of the 分值, unless a better band takes them."""

    bound: Decimal
    fraction: Decimal


@dataclass(frozen=True)
class Rule:
    kind: RuleKind = RuleKind.NATURE
    per: Decimal = ZERO  # DEDUCT: points per step
    step: Decimal = ONE  # DEDUCT: one step, in the indicator's unit
    floor: Decimal = ZERO  # DEDUCT: the lowest score
    whole_steps: bool = False  # DEDUCT: a part step counts as a whole one
    full_at: Decimal | None = None  # RATIO: the value that earns full marks (None: the target)
    bands: tuple[Band, ...] = ()  # BANDS: best first

    def to_dict(self) -> dict:
        data: dict = {"kind": self.kind.value}
        if self.kind is RuleKind.DEDUCT:
            data.update(per=str(self.per), step=str(self.step), floor=str(self.floor))
            if self.whole_steps:
                data["whole_steps"] = True
        elif self.kind is RuleKind.RATIO and self.full_at is not None:
            data["full_at"] = str(self.full_at)
        elif self.kind is RuleKind.BANDS:
            data["bands"] = [[str(b.bound), str(b.fraction)] for b in self.bands]
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> "Rule | None":
        """The rule a dict describes (JSON of a stored table, or a framework file's ``rule = {…}``);
        ``RuleError`` (Chinese) for a malformed one."""
        if not data:
            return None
        if not isinstance(data, dict):
            raise RuleError(f"评分规则应为 {{ kind = … }} 形式：{data!r}")
        try:
            kind = RuleKind(data.get("kind", "nature"))
        except ValueError:
            raise RuleError(f"评分规则类型“{data.get('kind')}”无法识别（应为 "
                            f"{'、'.join(k.value for k in RuleKind)} 之一）。") from None
        unknown = set(data) - {"kind", "per", "step", "floor", "whole_steps", "full_at", "bands"}
        if unknown:
            raise RuleError(f"评分规则中有无法识别的项：{'、'.join(sorted(unknown))}。")
        rule = cls(
            kind=kind, per=_dec(data.get("per", "0"), "每档扣分"), step=_dec(data.get("step", "1"), "扣分步长"),
            floor=_dec(data.get("floor", "0"), "最低得分"), whole_steps=bool(data.get("whole_steps", False)),
            full_at=None if data.get("full_at") is None else _dec(data["full_at"], "满分值", signed=True),
            bands=tuple(_band(b) for b in data.get("bands", ())),
        )
        problem = rule.problem()
        if problem:
            raise RuleError(problem)
        return rule

    def problem(self, weight: Decimal | None = None, nature: Nature | None = None) -> str | None:
        """Why the rule cannot be used (with this 分值 and 指标性质, when given), or None."""
        if nature is Nature.QUALITATIVE and self.kind in QUANTITATIVE_ONLY:
            return f"定性指标不能使用“{self.kind.label}”规则。"
        if self.kind is RuleKind.DEDUCT:
            if self.per <= 0:
                return "扣分规则的每档扣分应大于 0。"
            if self.step <= 0:
                return "扣分规则的步长应大于 0。"
            if weight is not None and self.floor > weight:
                return f"扣分规则的最低得分 {format_decimal(self.floor)} 超过了分值 {format_decimal(weight)}。"
        if self.kind is RuleKind.BANDS:
            if not self.bands:
                return "分档规则至少要有一档。"
            for band in self.bands:
                if not ZERO <= band.fraction <= ONE:
                    return "分档规则每档的得分比例应在 0 到 1 之间。"
            bounds = [b.bound for b in self.bands]
            if len(set(bounds)) != len(bounds):
                return "分档规则有两档的界限相同。"
            if nature is not None and nature.quantitative:
                fractions = [b.fraction for b in ordered_bands(self.bands, nature)]
                if fractions != sorted(fractions, reverse=True):
                    return "分档规则中越接近目标的档次得分比例应越高。"
        return None


def _dec(value, what: str, *, signed: bool = False) -> Decimal:
    if isinstance(value, float):
        raise RuleError(f"{what}应写成带引号的数值（如 \"0.5\"），不能是浮点数。")
    try:
        result = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise RuleError(f"{what}不是数值：{value!r}") from None
    if not result.is_finite() or (result < 0 and not signed):
        raise RuleError(f"{what}应为非负数：{value!r}")
    return result


def _band(raw) -> Band:
    if isinstance(raw, dict):
        bound, fraction = raw.get("bound"), raw.get("fraction")
    elif isinstance(raw, (list, tuple)) and len(raw) == 2:
        bound, fraction = raw
    else:
        raise RuleError(f"分档规则的每一档应写成 [界限, 得分比例]：{raw!r}")
    return Band(_dec(bound, "分档界限", signed=True), _dec(fraction, "分档得分比例"))


def ordered_bands(bands: tuple[Band, ...], nature: Nature) -> tuple[Band, ...]:
    """The bands best first: highest bound first for ≥ (and =), lowest first for ≤."""
    return tuple(sorted(bands, key=lambda b: b.bound, reverse=nature is not Nature.LE))


# ---------------------------------------------------------------- scoring

@dataclass(frozen=True)
class Inputs:
    """What a rule looks at: the indicator's nature, target, completed value or level, and its 分值."""

    nature: Nature
    target: Decimal | None
    actual: Decimal | None
    level: Level | None
    weight: Decimal | None


def clamp(value: Decimal, weight: Decimal) -> Decimal:
    return max(ZERO, min(value, weight))


def rule_score(rule: Rule, x: Inputs, level_fractions: dict) -> Decimal | None:
    """The score the rule gives (unrounded, in [0, 分值]), or None when it cannot be computed yet.
    ``NATURE`` is scored by ``scoring.py`` (it has the template's over-completion option)."""
    weight = x.weight
    if weight is None:
        return None
    kind = rule.kind
    if kind is RuleKind.HAND:
        return None
    if kind is RuleKind.PASS_FAIL:
        if not x.nature.quantitative:
            return None if x.level is None else (weight if x.level is Level.MET else ZERO)
        met = meets(x)
        return None if met is None else (weight if met else ZERO)
    if not x.nature.quantitative:
        if kind is RuleKind.NATURE:
            return None if x.level is None else clamp(level_fractions[x.level] * weight, weight)
        return None
    if x.actual is None:
        return None
    if kind is RuleKind.BANDS:
        for band in ordered_bands(rule.bands, x.nature):
            if (x.actual <= band.bound) if x.nature is Nature.LE else (x.actual >= band.bound):
                return clamp(band.fraction * weight, weight)
        return ZERO
    if x.target is None and not (kind is RuleKind.RATIO and rule.full_at is not None):
        return None
    if kind is RuleKind.DEDUCT:
        target = x.target
        if x.nature is Nature.LE:
            off = x.actual - target
        elif x.nature is Nature.GE:
            off = target - x.actual
        else:
            off = abs(x.actual - target)
        if off <= 0:
            return weight
        steps = off / rule.step
        if rule.whole_steps:
            steps = steps.to_integral_value(rounding=ROUND_CEILING)
        return clamp(max(weight - steps * rule.per, min(rule.floor, weight)), weight)
    # NATURE (quantitative) and RATIO: a ratio against the full-marks value
    full = rule.full_at if kind is RuleKind.RATIO and rule.full_at is not None else x.target
    if x.nature is Nature.LE:
        if x.actual <= 0:
            return weight if full >= 0 else None
        if full < 0:
            return ZERO
        ratio = full / x.actual
    else:
        if full <= 0:
            return None
        ratio = x.actual / full
    return clamp(ratio * weight, weight)


def meets(x: Inputs) -> bool | None:
    """Whether the completed value meets the target by the indicator's nature (None: a value missing)."""
    if x.target is None or x.actual is None:
        return None
    if x.nature is Nature.LE:
        return x.actual <= x.target
    if x.nature is Nature.EQ:
        return x.actual == x.target
    return x.actual >= x.target


# ---------------------------------------------------------------- the rule in words

def _n(value: Decimal) -> str:
    return format_decimal(value.normalize() if value == value.to_integral_value() else value)


def _pct(fraction: Decimal) -> str:
    return _n((fraction * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP).normalize())


def _share(fraction: Decimal, weight: Decimal | None = None) -> str:
    """A band's score in words: 「得满分」, 「不得分」, 「得 4 分」 (when the 分值 is known and the points come out
    in whole cents, as tables publish them: 「计4分」), else 「得分值的 80%」."""
    if fraction >= ONE:
        return "得满分"
    if fraction <= ZERO:
        return "不得分"
    if weight:
        pts = fraction * weight
        cents = pts.quantize(CENT, rounding=ROUND_HALF_UP)
        if abs(pts - cents) < Decimal("1e-9"):
            return f"得 {_n(cents.normalize())} 分"
    return f"得分值的 {_pct(fraction)}%"


def step_words(step: Decimal, unit: str) -> str:
    """「1 个百分点」 for a % indicator, 「5 人」 otherwise."""
    if unit == "%":
        return f"{_n(step)} 个百分点"
    return f"{_n(step)}{unit}" if unit else _n(step)


NATURE_GE_WORDS = "完成值达到指标值得满分；未达到的，按完成值÷指标值×分值计分。"
NATURE_LE_WORDS = "不超过指标值得满分；超过的，按指标值÷完成值×分值计分。"


def rule_words(rule: Rule | None, nature: Nature, target: Decimal | None, unit: str,
               level_fractions: dict | None = None, weight: Decimal | None = None) -> str:
    """The 评分标准 of an indicator as the table prints it (Chinese); ``rule_from_words`` reads it back."""
    rule = rule or Rule()
    unit = unit or ""
    t = "" if target is None else f"{_n(target)}{unit}"
    sign = {Nature.LE: "≤", Nature.GE: "≥", Nature.EQ: "="}.get(nature, "")
    kind = rule.kind
    if kind is RuleKind.HAND:
        return "按评价要点人工评分，并写明理由。"
    if kind is RuleKind.PASS_FAIL:
        if not nature.quantitative:
            return "达成得满分，否则不得分。"
        return f"达到{sign}{t}得满分，否则不得分。" if t else "达到指标值得满分，否则不得分。"
    if kind is RuleKind.NATURE:
        if not nature.quantitative:
            fractions = level_fractions or {}
            parts = [f"{level.value}{_share(fractions.get(level, ZERO))}" for level in Level]
            return "；".join(parts) + "。"
        if nature is Nature.LE:
            return NATURE_LE_WORDS
        return NATURE_GE_WORDS
    if kind is RuleKind.RATIO:
        if rule.full_at is not None:
            full = f"{_n(rule.full_at)}{unit}"
            if nature is Nature.LE:
                return f"{full}及以下得满分；超过的，按{full}÷完成值×分值计分。"
            return f"按完成值÷{full}×分值计分，最高不超过分值。"
        if nature is Nature.LE:
            return "按指标值÷完成值×分值计分，最高不超过分值。"
        return "按完成值÷指标值×分值计分，最高不超过分值。"
    if kind is RuleKind.DEDUCT:
        way = {Nature.LE: "超过", Nature.GE: "低于", Nature.EQ: "偏离"}[nature]
        head = f"{sign}{t}" if t else {Nature.LE: "不超过指标值", Nature.GE: "达到指标值", Nature.EQ: "等于指标值"}[nature]
        text = f"{head}得满分；每{way} {step_words(rule.step, unit)}扣 {_n(rule.per)} 分"
        if rule.whole_steps:
            text += f"（不足 {step_words(rule.step, unit)}按 {step_words(rule.step, unit)}计）"
        text += "，扣完为止。" if rule.floor <= 0 else f"，最低得 {_n(rule.floor)} 分。"
        return text
    # BANDS
    bands = ordered_bands(rule.bands, nature)
    parts = []
    for i, band in enumerate(bands):
        b = f"{_n(band.bound)}{unit}"
        if i == 0:
            parts.append(f"{'≤' if nature is Nature.LE else '≥'}{b}{_share(band.fraction, weight)}")
        else:
            prev = f"{_n(bands[i - 1].bound)}{unit}"
            if nature is Nature.LE:
                parts.append(f"{prev}–{b}（含）{_share(band.fraction, weight)}")
            else:
                parts.append(f"{b}（含）–{prev}{_share(band.fraction, weight)}")
    last = f"{_n(bands[-1].bound)}{unit}"
    parts.append(f"{'高于' if nature is Nature.LE else '低于'}{last}不得分")
    return "；".join(parts) + "。"


# ---------------------------------------------------------------- words read back

@dataclass(frozen=True)
class ReadRule:
    """A rule read from 评分标准 words, with the 指标性质 and target they state (None: not stated)."""

    rule: Rule
    nature: Nature | None = None
    target: Decimal | None = None


_NUM = r"[-+]?\d+(?:\.\d+)?"
_LE_WORDS = r"(?:≤|≦|<=|＜=|不超过|不高于|不大于|以下（含）|以内)"
_GE_WORDS = r"(?:≥|≧|>=|不低于|不少于|不小于|以上（含）|达到)"


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2212", "-").replace("－", "-").replace("～", "~")
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）").replace(";", "；").replace(",", "，")


def _fraction(text: str, weight: Decimal | None) -> Decimal | None:
    """「得满分」 → 1, 「不得分」 → 0, 「得分值的 80%」/「得80%」 → 0.8, 「得4分」 → 4 ÷ 分值."""
    if re.search(r"(?:得|计)满分|全分", text):
        return ONE
    if re.search(r"不得分|(?:得|计)0分", text):
        return ZERO
    m = re.search(rf"(?:得|计)(?:分值的)?({_NUM})%", text)
    if m:
        return Decimal(m.group(1)) / HUNDRED
    m = re.search(rf"(?:得|计)({_NUM})分", text)
    if m and weight:
        return Decimal(m.group(1)) / weight
    return None


def rule_from_words(words: str, weight: Decimal | None = None) -> ReadRule | None:
    """The rule the words state, where they are unambiguous; None otherwise (the caller keeps the rule it
    had). Reads what ``rule_words`` writes and the common published wordings: 「在职人员控制率≤100%，计3分；每超过
    一个百分点扣0.1分，扣完为止」, 「≥95%得满分，90%（含）-95%得80%…」, 「按完成比例计算得分，满分为止」."""
    text = re.sub(r"超额完成[^。；]*扣[^。；]*分[。；]?", "", _norm(words))  # the template's option, not the rule
    if not text:
        return None
    if text in (_norm(NATURE_GE_WORDS), _norm(NATURE_LE_WORDS)):
        return ReadRule(Rule(RuleKind.NATURE), Nature.LE if text == _norm(NATURE_LE_WORDS) else None)
    text = text.replace("一个百分点", "1个百分点").replace("每超出", "每超过").replace("每高于", "每超过")
    deduct = re.search(rf"每(超过|低于|偏离|减少|下降)({_NUM})?(个百分点|%|[^\d扣]{{0,3}})?扣({_NUM})分", text)
    band_marks = (re.findall(rf"{_NUM}%?(?:（含）)?(?:-|–|—|~|至|到){_NUM}", text)
                  or re.findall(rf"(?:低于|高于|大于|小于|<|>){_NUM}[^；。]*不得分", text))
    hand = re.search(r"人工评分|评价要点|每少一项|酌情", text)
    ratio = re.search(r"按(?:完成)?比例|完成值÷|÷完成值|×分值", text)
    found = [bool(deduct), bool(band_marks), bool(ratio) and not deduct and not band_marks, bool(hand)]
    if sum(found) != 1:
        if not any(found):
            return _simple(text)
        return None
    if hand:
        return ReadRule(Rule(RuleKind.HAND))
    if deduct:
        way, step, unit_word, per = deduct.groups()
        nature = {"超过": Nature.LE, "低于": Nature.GE, "减少": Nature.GE, "下降": Nature.GE,
                  "偏离": Nature.EQ}[way]
        head = text[: deduct.start()]
        target = _threshold(head, nature)
        floor = ZERO
        m = re.search(rf"最低(?:得|计)?({_NUM})分", text)
        if m:
            floor = Decimal(m.group(1))
        whole = bool(re.search(r"不足.{0,8}按.{0,8}计", text))
        return ReadRule(Rule(RuleKind.DEDUCT, per=Decimal(per), step=Decimal(step or "1"), floor=floor,
                             whole_steps=whole), nature, target)
    if band_marks:
        return _bands(text, weight)
    # ratio
    m = re.search(rf"完成值÷({_NUM})", text) or re.search(rf"({_NUM})%?÷完成值", text)
    nature = Nature.LE if "÷完成值" in text else None
    full = Decimal(m.group(1)) if m else None
    return ReadRule(Rule(RuleKind.RATIO, full_at=full), nature)


def _threshold(head: str, nature: Nature) -> Decimal | None:
    """The target stated before a deduction: 「≤100%」, 「变动率≤0」, 「以100%为标准」, 「100%计满分」."""
    pattern = {Nature.LE: _LE_WORDS, Nature.GE: _GE_WORDS, Nature.EQ: r"(?:=|等于)"}[nature]
    m = re.search(rf"{pattern}({_NUM})", head)
    if m:
        return Decimal(m.group(1))
    m = re.search(rf"({_NUM})%?(?:及以下|以下|以内)", head) if nature is Nature.LE else None
    if m:
        return Decimal(m.group(1))
    m = re.search(rf"以({_NUM})%?为标准", head) or re.search(rf"({_NUM})%?(?:计|得)满分", head)
    return Decimal(m.group(1)) if m else None


def _bands(text: str, weight: Decimal | None) -> ReadRule | None:
    parts: list[str] = []
    for piece in (p for p in re.split(r"[；。，]", text) if p):  # 「≥95%，计5分」: the score joins its band
        if parts and not re.search(rf"[≥≧≤≦=<>]|{_NUM}%?(?:（含）)?(?:-|–|—|~|至|到)|低于|高于|大于|小于|以下|以上", piece):
            parts[-1] += "，" + piece
        else:
            parts.append(piece)
    bands: list[Band] = []
    nature = None
    for part in parts:
        frac = _fraction(part, weight)
        m = re.match(rf"^.*?(?:≥|≧|>=|不低于)({_NUM})%?", part)
        if m and frac is not None and not re.search(rf"{_NUM}%?(?:（含）)?(?:-|–|—|~|至|到)", part):
            nature = nature or Nature.GE
            bands.append(Band(Decimal(m.group(1)), frac))
            continue
        m = re.match(rf"^.*?(?:≤|≦|<=|不高于|不超过|=)({_NUM})%?", part)
        if m and frac is not None and not re.search(rf"{_NUM}%?(?:（含）)?(?:-|–|—|~|至|到)", part):
            nature = nature or Nature.LE
            bands.append(Band(Decimal(m.group(1)), frac))
            continue
        m = re.search(rf"({_NUM})%?(（含）)?(?:-|–|—|~|至|到)({_NUM})%?(（含）)?", part)
        if m and frac is not None:
            low, low_in, high, high_in = m.groups()
            if high_in and not low_in:
                nature = nature or Nature.LE
                bands.append(Band(Decimal(high), frac))
            else:
                nature = nature or Nature.GE
                bands.append(Band(Decimal(low), frac))
            continue
        if re.search(r"(?:低于|以下|<|高于|以上|>|大于|小于).*不得分|不得分", part):
            continue
        return None
    if not bands or nature is None:
        return None
    rule = Rule(RuleKind.BANDS, bands=tuple(b for b in bands if b.fraction > 0) or tuple(bands))
    if rule.problem():
        return None
    return ReadRule(rule, nature)


def _simple(text: str) -> ReadRule | None:
    """Rules without a deduction, bands or ratio: pass/fail, the qualitative levels, today's ratio words."""
    if re.search(r"否则不得分|未达到不得分|不达标不得分|是得满分", text):
        m = re.search(rf"达到(≤|≥|=)?({_NUM})", text)
        nature = {"≤": Nature.LE, "≥": Nature.GE, "=": Nature.EQ}.get(m.group(1)) if m and m.group(1) else None
        if text.startswith("达成得满分"):
            return ReadRule(Rule(RuleKind.PASS_FAIL), Nature.QUALITATIVE)
        return ReadRule(Rule(RuleKind.PASS_FAIL), nature, Decimal(m.group(2)) if m else None)
    if text.startswith("达成") and "部分达成" in text:
        return ReadRule(Rule(RuleKind.NATURE), Nature.QUALITATIVE)
    return None

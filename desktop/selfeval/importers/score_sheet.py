"""Reading a published 部门整体支出绩效评价评分表 (.xlsx) as people type them (issue 20): a header row with
一级指标 / 二级指标 / 三级指标 / 分值 / 评分标准 / 指标值 / 实际完成值 / 得分 (in any order, under the usual
synonyms), 一级 and 二级 cells merged down their rows (「投入（15分）」), percentages as numbers with a %
format or as text (「−3.2%」), a 合计 row at the end.

The table is built from the sheet's own rows, in its order and with its weights; the framework its 一级/二级
names belong to (``detect_framework``) gives the rules the 评分标准 words do not state. A published score
the rules reproduce is taken as computed; any other (the 评价要点 items scored by hand) is kept as a hand
score with its reason, so the total is the published one and every difference is visible.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.figures import format_decimal
from selfeval.domain.table.model import Category, Group, Indicator, Level, Override, SelfEvalTable
from selfeval.domain.table.rules import Nature, Rule, RuleKind, rule_from_words
from selfeval.domain.table.scoring import indicator_score, points
from selfeval.domain.table.template import detect_framework, indicator_key
from selfeval.domain.text import clean_text

HEADER_WORDS = {
    "group": ("一级指标",),
    "category": ("二级指标",),
    "name": ("三级指标",),
    "weight": ("分值", "权重", "标准分值", "指标分值", "三级指标分值"),
    "rule": ("评分标准", "评分规则", "评分细则", "评价标准", "计分方法", "评分方法"),
    "target": ("指标值", "年度指标值", "目标值", "年度目标值", "绩效目标值", "标准值"),
    "actual": ("实际完成值", "完成值", "实际值", "全年实际值", "实际完成", "实际完成情况", "完成情况"),
    "score": ("得分", "自评得分", "评价得分", "实际得分"),
    "analysis": ("扣分原因", "偏差原因分析及改进措施", "得分说明", "扣分说明", "备注", "评分说明"),
}
TOTAL_WORDS = ("合计", "总分", "总计", "综合得分")
HEADER_SEARCH_ROWS = 20
_WEIGHT_NOTE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[）)]\s*$")


@dataclass(frozen=True)
class ReadSheet:
    table: SelfEvalTable
    published: tuple[Decimal | None, ...]  # each indicator's 得分 in the file, in ``table.indicators()`` order
    published_total: Decimal | None
    framework: str  # the framework detected ("" when none matched)
    problems: tuple[str, ...] = ()  # cells that cannot be read, with their row numbers (the caller refuses the file)
    notes: tuple[str, ...] = ()  # how cells were read that the user should know (a 得分 without 改分理由)


def find_header(rows) -> tuple[int, dict[str, int]] | None:
    """The 1-based header row of a 评分表 and its columns (key → 1-based column), or None."""
    for r in range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1):
        labels = [_plain(_text(c)) for c in rows[r - 1]]
        columns: dict[str, int] = {}
        for key, words in HEADER_WORDS.items():
            for j, label in enumerate(labels, start=1):
                if label in words and key not in columns and j not in columns.values():
                    columns[key] = j
                    break
        if {"group", "name", "score"} <= set(columns) and ("category" in columns):
            if "weight" in columns:  # the 分值 of the 三级 rows: the first 分值 column after 三级指标
                weights = [j for j, label in enumerate(labels, start=1) if label in HEADER_WORDS["weight"]]
                after = [j for j in weights if j > columns["name"]]
                if after:
                    columns["weight"] = after[0]
                for key, level in (("group_weight", "group"), ("category_weight", "category")):
                    if columns[level] + 1 in weights:  # 一级指标 | 分值 | 二级指标 | 分值 | …
                        columns[key] = columns[level] + 1
            return r, columns
    return None


def read_score_sheet(rows, header: int, columns: dict[str, int], base: SelfEvalTable, frameworks) -> ReadSheet:
    reader = _Reader(rows, columns)
    entries, total = reader.entries(header + 1)
    group_names = list(dict.fromkeys(e.group for e in entries))
    category_names = list(dict.fromkeys(e.category for e in entries))
    group_weights = {indicator_key(g): w for g, w in reader.group_weights.items()}
    framework = detect_framework(list(frameworks), group_names, category_names, [e.name for e in entries],
                                 group_weights, {indicator_key(e.name): e.weight for e in entries})
    by_group: dict[str, dict[str, list[_Entry]]] = {}
    for e in entries:
        by_group.setdefault(e.group, {}).setdefault(e.category, []).append(e)
    rules = framework.rules if framework else base.rules
    tree, published = [], []
    for g, cats in by_group.items():
        categories = []
        for c, rows_ in cats.items():
            indicators = []
            for e in rows_:
                ind = _published(_indicator(e, framework), e, rules)
                indicators.append(ind)
                published.append(e.score)
            categories.append(Category(framework.canonical(c) if framework else c, reader.category_weights.get(c),
                                       tuple(indicators)))
        weight = reader.group_weights.get(g)
        if weight is None:
            weight = sum((i.weight or Decimal(0) for c in categories for i in c.indicators), Decimal(0))
        tree.append(Group(framework.canonical(g) if framework else g, weight, tuple(categories)))
    table = replace(base, groups=tuple(tree), rules=rules,
                    framework=framework.new_table().framework if framework else base.framework,
                    budget=replace(base.budget, weight=framework.budget_weight if framework else Decimal(0),
                                   override=None))
    return ReadSheet(table, tuple(published), total, table.framework_id if framework else "", tuple(reader.problems))


def _published(ind: Indicator, e: "_Entry", rules) -> Indicator:
    """The indicator with the file's 得分: nothing to keep when the rules give it; a hand score otherwise."""
    computed = indicator_score(ind, rules).computed
    if e.score is None or (computed is not None and points(computed) == e.score):
        return ind
    if computed is None:  # the 扣分原因 becomes the hand score's reason (printed once, as 得分说明)
        if e.analysis:
            return replace(ind, analysis="", override=Override(e.score, e.analysis))
        reason = "按评价要点评分（导入的得分）"
    else:
        reason = (f"导入的得分；按评分标准计算为 {format_decimal(points(computed))} 分"
                  + (f"（{e.analysis}）" if e.analysis else ""))
    return replace(ind, override=Override(e.score, reason))


@dataclass(eq=False)
class _Entry:
    row: int
    group: str
    category: str
    name: str
    weight: Decimal | None
    rule_words: str
    target: tuple[Nature | None, Decimal | None, str, str]  # nature, value, unit, text
    actual: tuple[Decimal | None, str, str]  # value, unit, text
    score: Decimal | None
    analysis: str


class _Reader:
    def __init__(self, rows, columns: dict[str, int]) -> None:
        self.rows = rows
        self.columns = columns
        self.group_weights: dict[str, Decimal] = {}
        self.category_weights: dict[str, Decimal] = {}
        self.problems: list[str] = []

    def number(self, row: int, key: str, label: str) -> Decimal | None:
        value, _, text = _number(self.cell(row, key))
        if text:
            self.problems.append(f"第 {row} 行：{label}“{text[:20]}”不是数值。")
        return value

    def cell(self, row: int, key: str):
        col = self.columns.get(key)
        if col is None or row > len(self.rows) or col > len(self.rows[row - 1]):
            return None
        return self.rows[row - 1][col - 1]

    def entries(self, first: int) -> tuple[list[_Entry], Decimal | None]:
        found: list[_Entry] = []
        group = category = ""
        total = None
        for row in range(first, len(self.rows) + 1):
            texts = [_plain(_text(c)) for c in self.rows[row - 1]]
            if any(t in TOTAL_WORDS or t.startswith(TOTAL_WORDS) and len(t) <= 6 for t in texts if t):
                total = self.number(row, "score", "总分")
                break
            g = _text(self.cell(row, "group"))
            if g:
                group = self._named(g, self.group_weights)
                category = ""
                weight = _number(self.cell(row, "group_weight"))[0]
                if weight is not None:
                    self.group_weights[group] = weight
            c = _text(self.cell(row, "category"))
            if c:
                category = self._named(c, self.category_weights)
                weight = _number(self.cell(row, "category_weight"))[0]
                if weight is not None:
                    self.category_weights[category] = weight
            name = _text(self.cell(row, "name"))
            if not name:
                continue
            name = _WEIGHT_NOTE.sub("", name).strip()
            if not group:
                self.problems.append(f"第 {row} 行：三级指标“{name}”上方没有一级指标。")
                continue
            entry = _Entry(
                row=row, group=group, category=category or group, name=name,
                weight=self.number(row, "weight", "分值"), rule_words=_text(self.cell(row, "rule")),
                target=_target(self.cell(row, "target")), actual=_number(self.cell(row, "actual")),
                score=self.number(row, "score", "得分"), analysis=_text(self.cell(row, "analysis")),
            )
            if entry.weight is not None and entry.weight < 0:
                self.problems.append(f"第 {row} 行：分值不能为负数。")
            elif entry.score is not None and entry.weight is not None and not 0 <= entry.score <= entry.weight:
                self.problems.append(f"第 {row} 行：得分 {format_decimal(entry.score)} 不在 0 到分值 "
                                     f"{format_decimal(entry.weight)} 之间。")
            found.append(entry)
        return found, total

    @staticmethod
    def _named(text: str, weights: dict[str, Decimal]) -> str:
        """「投入（15分）」 → 投入, its weight noted."""
        m = _WEIGHT_NOTE.search(text)
        name = _WEIGHT_NOTE.sub("", text).strip() if m else text.strip()
        name = re.sub(r"\s+", "", name)
        if m:
            weights[name] = Decimal(m.group(1))
        return name


def _indicator(e: _Entry, framework) -> Indicator:
    known = framework.indicator(e.name) if framework else None
    read = rule_from_words(e.rule_words, e.weight) if e.rule_words else None
    t_nature, t_value, t_unit, t_text = e.target
    a_value, a_unit, a_text = e.actual
    rule = read.rule if read else (known.rule if known else None)
    if rule is None and e.rule_words:
        rule = Rule(RuleKind.HAND)  # words the program cannot read: the score stands as the evaluator gave it
    if rule is not None and rule.kind is RuleKind.NATURE:
        rule = None
    words_nature = read.nature if read else None
    if words_nature and read.rule.kind in (RuleKind.DEDUCT, RuleKind.BANDS):  # the words say which way is good
        nature = words_nature
    else:
        known_nature = known.nature if known else None
        if known_nature is Nature.QUALITATIVE and a_value is not None:
            known_nature = None  # a number was completed: the row is measured here, whatever the framework says
        nature = t_nature or words_nature or known_nature or Nature.GE
    target = t_value if t_value is not None else (read.target if read and read.target is not None
                                                  else (known.target if known else None))
    unit = t_unit or a_unit or (known.unit if known else "")
    ind = Indicator(name=e.name, nature=nature, target=target, unit=unit, actual=a_value, weight=e.weight,
                    rule=rule, analysis=e.analysis)
    if a_value is None and (a_text or nature is Nature.QUALITATIVE or (rule and rule.kind is RuleKind.HAND)):
        level = next((lv for lv in Level if a_text == lv.value), None)
        ind = replace(ind, nature=Nature.QUALITATIVE, target=None, unit="", target_text=t_text or
                      (known.target_text if known else ""), level=level,
                      rule=rule if rule is None or rule.kind not in (RuleKind.RATIO, RuleKind.DEDUCT, RuleKind.BANDS)
                      else Rule(RuleKind.HAND))
    return ind


def _text(cell) -> str:
    value = getattr(cell, "value", cell)
    if value is None:
        return ""
    if isinstance(value, float):
        return format_decimal(Decimal(repr(value)))
    return clean_text(str(value)).text.strip()


def _plain(text: str) -> str:
    return re.sub(r"[\s　]", "", text)


def _is_percent(cell) -> bool:
    return "%" in (getattr(cell, "number_format", "") or "")


def _number(cell) -> tuple[Decimal | None, str, str]:
    """A value as typed: a number (a %-formatted one in percent), or text 「102%」「−3.2 %」「4.5分」."""
    value = getattr(cell, "value", cell)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "", ""
    if isinstance(value, bool):
        return None, "", str(value)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if _is_percent(cell):
            return _tidy(number * 100), "%", ""
        return number, "", ""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u2212", "-").strip()
    m = re.fullmatch(r"([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|分|[\u4e00-\u9fff]{1,3})?", text)
    if not m:
        return None, "", text
    unit = m.group(2) or ""
    return Decimal(m.group(1).replace(",", "")), "" if unit == "分" else unit, ""


def _tidy(value: Decimal) -> Decimal:
    """A float percentage back to the digits typed (0.935 × 100 = 93.50000000000001 → 93.5)."""
    value = value.quantize(Decimal("0.0001")).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # 90, never 9E+1


def _target(cell) -> tuple[Nature | None, Decimal | None, str, str]:
    """年度指标值: 「≤100%」, 「≥95%」, 「=100%」, a %-formatted number, or text (a qualitative target)."""
    value = getattr(cell, "value", cell)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace("\u2212", "-").replace("≦", "≤").replace("≧", "≥")
        text = text.replace("<=", "≤").replace(">=", "≥").strip()
        m = re.fullmatch(r"(≤|≥|=)?\s*([-+]?\d+(?:\.\d+)?)\s*(%|[\u4e00-\u9fff]{1,3})?", text)
        if m:
            nature = {"≤": Nature.LE, "≥": Nature.GE, "=": Nature.EQ}.get(m.group(1) or "")
            return nature, Decimal(m.group(2)), m.group(3) or "", ""
        return None, None, "", text.strip()
    number, unit, text = _number(cell)
    return None, number, unit, text


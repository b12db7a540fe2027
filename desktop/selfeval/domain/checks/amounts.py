"""Rules on amounts and rates in running text, statement by statement:

- amounts in one statement whose units disagree (7704.69元 beside 7663.69万元);
- a stated rate that does not match any two of the statement's amounts (a ÷ b), and a rate stated with
  no amounts to check it against (提示);
- an execution rate below the template's threshold, or above 100 %, with no reason given.

``{名称}`` figures count as the amounts they print as. Rates that are a figure's formula are the figure
rules' business (checked there against their own operands).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations

from selfeval.domain.checks.context import CheckContext
from selfeval.domain.checks.findings import Finding, Severity
from selfeval.domain.checks.texts import TextAmount, group_by_span, sentences, statements, text_amounts
from selfeval.domain.figures import MONEY_UNITS, Formula, format_decimal, round_percent
from selfeval.domain.model import Section
from selfeval.domain.text_fields import Place, TextField

# The name of a rate right before its percentage: "预算执行率为99.47%", "按时办结率100%".
_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{1,8}率)(?:为|达到了|达到|达|是|约为|约|仅为|仅|只有)?\s?$")
# Words that give a reason ("主要原因是…", "由于…", "受…影响").
_REASON = re.compile(r"原因|由于|因为|主要是|影响|导致|所致|因素|鉴于|系因|因[^此而]")
_DIGIT = re.compile(r"\d")
# Rates about sums of money: checked against any two amounts of money in their statement.
MONEY_RATE_WORDS = ("执行", "支出", "使用", "支付", "拨付", "到位", "节约", "结余", "预算")
# Several amounts in one statement: only so many pairs are tried (a long list is not a rate's base).
MAX_AMOUNTS = 8
# Two amounts whose numbers are this close although their units differ by 10,000 look like a slip.
NEAR_LOW, NEAR_HIGH = Decimal("0.8"), Decimal("1.25")


def _rate_name(text: str, amount: TextAmount) -> str:
    if amount.figure:
        return amount.figure if amount.figure.endswith("率") else ""
    m = _RATE_NAME.search(text, max(0, amount.start - 14), amount.start)
    return m.group(1) if m else ""


def _formula_operands(section: Section) -> set[frozenset[str]]:
    pairs = set()
    for f in section.figures:
        try:
            formula = Formula.parse(f.formula) if f.formula else None
        except ValueError:
            continue
        if formula:
            pairs.add(frozenset((formula.numerator, formula.denominator)))
    return pairs


def _tolerance(stated: Decimal, settings_tolerance: Decimal) -> Decimal:
    """0.01 percentage points, or half the last written place of a rate written more roughly (99.5%)."""
    exponent = stated.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 2
    return max(settings_tolerance, Decimal(5).scaleb(-places - 1))


def _ratio(a: Decimal, b: Decimal) -> Decimal | None:
    return None if b == 0 else a / b * 100


def _matches(stated: Decimal, a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return any(r is not None and abs(r - stated) <= tolerance for r in (_ratio(a, b), _ratio(b, a)))


def _comparable(a: TextAmount, b: TextAmount) -> bool:
    if a.is_money and b.is_money:
        return True
    return not a.is_percent and not b.is_percent and a.amount.unit == b.amount.unit


def _value(a: TextAmount) -> Decimal:
    return a.amount.in_yuan() if a.is_money else a.amount.value


def check(ctx: CheckContext) -> Iterator[Finding]:
    sections = {s.key: s for s in ctx.report.sections}
    for field in ctx.section_texts:
        if "{" not in field.text and not _DIGIT.search(field.text):
            continue
        section = sections[field.place.section]
        amounts = text_amounts(field.text, section)
        if not amounts:
            continue
        operands = _formula_operands(section)
        formula_rates = {f.name for f in section.figures if f.formula}
        reason = bool(_REASON.search(field.text))
        for sentence, in_sentence in group_by_span(amounts, sentences(field.text)):
            statement_spans = [(s + sentence[0], e + sentence[0])
                               for s, e in statements(field.text[sentence[0]:sentence[1]])]
            sentence_pairs = _pairs(in_sentence) if len(statement_spans) > 1 else None
            for span, here in group_by_span(in_sentence, statement_spans):
                yield from _statement(ctx, field, span, here, sentence_pairs, operands, formula_rates, reason)


def _pairs(amounts: list[TextAmount]) -> list[tuple[TextAmount, TextAmount]]:
    """Pairs of comparable amounts (not rates) among the first MAX_AMOUNTS of them."""
    bases = [a for a in amounts if not a.is_percent][:MAX_AMOUNTS]
    return [(a, b) for a, b in combinations(bases, 2) if _comparable(a, b)]


def _linked(name: str, before: str, pair: tuple[TextAmount, TextAmount]) -> bool:
    """Whether the rate ``name`` is plainly about ``pair``: a money rate (执行率, 使用率 …) and two money
    amounts, or the rate's own verb written before it ("办结2000件…办结率"). "项目完成率95%" after two
    sums of money is about projects, not those sums: no warning for it."""
    if any(word in name for word in MONEY_RATE_WORDS):
        return pair[0].is_money and pair[1].is_money
    stem = name[:-1][-2:]
    return len(stem) == 2 and stem in before


def _statement(ctx: CheckContext, field: TextField, span: tuple[int, int], here: list[TextAmount],
               sentence_pairs: list[tuple[TextAmount, TextAmount]] | None, operands: set[frozenset[str]],
               formula_rates: set[str], reason: bool) -> Iterator[Finding]:
    """The rules on one statement; ``sentence_pairs``: the pairs of the whole sentence when it holds
    more than this statement (a rate's base may stand in the clause before: "…3256.78万元；支出…，执行率…")."""
    text = field.text
    rates = [(a, name) for a in here if a.is_percent and (name := _rate_name(text, a))]
    pairs = _pairs(here)
    tolerance_setting = ctx.settings.rate_tolerance_points

    # Units: two money amounts in different units, not a formula's operands (the figure rules say so).
    slip_pairs = []
    for a, b in pairs:
        if not (a.is_money and b.is_money) or a.amount.unit == b.amount.unit:
            continue
        if a.figure and b.figure and frozenset((a.figure, b.figure)) in operands:
            continue
        raw = [(rate, _matches(rate.amount.value, a.amount.value, b.amount.value,
                               _tolerance(rate.amount.value, tolerance_setting)),
                _matches(rate.amount.value, _value(a), _value(b), _tolerance(rate.amount.value, tolerance_setting)))
               for rate, _ in rates]
        confirmed = any(same and not real for _, same, real in raw)
        near = b.amount.value != 0 and NEAR_LOW <= a.amount.value / b.amount.value <= NEAR_HIGH
        if confirmed or (near and not raw):
            slip_pairs.append((a, b))
            odd = min((a, b), key=lambda x: MONEY_UNITS[x.amount.unit])
            other = b if odd is a else a
            shown = text[odd.start:odd.end]
            message = (f"同一句中“{text[other.start:other.end]}”以“{other.amount.unit}”计，"
                       f"“{shown}”以“{odd.amount.unit}”计，两者数值相近而单位相差悬殊，可能写错了单位，请核对。")
            yield Finding("amount.units_mixed", Severity.WARNING if confirmed else Severity.HINT,
                          message, field.place.at(odd.start, odd.end), shown)
            break

    for i, (rate, name) in enumerate(rates):
        stated = rate.amount.value
        shown = text[rate.start:rate.end]
        place = field.place.at(rate.start, rate.end)
        if "执行率" in name:
            yield from _execution(ctx, rate, name, shown, place, reason)
        if rate.figure in formula_rates:
            continue
        tolerance = _tolerance(stated, tolerance_setting)
        if any(_matches(stated, _value(a), _value(b), tolerance) for a, b in pairs):
            continue
        if any(_matches(stated, a.amount.value, b.amount.value, tolerance) for a, b in slip_pairs):
            continue  # the unit is the slip, said above
        if sentence_pairs and any(_matches(stated, _value(a), _value(b), tolerance) for a, b in sentence_pairs):
            continue
        before = text[span[0]:max(span[0], rate.start - len(name))]
        if i == 0 and any(_linked(name, before, pair) for pair in pairs):
            shown_pairs = "、".join(f"{text[a.start:a.end]}与{text[b.start:b.end]}" for a, b in pairs[:3])
            yield Finding("rate.mismatch", Severity.WARNING,
                          f"{name}{format_decimal(stated)}%与同一句中的数据（{shown_pairs}）算出的比率都不相符"
                          f"（允许相差 {format_decimal(tolerance)} 个百分点），请核对数据或比率。", place, shown)
        elif stated not in (0, 100):
            yield Finding("rate.no_base", Severity.HINT,
                          f"{name}{format_decimal(stated)}%没有写明计算依据（如目标值和实际值），"
                          "审核时无法核对，建议补充。", place, shown)


def _execution(ctx: CheckContext, rate: TextAmount, name: str, shown: str, place: Place,
               reason: bool) -> Iterator[Finding]:
    """``reason``: the paragraph gives one (the rule asks for a reason, not where it stands)."""
    stated = rate.amount.value
    low, high = ctx.settings.low_execution_percent, ctx.settings.high_execution_percent
    if low <= stated <= high or reason:
        return
    shown_rate = format_decimal(round_percent(stated)) if rate.figure else format_decimal(stated)
    if stated < low:
        message = (f"{name}{shown_rate}%低于{format_decimal(low)}%，请在同一段中说明原因"
                   "（如“主要原因是……”），或在审核中填写说明。")
        rule = "rate.low_execution"
    else:
        message = (f"{name}{shown_rate}%超过{format_decimal(high)}%，请核对数据，"
                   "并在同一段中说明原因，或在审核中填写说明。")
        rule = "rate.over_limit"
    yield Finding(rule, Severity.WARNING, message, place, shown)

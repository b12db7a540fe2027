"""The 自评表 as rows and cells of text: what the 自评表 tab's grid and the .xlsx exchange both read and write.

Every 二级 indicator is at least one row (a row without a 三级 indicator yet: ``RowRef.index`` None; typing
in it adds one). A cell is read from text as a clerk types it (full-width digits, thousands separators, the
column's own unit after the number) and anything else is refused with a Chinese message
(``CellError``), the table unchanged.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.domain.figures import MONEY_UNITS, format_decimal
from selfeval.domain.table.budget import money_text, parse_amount, typed_override, typed_reason
from selfeval.domain.table.cell_numbers import CellError, parse_cell_number, reading_note
from selfeval.domain.table.model import Indicator, Level, Nature, SelfEvalTable
from selfeval.domain.table.rules import RuleKind, rule_from_words
from selfeval.domain.table.checks import MAX_NAME_CHARS, MAX_TEXT_CHARS, indicator_errors


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    editable: bool = True
    numeric: bool = False


# The indicator grid's columns: the national form's, with 指标性质 and 度量单位 (as some provinces have) and the
# reason of a hand-set score (得分 marked 「*」 when set by hand).
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("group", "一级指标", editable=False),
    Column("category", "二级指标", editable=False),
    Column("name", "三级指标"),
    Column("nature", "指标性质"),
    Column("target", "年度指标值", numeric=True),
    Column("unit", "度量单位"),
    Column("actual", "实际完成值", numeric=True),
    Column("weight", "分值", numeric=True),
    Column("score", "得分", numeric=True),
    Column("reason", "改分理由"),
    Column("rule", "评分标准"),  # the rule in words (rules.py): typed words are read back where unambiguous
    Column("analysis", "偏差原因分析及改进措施"),
)
COLUMN_KEYS = tuple(c.key for c in INDICATOR_COLUMNS)
NATURE_WORDS = {"=": Nature.EQ, "≥": Nature.GE, ">=": Nature.GE, "≤": Nature.LE, "<=": Nature.LE,
                 "定性": Nature.QUALITATIVE}


@dataclass(frozen=True)
class RowRef:
    """Where a grid row is: ``groups[group].categories[category].indicators[index]`` (index None: the
    二级 indicator has no 三级 row yet)."""

    group: int
    category: int
    index: int | None


def tree_rows(table: SelfEvalTable) -> list[RowRef]:
    rows = []
    for gi, group in enumerate(table.groups):
        for ci, cat in enumerate(group.categories):
            if cat.indicators:
                rows += [RowRef(gi, ci, ii) for ii in range(len(cat.indicators))]
            else:
                rows.append(RowRef(gi, ci, None))
    return rows


def indicator_at(table: SelfEvalTable, ref: RowRef) -> Indicator | None:
    if ref.index is None:
        return None
    return table.groups[ref.group].categories[ref.category].indicators[ref.index]


def _rows_of(table: SelfEvalTable, ref: RowRef) -> list[Indicator]:
    return list(table.groups[ref.group].categories[ref.category].indicators)


def insert_row(table: SelfEvalTable, ref: RowRef) -> tuple[SelfEvalTable, RowRef]:
    """A blank 三级 row after ``ref`` (the first one of a 二级 indicator without rows); the new row's ref."""
    if ref.index is None:  # the empty 二级 indicator's row becomes a 三级 row, the new one follows it
        rows, at = [Indicator(), Indicator()], 1
    else:
        rows, at = _rows_of(table, ref), ref.index + 1
        rows.insert(at, Indicator())
    return table.with_indicators(ref.group, ref.category, tuple(rows)), RowRef(ref.group, ref.category, at)


def delete_row(table: SelfEvalTable, ref: RowRef) -> SelfEvalTable:
    if ref.index is None:
        return table
    rows = _rows_of(table, ref)
    del rows[ref.index]
    return table.with_indicators(ref.group, ref.category, tuple(rows))


def move_row(table: SelfEvalTable, ref: RowRef, step: int) -> tuple[SelfEvalTable, RowRef]:
    """The row moved ``step`` places within its 二级 indicator (no further than its ends)."""
    if ref.index is None:
        return table, ref
    rows = _rows_of(table, ref)
    to = max(0, min(len(rows) - 1, ref.index + step))
    rows.insert(to, rows.pop(ref.index))
    return table.with_indicators(ref.group, ref.category, tuple(rows)), RowRef(ref.group, ref.category, to)


# ---------------------------------------------------------------- cells as text

def cell_text(table: SelfEvalTable, ref: RowRef, key: str, score_text: str = "") -> str:
    """What the grid shows in column ``key`` (``score_text``: the 得分 the scoring gives this row)."""
    if key == "group":
        return table.groups[ref.group].name
    if key == "category":
        return table.groups[ref.group].categories[ref.category].name
    ind = indicator_at(table, ref)
    if ind is None:
        return ""
    quantitative = ind.nature.quantitative
    if key == "name":
        return ind.name
    if key == "nature":
        return ind.nature.value
    if key == "target":
        return (_shown(ind.target, ind.unit) if quantitative else ind.target_text)
    if key == "unit":
        return ind.unit if quantitative else ""
    if key == "actual":
        return _shown(ind.actual, ind.unit) if quantitative else (ind.level.value if ind.level else "")
    if key == "weight":
        return _num(ind.weight)
    if key == "score":
        return score_text
    if key == "reason":
        return ind.override.reason if ind.override else ""
    if key == "analysis":
        return ind.analysis
    if key == "rule":
        from selfeval.domain.table.scoring import rule_text

        return rule_text(ind, table.rules)
    raise KeyError(key)


def _num(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _shown(value: Decimal | None, unit: str) -> str:
    """An indicator's value as the grid shows it: money with two decimals and 千分位, the rest as written."""
    if value is not None and unit in MONEY_UNITS:
        return money_text(value)
    return _num(value)


def parse_budget_cell(text: str, what: str) -> Decimal | None:
    """An amount of the budget block (万元): ``budget.parse_amount``."""
    return parse_amount(text, what)


def set_cell(table: SelfEvalTable, ref: RowRef, key: str, text: str,
             computed_score: Decimal | None = None) -> tuple[SelfEvalTable, RowRef]:
    """The table with column ``key`` of row ``ref`` set from ``text`` (a row without a 三级 indicator gets
    one), and the row's ref; ``CellError`` (Chinese) when the text cannot be used. ``computed_score`` is
    what the rules give the row: typing it back in 得分 removes a hand-set score."""
    column = INDICATOR_COLUMNS[COLUMN_KEYS.index(key)]
    if not column.editable:
        raise CellError(f"“{column.label}”由大纲模板决定，不能在此修改。")
    ind = indicator_at(table, ref)
    if ind is None:
        if not (text or "").strip():
            return table, ref
        ind = Indicator()
        rows = _rows_of(table, ref)
        rows.insert(0, ind)
        table = table.with_indicators(ref.group, ref.category, tuple(rows))
        ref = RowRef(ref.group, ref.category, 0)
    new = _with_cell(ind, key, text, column.label, computed_score)
    cat = table.groups[ref.group].categories[ref.category]
    problems = indicator_errors(new, cat.name)
    if problems:
        raise CellError(problems[0])
    rows = _rows_of(table, ref)
    rows[ref.index] = new
    return table.with_indicators(ref.group, ref.category, tuple(rows)), ref


def _with_cell(ind: Indicator, key: str, text: str, label: str, computed: Decimal | None) -> Indicator:
    text = (text or "").replace("\r", "")
    stripped = text.strip()
    if key == "name":
        return replace(ind, name=_line(stripped, label))
    if key == "nature":
        word = unicodedata.normalize("NFKC", stripped)
        if word not in NATURE_WORDS:
            raise CellError("指标性质只能填写 =、≥、≤ 或 定性。")
        return replace(ind, nature=NATURE_WORDS[word])
    if key == "target":
        if not ind.nature.quantitative:
            return replace(ind, target_text=_line(stripped, label))
        return _with_number(ind, "target", stripped, label)
    if key == "unit":
        return replace(ind, unit=_line(stripped, label))
    if key == "actual":
        if not ind.nature.quantitative:
            if not stripped:
                return replace(ind, level=None)
            try:
                return replace(ind, level=Level(stripped))
            except ValueError:
                raise CellError("定性指标的实际完成值只能填写 达成、部分达成 或 未达成。") from None
        return _with_number(ind, "actual", stripped, label)
    if key == "weight":
        return replace(ind, weight=parse_cell_number(stripped, "分", what=label))
    if key == "score":
        return replace(ind, override=typed_override(ind.override, stripped, computed, ind.weight, label))
    if key == "reason":
        return replace(ind, override=typed_reason(ind.override, _line(stripped, label)))
    if key == "rule":
        return _with_rule(ind, stripped, computed_weight=ind.weight)
    if key == "analysis":
        if len(stripped) > MAX_TEXT_CHARS:
            raise CellError(f"{label}不能超过 {MAX_TEXT_CHARS} 个字。")
        return replace(ind, analysis=stripped)
    raise KeyError(key)


def _with_number(ind: Indicator, attr: str, text: str, label: str) -> Indicator:
    """A target or completed value (negative ones too: a 变动率 of 「−3%」); a unit typed after the number
    fills an empty 度量单位."""
    raw = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if ind.unit:
        return replace(ind, **{attr: parse_cell_number(raw, ind.unit, what=label, signed=True)})
    number = raw.rstrip("".join(ch for ch in raw if not (ch.isdigit() or ch in ".,-+ ")))
    unit = raw[len(number):].strip()
    if unit and (number.strip() == "" or len(unit) > 10):
        raise CellError(f"{label}：“{text}”不是有效的数值。")
    return replace(ind, **{attr: parse_cell_number(number, what=label, signed=True)}, unit=unit or ind.unit)


RULE_HINT = ("可写如“≤100%得满分；每超过 1 个百分点扣 0.5 分，扣完为止”、“≥95%得满分；90%（含）–95%得分值的 80%；"
             "低于90%不得分”、“按完成值÷指标值×分值计分，最高不超过分值”、“达到指标值得满分，否则不得分”、"
             "“按评价要点人工评分”；留空则按指标性质计分")


def _with_rule(ind: Indicator, text: str, computed_weight) -> Indicator:
    """The 评分标准 typed as words: the rule they state (and its 指标性质 / 指标值 when they state one and the
    row has none yet); words that cannot be read unambiguously are refused."""
    if not text:
        return replace(ind, rule=None)
    read = rule_from_words(text, computed_weight)
    if read is None:
        raise CellError(f"评分标准“{text[:40]}”无法识别为评分规则：{RULE_HINT}。")
    nature = read.nature or ind.nature
    new = replace(ind, rule=None if read.rule.kind is RuleKind.NATURE else read.rule, nature=nature,
                  target=ind.target if ind.target is not None or read.target is None else read.target)
    problem = new.scoring_rule.problem(new.weight, new.nature)
    if problem:
        raise CellError(problem)
    return new


def _line(text: str, label: str) -> str:
    if len(text) > MAX_NAME_CHARS:
        raise CellError(f"{label}不能超过 {MAX_NAME_CHARS} 个字。")
    return text.replace("\n", " ")


# ---------------------------------------------------------------- a block pasted from Excel / WPS 表格

@dataclass(frozen=True)
class PasteResult:
    table: SelfEvalTable
    refs: tuple[RowRef, ...]  # the rows the block landed on, in order


def clipboard_cells(block: str) -> list[list[str]]:
    """Rows of cells as Excel and WPS 表格 put them on the clipboard (tab-separated text): a cell holding a
    line break (Alt+Enter), a tab or a quote is quoted, a quote inside it doubled; the block ends with a
    line break. 「"第一行\n第二行"\t5」 is one row of two cells."""
    text = block.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    while i <= n:
        if i < n and text[i] == '"':  # a quoted cell: up to the closing quote, "" is one quote
            j, parts = i + 1, []
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        parts.append('"')
                        j += 2
                        continue
                    break
                parts.append(text[j])
                j += 1
            if j < n and (j + 1 == n or text[j + 1] in "\t\n"):
                row.append("".join(parts))
                i = j + 1
            else:  # not a quoted cell after all (「"优"秀」): read as typed, up to the next tab or line
                end = _cell_end(text, i)
                row.append(text[i:end])
                i = end
        else:
            end = _cell_end(text, i)
            row.append(text[i:end])
            i = end
        if i >= n:
            rows.append(row)
            break
        if text[i] == "\t":
            i += 1
            if i == n:
                row.append("")
                rows.append(row)
                break
            continue
        rows.append(row)  # a line break ends the row
        row = []
        i += 1
        if i == n:
            break
    while rows and all(not c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _cell_end(text: str, start: int) -> int:
    ends = [p for p in (text.find("\t", start), text.find("\n", start)) if p >= 0]
    return min(ends) if ends else len(text)


def paste_block(table: SelfEvalTable, ref: RowRef, column: int, block: str) -> PasteResult:
    """A block copied from Excel or WPS 表格 (``clipboard_cells``) pasted with its top-left cell at ``ref`` /
    ``column``: rows beyond the 二级 indicator's last are added to it; each cell is read as if typed. The
    block is applied whole or not at all: the first cell that cannot be read raises ``CellError`` naming it
    (row of the block, column, text), the table unchanged."""
    refs: list[RowRef] = []
    current = ref
    for offset, cells in enumerate(clipboard_cells(block)):
        if offset:
            if _is_last(table, current):
                table, current = insert_row(table, current)
            else:
                current = RowRef(current.group, current.category, current.index + 1)
        elif current.index is None:  # the empty 二级 indicator's row becomes its first 三级 row
            table = table.with_indicators(current.group, current.category, (Indicator(),))
            current = RowRef(current.group, current.category, 0)
        for j, text in enumerate(cells):
            col = column + j
            if col >= len(INDICATOR_COLUMNS) or not INDICATOR_COLUMNS[col].editable:
                continue
            if INDICATOR_COLUMNS[col].key == "score" and not text.strip():
                continue
            try:
                table, current = set_cell(table, current, COLUMN_KEYS[col], text)
            except CellError as exc:
                shown = text.strip().replace("\n", "⏎")
                raise CellError(f"粘贴的第 {offset + 1} 行第 {j + 1} 格（“{INDICATOR_COLUMNS[col].label}”栏，"
                                f"内容“{shown}”）：{exc} 整块未粘贴，请改正后重新复制粘贴。") from None
        refs.append(current)
    return PasteResult(table, tuple(refs))


def _is_last(table: SelfEvalTable, ref: RowRef) -> bool:
    return ref.index is None or ref.index + 1 >= len(_rows_of(table, ref))

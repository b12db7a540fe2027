"""Published-style 部门整体支出绩效评价评分表 (.xlsx) with 投入/过程/产出/效果 rows, typed the way people type them
(merged 一级/二级 cells, percent formats, 「−3.2%」 as text, a 合计 row), import and reproduce their
per-indicator scores and total exactly (issue 20 item 5). The expected scores are worked out by hand in the
comments, from each row's 评分标准."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from selfeval.bundled.frameworks import bundled_frameworks
from selfeval.bundled.templates import get_template
from selfeval.domain.table.rules import Nature, RuleKind
from selfeval.domain.table.scoring import score_table
from selfeval.importers.table_xlsx import TableImportError, read_table_file, read_table_xlsx

D = Decimal
HAND_POINTS = "评价要点：①是否符合国家法律法规；②是否符合部门“三定”方案；③是否符合中长期规划。每少一项扣1分，扣完为止。"
RATIO = "按完成比例计算得分，满分为止。"

# (一级, 二级, 三级, 分值, 评分标准, 指标值, 实际完成值 (a float: %-formatted), 得分, 扣分原因)
COUNTY = [
    ("投入（15分）", "目标设定（5分）", "绩效目标合理性", 2, HAND_POINTS, None, None, 2, None),
    (None, None, "绩效指标明确性", 3, HAND_POINTS, None, None, 2, "部分指标未量化"),
    (None, "预算配置（10分）", "在职人员控制率", 3,
     "以100%为标准。在职人员控制率≤100%，计3分；每超过一个百分点扣0.5分，扣完为止。", "≤100%", 1.02, 2, None),  # 3 − 2 × 0.5
    (None, None, "“三公经费”变动率", 3,
     "“三公经费”变动率≤0，计3分；每超过一个百分点扣0.3分，扣完为止。", "≤0", -0.032, 3, None),  # −3.2 %: full marks
    (None, None, "重点支出安排率", 4, RATIO, 0.9, 0.855, 3.8, None),  # 85.5 ÷ 90 × 4
    ("过程（35分）", "预算执行（20分）", "预算完成率", 5,
     "预算完成率≥95%，计5分；90%（含）-95%，计4分；80%（含）-90%，计2分；低于80%不得分。", "≥95%", 0.9347, 4, None),
    (None, None, "预算调整率", 3,
     "预算调整率=0，计3分；0-10%（含），计2分；10-20%（含），计1分；大于20%不得分。", "=0", 0.065, 2, None),
    (None, None, "结转结余率", 4, "结转结余率≤5%，计4分；每超过1个百分点扣0.5分，扣完为止。", "≤5%", 0.078, 2.6, None),
    (None, None, "政府采购执行率", 4, "100%计满分，每低于1个百分点扣0.2分，扣完为止。", "100%", 0.975, 3.5, None),
    (None, None, "公用经费控制率", 4, "公用经费控制率≤100%，计4分；每超过1个百分点扣0.2分，扣完为止。", "≤100%", 0.96, 4, None),
    (None, "预算管理（9分）", "管理制度健全性", 3, HAND_POINTS, None, None, 3, None),
    (None, None, "资金使用合规性", 3, HAND_POINTS, None, None, 3, None),
    (None, None, "预决算信息公开性", 3, HAND_POINTS, None, None, 2, "决算公开晚于规定时限"),
    (None, "资产管理（6分）", "资产管理安全性", 3, HAND_POINTS, None, None, 3, None),
    (None, None, "固定资产利用率", 3, RATIO, "100%", 0.92, 2.76, None),  # 92 % of 3
    ("产出（30分）", "职责履行（30分）", "实际完成率", 8, RATIO, "100%", 0.96, 7.68, None),
    (None, None, "完成及时率", 7, "≥95%得满分；90%（含）-95%得分值的80%；低于90%不得分。", "100%", 0.91, 5.6, None),
    (None, None, "质量达标率", 8, "达到100%得满分，否则不得分。", "100%", 1, 8, None),
    (None, None, "重点工作办结率", 7, RATIO, "100%", 1, 7, None),
    ("效果（20分）", "履职效益（20分）", "社会效益", 10, "评价要点：①服务群众成效；②宣传覆盖面。酌情扣分。", None, None, 9,
     "宣传覆盖面有待提高"),
    (None, None, "服务对象满意度", 10, "≥90%得满分；80%（含）-90%得分值的80%；低于80%不得分。", "≥90%", 0.925, 10, None),
]
COUNTY_TOTAL = D("89.94")  # 12.8 + 29.86 + 28.28 + 19

# A district's layout: 一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 评价标准 | 实际值 | 得分 | 备注 (no 指标值 column;
# values typed as text some of the time). (一级, 一级分值, 二级, 二级分值, 三级, 分值, 评价标准, 实际值, 得分, 备注)
DISTRICT = [
    ("投入", 13, "预算配置", 13, "在职人员控制率", 5,
     "以100%为标准。在职人员控制率≤100%，计5分；每超过一个百分点扣0.5分，扣完为止。", "103.5%", 3.25, None),  # 5 − 1.75
    (None, None, None, None, "“三公经费”变动率", 8,
     "“三公经费”变动率≦0，计8分；“三公经费”>0，每超过一个百分点扣0.8分，扣完为止。", "−3.2%", 8, None),
    ("过程", 37, "预算执行", 20, "预算完成率", 5, "100%计满分，每低于5%扣2分，扣完为止。", 0.88, 0.2, None),  # 12 / 5 × 2 = 4.8
    (None, None, None, None, "预算调整率", 5,
     "预算调整率=0，计5分；0-10%（含），计4分；10-20%（含），计3分；20-30%（含），计2分；大于30%不得分。", 0.125, 3, None),
    (None, None, None, None, "结转结余率", 5, "结转结余率≤5%，计5分；每超过1个百分点扣0.5分，扣完为止。", 0.031, 5, None),
    (None, None, None, None, "政府采购执行率", 5, RATIO, 0.9, 4.5, None),  # target 100 % from the framework
    (None, None, "预算管理", 12, "管理制度健全性", 4, HAND_POINTS, None, 4, None),
    (None, None, None, None, "资金使用合规性", 4, HAND_POINTS, None, 3.5, "个别报销凭证附件不全"),
    (None, None, None, None, "预决算信息公开性", 4, HAND_POINTS, None, 4, None),
    (None, None, "资产管理", 5, "固定资产利用率", 5, RATIO, 0.97, 4.85, None),
    ("产出", 30, "职责履行", 30, "实际完成率", 10, RATIO, 0.95, 9.5, None),
    (None, None, None, None, "完成及时率", 10,
     "≥95%，计10分；90%（含）-95%，计8分；85%（含）-90%，计6分；低于85%不得分。", 0.93, 8, None),
    (None, None, None, None, "质量达标率", 10, "质量达标率达到100%得满分，否则不得分。", 0.98, 0, None),
    ("效果", 20, "履职效益", 20, "社会效益", 10, "评价要点：①服务群众成效；②宣传覆盖面。酌情扣分。", None, 9, "个别项目宣传不足"),
    (None, None, None, None, "服务对象满意度", 10, "≥90%得满分；80%（含）-90%得分值的80%；低于80%不得分。", 0.87, 8, None),
]
DISTRICT_TOTAL = D("74.8")  # 11.25 + 29.05 + 17.5 + 17


# The 过程 part of a table, published with 32 of 40 points: a 序号 column, 指标解释, 实际完成情况, and a
# deduction where part of a point counts as a whole one (proportional deduction would give 32.5).
# (序号, 一级, 二级, 三级, 指标解释, 评分标准, 分值, 实际完成情况, 自评得分, 备注)
PROCESS = [
    (1, "过程（40分）", "预算执行", "预算执行率", "全年执行数÷全年预算数",
     "预算执行率≥95%，计10分；90%（含）-95%，计8分；85%（含）-90%，计6分；低于85%不得分。", 10, 0.912, 8, None),
    (2, None, None, "结转结余率", "结转结余总额÷支出预算数",
     "结转结余率≤3%计满分；每超过1个百分点扣1分（不足1个百分点按1个百分点计），最低得1分。", 5, "4.5%", 3, None),
    (3, None, None, "预算调整率", "预算调整数÷预算数", "预算调整率≤5%得满分；每超过1个百分点扣0.5分，扣完为止。", 5, 0.03,
     5, None),
    (4, None, None, "政府采购执行率", "实际采购金额÷采购预算", RATIO, 5, 1, 5, None),
    (5, None, "预算管理", "资金使用合规性", "资金使用是否符合规定", HAND_POINTS, 10, None, 6, "存在1笔支出依据不充分"),
    (6, None, None, "预决算信息公开性", "按时公开的比例", "达到100%得满分，否则不得分。", 5, 1, 5, None),
]
PROCESS_TOTAL = D(32)


def _merge_down(ws, col: int, first: int, values: list) -> None:
    """Merge each non-empty cell of ``values`` (rows from ``first``) down over the empty ones below it."""
    start = None
    for i, value in enumerate(values + ["end"]):
        if value is not None:
            if start is not None and i - 1 > start:
                ws.merge_cells(start_row=first + start, start_column=col, end_row=first + i - 1, end_column=col)
            start = i


def county_sheet(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "评分表"
    ws["A1"] = "某县农业农村局2024年度部门整体支出绩效自评评分表"
    ws.merge_cells("A1:I1")
    ws["A2"] = "评价单位（公章）：某县农业农村局"
    ws.merge_cells("A2:E2")
    ws["F2"] = "评价年度：2024年"
    header = ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "指标值", "实际完成值", "得分", "扣分原因"]
    for j, label in enumerate(header, start=1):
        ws.cell(3, j, label).alignment = Alignment(horizontal="center", wrap_text=True)
    for i, (g, c, name, weight, words, target, actual, score, why) in enumerate(COUNTY, start=4):
        for j, value in enumerate((g, c, name, weight, words), start=1):
            ws.cell(i, j, value)
        if target is not None:
            cell = ws.cell(i, 6, target)
            if isinstance(target, float):
                cell.number_format = "0%"
        if actual is not None:
            ws.cell(i, 7, actual).number_format = "0.00%"
        ws.cell(i, 8, score)
        ws.cell(i, 9, why)
    last = 4 + len(COUNTY)
    _merge_down(ws, 1, 4, [r[0] for r in COUNTY])
    _merge_down(ws, 2, 4, [r[1] for r in COUNTY])
    ws.cell(last, 1, "合计")
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=3)
    ws.cell(last, 4, 100)
    ws.cell(last, 8, float(COUNTY_TOTAL))
    book.save(path)
    return path


def district_sheet(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws["A1"] = "2024年度部门整体支出绩效评价指标评分表"
    ws.merge_cells("A1:J1")
    header = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "实际值", "得分", "备注"]
    for j, label in enumerate(header, start=1):
        ws.cell(2, j, label)
    for i, row in enumerate(DISTRICT, start=3):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(i, j, value)
            if j == 8 and isinstance(value, float):
                cell.number_format = "0.0%"
    for col in (1, 2, 3, 4):
        _merge_down(ws, col, 3, [r[col - 1] for r in DISTRICT])
    last = 3 + len(DISTRICT)
    ws.cell(last, 1, "总分")
    ws.cell(last, 6, 100)
    ws.cell(last, 9, float(DISTRICT_TOTAL))
    book.save(path)
    return path


def process_sheet(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws["A1"] = "部门整体支出绩效自评表（过程部分）"
    ws["A2"] = "单位：某市公路事务中心"
    ws["A3"] = "单位：分"
    header = ["序号", "一级指标", "二级指标", "三级指标", "指标解释", "评分标准", "分值", "实际完成情况", "自评得分", "备注"]
    for j, label in enumerate(header, start=1):
        ws.cell(4, j, label)
    for i, row in enumerate(PROCESS, start=5):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(i, j, value)
            if j == 8 and isinstance(value, (int, float)):
                cell.number_format = "0.0%"
    _merge_down(ws, 2, 5, [r[1] for r in PROCESS])
    _merge_down(ws, 3, 5, [r[2] for r in PROCESS])
    ws.cell(5 + len(PROCESS), 1, "合  计")
    ws.cell(5 + len(PROCESS), 7, 40)
    ws.cell(5 + len(PROCESS), 9, 32)
    book.save(path)
    return path


def base():
    return get_template().new_report().table


@pytest.mark.parametrize("make, rows, total, framework, name_at, score_at, weights", [
    (county_sheet, COUNTY, COUNTY_TOTAL, "mof-2013", 2, 7, 100),
    (district_sheet, DISTRICT, DISTRICT_TOTAL, "district-example", 4, 8, 100),
    # 过程/预算执行/预算管理 are in both 投入-过程-产出-效果 frameworks: the 三级 weights (5, 5, 5, 10, 5) are the district's
    (process_sheet, PROCESS, PROCESS_TOTAL, "district-example", 3, 8, 40),
])
def test_a_published_score_sheet_reproduces_its_scores_and_total(tmp_path, make, rows, total, framework, name_at,
                                                                 score_at, weights):
    path = make(tmp_path / "评分表.xlsx")
    read = read_table_file(path, base(), bundled_frameworks().values())
    table = read.table
    assert read.framework == framework == table.framework_id
    assert [g.name for g in table.groups] == (["过程"] if weights == 40 else ["投入", "过程", "产出", "效果"])
    score = score_table(table)
    flat = table.indicators()
    assert [i.name for _, _, i in flat] == [r[name_at] for r in rows]
    for (_, _, ind), s, row in zip(flat, score.indicators, rows):
        expected = D(str(row[score_at]))
        assert s.final == expected, (ind.name, s.computed, s.final, expected)
        if ind.scoring_rule.kind is RuleKind.HAND:
            assert s.computed is None and s.overridden  # scored by hand, the published score kept with its reason
            assert s.override.reason
        else:
            assert s.computed == expected and not s.overridden, (ind.name, s.computed, expected)
    assert score.total == total == read.published_total
    assert score.weights == weights
    assert weights != 100 or not [f for f in score.findings if "分值合计" in f]


def test_the_rows_read_as_typed(tmp_path):
    table = read_table_xlsx(county_sheet(tmp_path / "t.xlsx"), base(), bundled_frameworks().values())
    change = next(i for _, _, i in table.indicators() if i.name == "“三公经费”变动率")
    assert (change.nature, change.target, change.actual, change.unit) == (Nature.LE, D(0), D("-3.2"), "%")
    assert change.rule.kind is RuleKind.DEDUCT and change.rule.per == D("0.3")
    adjust = next(i for _, _, i in table.indicators() if i.name == "预算调整率")
    assert adjust.nature is Nature.LE and adjust.rule.kind is RuleKind.BANDS  # 「=0，计3分；0-10%（含）…」
    assert [c.name for c in table.groups[1].categories] == ["预算执行", "预算管理", "资产管理"]
    assert [g.weight for g in table.groups] == [15, 35, 30, 20]


def test_without_frameworks_the_sheet_still_imports_on_its_own_words(tmp_path):
    read = read_table_file(district_sheet(tmp_path / "d.xlsx"), base())
    purchase = next(i for _, _, i in read.table.indicators() if i.name == "政府采购执行率")
    assert purchase.target is None  # no framework to say 100 %: the published score is kept by hand
    assert score_table(read.table).total == DISTRICT_TOTAL


def test_a_header_without_rows_is_refused(tmp_path):
    book = Workbook()
    for j, label in enumerate(["一级指标", "二级指标", "三级指标", "分值", "得分"], start=1):
        book.active.cell(1, j, label)
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(TableImportError, match="没有三级指标行"):
        read_table_xlsx(tmp_path / "empty.xlsx", base(), bundled_frameworks().values())


def test_a_part_point_counted_whole_is_what_makes_32_not_32_5(tmp_path):
    table = read_table_xlsx(process_sheet(tmp_path / "p.xlsx"), base(), bundled_frameworks().values())
    carry = next(i for _, _, i in table.indicators() if i.name == "结转结余率")
    assert carry.rule.whole_steps and carry.rule.floor == 1 and carry.target == 3 and carry.actual == D("4.5")
    assert score_table(table).total == 32


def test_percentages_are_kept_as_typed_digits(tmp_path):
    table = read_table_xlsx(county_sheet(tmp_path / "c.xlsx"), base(), bundled_frameworks().values())
    key = next(i for _, _, i in table.indicators() if i.name == "重点支出安排率")
    assert str(key.target) == "90" and str(key.actual) == "85.5"  # 0.9 and 0.855 under a % format
    assert key.to_dict()["target"] == "90"


@pytest.mark.parametrize("cells, message", [
    ({"D6": "三分"}, "第 6 行：分值“三分”不是数值。"),
    ({"H7": 5}, "第 7 行：得分 5 不在 0 到分值 3 之间。"),
    ({"H8": "优"}, "第 8 行：得分“优”不是数值。"),
])
def test_cells_that_cannot_be_read_refuse_the_file_with_their_rows(tmp_path, cells, message):
    from openpyxl import load_workbook

    path = county_sheet(tmp_path / "c.xlsx")
    book = load_workbook(path)
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    with pytest.raises(TableImportError) as caught:
        read_table_xlsx(path, base(), bundled_frameworks().values())
    assert str(caught.value).startswith("自评表未导入") and message in caught.value.problems

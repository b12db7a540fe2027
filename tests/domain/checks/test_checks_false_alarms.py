"""A false alarm is a bug: correct sentences yield nothing at 错误 or 警告 (and most of them nothing)."""

from __future__ import annotations

import pytest
from checks_support import findings, one_section_report, serious

from selfeval.domain.model import SectionKind

CORRECT = [
    # reduplication
    "我们常常深入社区走访，人人参与，天天有人值守。",
    "年年开展评比，家家户户都有宣传册。",
    "工作人员认认真真、扎扎实实完成了各项任务。",
    "请大家看看这份材料，再研究研究下一步安排。",
    "实实在在为群众办实事，方方面面都要考虑到。",
    "一步一步推进项目，逐一核对台账。",
    "这件事的的确确需要加快推进。",
    "杜绝不了了之的现象。",
    "进一步转变工作作风，坚持人民民主，树立科学管理理念。",
    "各部门门户网站同步公开。",
    "为了了解群众需求，针对对象分类施策，可以以此为契机。",
    # rates with their bases
    "全年预算金额5000万元，已用金额4500万元，预算执行率90%。",
    "已用金额7663.69万元，预算金额7704.69万元，执行率99.47%。",
    "已用金额76,636,900元，预算金额7704.69万元，执行率99.47%。",
    "完成固定资产投资9170万元，目标6000万元，完成率152.83%。",
    "受理2058件，办结2000件，办结率97.18%。",
    "预算执行率99.5%，已用金额7663.69万元，预算金额7704.69万元。",
    "年初预算6000万元，全年支出5400万元，其中基本支出3000万元，执行率90%。",
    "按时办结率100%。",
    "全年支出4500万元，其中项目支出3000万元，项目完成率95%。",
    "培训8期，参训650人，考核合格率96%。",
    "全年预算收入合计3256.78万元，其中财政拨款收入3156.78万元；全年支出合计3102.45万元，预算执行率95.26%。",
    "政府采购预算1200万元，实际采购金额1150.6万元，节约资金49.4万元，节约率4.12%。",
    "受理群众诉求2456件，办结2431件，办结率98.98%；排查隐患358处，整改率100%。",
    "年初预算数3000万元，全年预算数3256.78万元，全年执行数3102.45万元，执行率95.26%。",
    "基本支出2305.67万元，占总支出的74.32%；项目支出796.78万元，占总支出的25.68%。",
    "“三公”经费支出12.35万元，较上年减少2.1万元，下降14.53%，主要原因是严格落实过紧日子要求。",
    "预算执行率95%，主要原因是部分项目年底才完成验收，资金未能全部支付。",
    "预算执行率85%，低于序时进度，原因是工程款按合同在次年支付。",
    # figures in matching units, and legitimately different ones
    "人均补助500元，全年共发放1200万元。",
    "项目总投资1.2亿元，其中财政资金8000万元。",
    "每户补贴3000元，惠及1500户，合计450万元。",
    # quotations and brackets
    "打造“幸福西关·泮塘‘五约’”党建品牌。",
    "按照《昌华街道采购询价比选办法》（2024年修订）执行。",
    "以“一湖一涌”（荔湾湖、荔枝湾涌）为核心。",
    # comparisons with last year and other years
    "较2023年度增长12%。",
    "与2023年相比，支出减少。",
    "同比增长5.2%，上年同期为3.1%。",
    "群众满意度达96.5%，较2023年提高1.2个百分点。",
    "截至2024年12月31日，累计支付资金3102.45万元。",
    "与截至2023年底相比，登记在册出租屋增加63栋。",
    "较截至2023年12月31日的1890栋增加63栋。",
    "截至2023年12月31日的结转结余资金120.5万元已全部统筹使用。",
    "截至2023年末，上年结转资金30万元，已于2024年6月支付完毕。",
    "截至2025年3月底，项目已完成竣工验收。",
    "2023年以来累计完成改造12栋。",
    "项目于2022年立项，计划2026年度完工。",
    "依据《荔湾区政府采购工作指引（2025年版）》执行。",
    # numbering
    "一是加强学习；二是完善制度；三是强化监督。",
    "主要做法：一是建立台账。二是定期核查。",
    # numbers and punctuation
    "共计1,234.56万元，占比12.5%。",
    "详见网址：https://www.example.gov.cn/a,b;c 。",
    "时间为2024年3月1日14:30。",
    "（一）预算编制情况。严格按照《预算法》及其实施条例编制预算，做到应编尽编。",
    "做好“六稳”“六保”工作，确保“三保”支出足额保障。",
    "部门整体支出绩效自评得分为92.5分，评价等级为“优”。",
]


@pytest.mark.parametrize("sentence", CORRECT)
def test_correct_sentence_yields_no_error_or_warning(sentence: str):
    assert serious(one_section_report(sentence)) == []


@pytest.mark.parametrize("sentence", CORRECT)
def test_correct_sentence_in_an_items_section(sentence: str):
    report = one_section_report(sentence, kind=SectionKind.ITEMS)
    assert [f for f in serious(report) if f.rule != "numbering.typed_marker"] == []


def test_correct_sentences_give_few_hints():
    report = one_section_report(*CORRECT)
    hints = [f.rule for f in findings(report)]
    # What is left are hints about rates with no base stated.
    assert set(hints) <= {"rate.no_base"}

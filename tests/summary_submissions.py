"""Test submissions for the 汇总: units' reports made from the bundled sample by varying the unit, its 主管部门,
its figures and its 自评表, some with slips (a wrong year, template text left in, 元 for 万元, figures in the
说明 that disagree with the table, an unfinished table), written as exchange files, Word 说明 and bad files.

``python tests/bench/make_submissions.py FOLDER`` writes a folder of them; the tests and the benchmark call
``write_submissions`` directly. Nothing here is committed output: every file is made when asked for."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.merge import section_hash
from selfeval.domain.model import Report
from selfeval.domain.table.model import BudgetRowKey, Category, Group, Indicator, Nature
from selfeval.exchange.file_format import ExchangeFile, Origin, dump_bytes

DEPARTMENTS = ("区教育局", "区卫生健康局", "区民政局", "区城市管理和综合执法局", "区住房和城乡建设局", "区文化广电旅游体育局")
KINDS = {"区教育局": ("第{n}中学", "第{n}小学", "第{n}幼儿园"), "区卫生健康局": ("第{n}社区卫生服务中心", "第{n}门诊部"),
         "区民政局": ("第{n}养老服务中心", "第{n}救助站"), "区城市管理和综合执法局": ("第{n}环卫所", "第{n}执法中队"),
         "区住房和城乡建设局": ("第{n}工程质量站", "第{n}物业服务中心"), "区文化广电旅游体育局": ("第{n}文化站", "第{n}图书馆分馆")}
TEMPLATE_SENTENCE = "（此处填写本单位年度履职情况，请结合部门职能和年度工作计划如实填写，字数不少于三百字）。"
SAMPLE_UNIT = "广州市荔湾区人民政府昌华街道办事处"
SAMPLE_SHORT = "昌华街道"
SLIPS = ("year", "template", "yuan", "disagree", "unfinished", "previous_year")


@dataclass(frozen=True)
class Made:
    """One unit as made: its report and the slips planted in it."""

    report: Report
    department: str
    slips: tuple[str, ...]


def unit_names(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """``count`` (unit name, 主管部门), the same for every year with the same seed."""
    rng = random.Random(seed)
    names = []
    for i in range(count):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)]
        kind = rng.choice(KINDS[dept])
        names.append((f"广州市荔湾区{dept.removeprefix('区')}{kind.format(n=i + 1)}", dept))
    return names


def _mark_sentences(text: str, short: str) -> str:
    """Each sentence of the sample made the unit's own (it names the unit), so that units do not share text."""
    parts = re.split(r"(?<=[。！？；\n])", text.replace(SAMPLE_UNIT, short).replace(SAMPLE_SHORT, short))
    return "".join(p if (not p.strip() or short in p) else f"{short}{p}" for p in parts)


def _table(report: Report, dept: str, budget: Decimal, spent: Decimal, rng: random.Random, finished: bool):
    table = table_of(report)
    rows = tuple(replace(r, initial=budget, budget=budget, spent=spent) if r.key is BudgetRowKey.TOTAL else r
                 for r in table.budget.rows)
    achieved = lambda target: (target * Decimal(rng.choice((60, 75, 85, 92, 100, 100, 100, 105)))
                               / 100).quantize(Decimal(1))

    def ind(name, unit, target, weight):
        return Indicator(name=name, nature=Nature.GE, target=Decimal(target), unit=unit,
                         actual=achieved(Decimal(target)) if finished else None, weight=Decimal(weight))

    groups = []
    for g in table.groups:
        cats = []
        for c in g.categories:
            indicators = ()
            if c.name == "数量指标":
                indicators = (ind("服务人次", "人次", rng.randrange(500, 5000), 25),)
            elif c.name == "质量指标":
                indicators = (ind("项目验收合格率", "%", 100, 25),)
            elif c.name == "社会效益指标":
                indicators = (ind("群众诉求办结数", "件", rng.randrange(50, 500), 30),)
            elif c.name == "服务对象满意度指标":
                indicators = (ind("服务对象满意度", "%", 95, 10),)
            cats.append(Category(c.name, c.weight, indicators))
        groups.append(Group(g.name, g.weight, tuple(cats)))
    return replace(table, supervisor=dept, budget=replace(table.budget, rows=rows), groups=tuple(groups))


def make_unit(index: int, name: str, dept: str, year: int, rng: random.Random, slips: tuple[str, ...] = ()) -> Made:
    report = bundled_sample()
    short = name.removeprefix("广州市荔湾区")
    report.unit_name, report.unit_short = name, short
    report.year = year - 1 if "year" in slips else year
    budget = Decimal(rng.randrange(20000, 2000000)) / 100
    rate = Decimal(rng.choice((72, 85, 88, 91, 94, 96, 97, 98, 99, 99.5, 100, 103))) + Decimal(rng.randrange(0, 99)) / 100
    spent = (budget * rate / 100).quantize(Decimal("0.01"))
    table_budget = budget * 10000 if "yuan" in slips else budget  # 元 typed in the 万元 column
    report.table = _table(report, dept, table_budget, spent, rng, "unfinished" not in slips)
    sections = []
    for s in report.sections:
        entries = [e.copy_with(lead=_mark_sentences(e.lead, short), text=_mark_sentences(e.text, short))
                   for e in s.entries]
        figures = []
        for f in s.figures:
            if f.name == "预算金额":  # the sample's own slip (元 for 万元) mended; the disagreeing slip below
                f = f._replace(unit="万元", value=budget, source="全年预算数")
            if f.name == "已用金额" and "disagree" in slips:
                f = f._replace(value=spent + Decimal("123.45"), source="")
            figures.append(f)
        section = s.copy_with(intro=_mark_sentences(s.intro, short), entries=entries, figures=figures)
        if "template" in slips and s.key == "performance" and entries:
            section = section.copy_with(entries=[entries[0].copy_with(text=TEMPLATE_SENTENCE)] + entries[1:])
        if "previous_year" in slips and s.key == "efficiency" and entries:
            section = section.copy_with(entries=entries + [entries[0].copy_with(
                text=f"{short}{year - 1}年度预算编制工作按计划完成。")])
        sections.append(section)
    report.sections = sections
    return Made(report, dept, slips)


def exchange_bytes(report: Report, when: dt.datetime, version: int | None = None) -> bytes:
    histories = {s.key: (section_hash(s.to_dict()),) for s in report.sections}
    origin = Origin(report.unit_name, report.unit_short, report.year, report.title, 1, "PC-TEST", when, "test")
    data = dump_bytes(ExchangeFile(origin, True, report, 1, histories))
    if version is not None:  # a file from a newer program: its own version, a valid checksum
        document = json.loads(data)
        document["format_version"] = version
        data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return data


def units(count: int, year: int = 2024, seed: int = 7, slip_every: int = 7) -> list[Made]:
    """``count`` units of ``year``; every ``slip_every``-th one has a slip (in turn)."""
    rng = random.Random(seed * 10000 + year)
    made = []
    for i, (name, dept) in enumerate(unit_names(count)):
        slips = (SLIPS[(i // slip_every) % len(SLIPS)],) if slip_every and i % slip_every == slip_every - 1 else ()
        made.append(make_unit(i, name, dept, year, rng, slips))
    return made


def write_submissions(folder: Path, count: int = 300, *, year: int = 2024, docx: int = 10, bad: int = 6,
                      seed: int = 7) -> dict:
    """Write ``count`` files into ``folder``: ``count - docx - bad`` exchange files, ``docx`` Word 说明 and ``bad``
    bad files (foreign, damaged, newer format, a .docx that is no 说明, duplicates). Returns what was written:
    {"units": [Made…] (the good ones, by file name), "bad": {file name: kind}, "docx": [file names]}."""
    from selfeval.export.package import docx_bytes

    folder.mkdir(parents=True, exist_ok=True)
    good = count - bad
    made = units(good, year, seed)
    when = dt.datetime(year + 1, 3, 15, 9, 0, tzinfo=dt.timezone.utc)
    written = {"units": {}, "bad": {}, "docx": [], "docx_with_table": []}
    for i, m in enumerate(made):
        stamp = when + dt.timedelta(hours=i)
        if i >= good - docx:
            name = f"{i + 1:03d}-{m.report.unit_short}.docx"
            # every other Word 说明 with its 自评表 first (as the export writes it), the others the 说明 alone
            table = m.report.table if i % 2 else None
            (folder / name).write_bytes(docx_bytes(m.report, when=stamp, table=table))
            written["docx"].append(name)
            if table is not None:
                written["docx_with_table"].append(name)
        else:
            name = f"{i + 1:03d}-{m.report.unit_short}.selfeval"
            (folder / name).write_bytes(exchange_bytes(m.report, stamp))
        written["units"][name] = m
    kinds = ["foreign", "damaged", "newer", "not_a_report", "duplicate", "foreign_zip"]
    first = next(iter(written["units"]))
    for k in range(bad):
        kind = kinds[k % len(kinds)]
        name = f"bad-{k + 1:02d}-{kind}"
        if kind == "foreign":
            path = folder / f"{name}.txt"
            path.write_text("这是会议通知，不是报告。\n", encoding="utf-8")
        elif kind == "damaged":
            data = exchange_bytes(made[0].report, when)
            path = folder / f"{name}.selfeval"
            path.write_bytes(data[: len(data) // 2])
        elif kind == "newer":
            path = folder / f"{name}.selfeval"
            path.write_bytes(exchange_bytes(made[1].report, when, version=99))
        elif kind == "not_a_report":
            import docx as python_docx

            document = python_docx.Document()
            document.add_paragraph("关于召开年度工作会议的通知")
            document.add_paragraph("各科室：定于下周一上午九时召开年度工作会议，请准时参加。")
            path = folder / f"{name}.docx"
            document.save(path)
        elif kind == "duplicate":
            path = folder / f"{name}.selfeval"
            path.write_bytes((folder / first).read_bytes())
        else:
            import openpyxl

            wb = openpyxl.Workbook()
            wb.active["A1"] = "预算表"
            path = folder / f"{name}.xlsx"
            wb.save(path)
        written["bad"][path.name] = kind
    return written

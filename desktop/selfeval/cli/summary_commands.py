"""``selfeval summary new/add/list/check/export``: the 汇总 workspace from the command line (no Qt)."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.common import note, out, printable

EXIT_PROBLEMS = 1  # some files were not loaded, replacements wait for --replace, or 审核 found 错误


def add_parser(sub, parser_class) -> None:
    p = sub.add_parser("summary", help="汇总：收集各单位报送的报告，汇总、审核、比较并导出",
                       description="汇总工作区（单独的数据库文件）：主管部门和财政局收集各单位报送的交换文件（.selfeval）"
                                   "和 Word 说明（.docx），一览各单位的得分、执行率和审核结果，并导出 Excel 或 Word 汇总报告。")
    ss = p.add_subparsers(dest="summary_command", metavar="操作", title="操作", parser_class=parser_class, required=True)

    q = ss.add_parser("new", help="新建汇总文件", description="新建一个空的汇总文件。")
    q.add_argument("workspace", metavar="汇总文件", help="要新建的汇总文件（如 2024汇总.db）")
    q.set_defaults(func=cmd_new)

    q = ss.add_parser("add", help="把报送的文件加入汇总", description=(
        "读取报送的交换文件（.selfeval）和 Word 说明（.docx），文件夹中的全部文件一并读取。每个文件一行导入报告；"
        "不能导入的文件（不是报告、已损坏、更新版本导出、重复报送）逐个说明原因，其余照常导入。同一单位同一年度已在汇总中时，"
        "列出变化，加 --replace 才替换。有未导入或待替换的文件时退出状态为 1。"))
    q.add_argument("workspace", metavar="汇总文件")
    q.add_argument("files", metavar="文件或文件夹", nargs="+")
    q.add_argument("--replace", action="store_true", help="同一单位同一年度已在汇总中时，用新报送的替换（先列出变化）")
    q.add_argument("--department", metavar="主管部门", default="",
                   help="这批报送所属的主管部门（报告的自评表中未填主管部门时使用）")
    q.set_defaults(func=cmd_add)

    q = ss.add_parser("list", help="列出各单位的汇总一览", description="每个单位一行：得分、等级、预算、执行率、审核结果等，最后是合计。")
    q.add_argument("workspace", metavar="汇总文件")
    q.add_argument("--sort", metavar="列", default="主管部门",
                   help="按哪一列排序：单位、主管部门、总分、等级、预算数、执行数、执行率、错误、警告、字数、报送日期（默认主管部门）")
    q.add_argument("--desc", action="store_true", help="从大到小排序")
    q.add_argument("--filter", metavar="条件", action="append", choices=("errors", "low-rate", "below-good"),
                   help="errors 只看有错误的单位；low-rate 执行率低于 90%%；below-good 等级低于良（可重复）")
    q.set_defaults(func=cmd_list)

    q = ss.add_parser("check", help="批量审核全部单位（含跨单位检查）", description=(
        "对每个单位运行单份报告的全部审核规则，并做跨单位检查：各单位说明中相同的句子、与所属主管部门差距过大的数字、"
        "报送的年度。每条一行；有“错误”时退出状态为 1。"))
    q.add_argument("workspace", metavar="汇总文件")
    q.set_defaults(func=cmd_check)

    q = ss.add_parser("export", help="导出汇总：Excel（.xlsx）或 Word 汇总报告（.docx）", description=(
        "按输出文件的扩展名导出：.xlsx（单位、审核结果、合计三张工作表），.docx（公文格式的汇总报告，含一览表和图表）。"))
    q.add_argument("workspace", metavar="汇总文件")
    q.add_argument("-o", "--output", metavar="输出文件", required=True)
    q.add_argument("--last-year", metavar="上年汇总文件", help="上年的汇总文件：并列比较得分、执行率和预算的变化")
    q.set_defaults(func=cmd_export)


def _open(name: str, *, read_only: bool = False):
    from selfeval.app.summary import Workspace

    return Workspace.open(Path(name).expanduser(), read_only=read_only)


def cmd_new(args: argparse.Namespace) -> int:
    from selfeval.app.summary import Workspace

    with Workspace.new(Path(args.workspace).expanduser()) as ws:
        note(f"已新建汇总文件“{printable(ws.path.name)}”。用 selfeval summary add 加入各单位报送的文件。")
        out(str(ws.path))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with _open(args.workspace) as ws:
        plan = ws.plan_add([Path(f).expanduser() for f in args.files], args.department)
        for line in plan.lines(replace=args.replace):
            out(printable(line))
        stored = ws.apply(plan, replace=args.replace)
        waiting = 0 if args.replace else len(plan.replacements)
        note(f"导入报告：新加入 {len(plan.new)} 个，替换 {len(plan.replacements) if args.replace else 0} 个，"
             f"待替换 {waiting} 个，未改动 {len(plan.unchanged)} 个，未导入 {len(plan.rejected)} 个；"
             f"汇总中现有 {ws.db.count()} 个单位。")
        if waiting:
            note("同一单位同一年度已在汇总中的报送未替换：核对上面列出的变化后，加 --replace 重新运行。")
    return EXIT_PROBLEMS if plan.rejected or waiting else 0


def cmd_list(args: argparse.Namespace) -> int:
    from selfeval.cli.table import format_table
    from selfeval.domain.summary.overview import SORT_KEYS, filtered, sorted_rows, totals

    if args.sort not in SORT_KEYS:
        from selfeval.cli.common import CliError

        raise CliError(f"不能按“{args.sort}”排序。可用的列：{'、'.join(SORT_KEYS)}。")
    with _open(args.workspace) as ws:
        rows = ws.rows()
    shown = sorted_rows(filtered(rows, *(args.filter or ())), args.sort, args.desc)
    table = [[str(n), r.unit, r.department or "—", str(r.year), r.score_text, r.grade if r.score is not None else "—",
              _money(r.budget), _money(r.spent), r.rate_text, str(r.errors), str(r.warnings), str(r.words),
              r.agreement.status, r.submitted.isoformat(), str(r.cross_errors + r.cross_warnings)]
             for n, r in enumerate(shown, start=1)]
    out(format_table(["序号", "单位", "主管部门", "年度", "总分", "等级", "全年预算数", "全年执行数", "执行率", "错误", "警告",
                      "字数", "说明与表", "报送日期", "跨单位"], table))
    t = totals(shown)
    label = f"（筛选后 {len(shown)} / {len(rows)} 个单位）" if args.filter else ""
    out(f"合计{label}：")
    for line in t.lines():
        out("  " + line)
    return 0


def _money(value) -> str:
    from selfeval.domain.summary.overview import money_text

    return money_text(value)


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args.workspace) as ws:
        ws.recheck()
        findings = ws.findings()
        units = len(ws.submissions)
    errors = 0
    for f in findings:
        status = "" if f.counts else ("（已说明）" if f.status == "explained" else "（已忽略）")
        where = "跨单位" if f.cross else "本单位"
        out(printable(f"{f.severity}{status}  {f.unit}  [{where}] {f.place}  {f.message}"))
        errors += f.severity == "错误" and f.counts
    counted = [f for f in findings if f.counts]
    warnings = sum(1 for f in counted if f.severity == "警告")
    hints = sum(1 for f in counted if f.severity == "提示")
    cross = sum(1 for f in counted if f.cross)
    with_errors = len({f.unit_id for f in counted if f.severity == "错误"})
    note(f"批量审核完成：{units} 个单位，错误 {errors} 条（{with_errors} 个单位），警告 {warnings} 条，提示 {hints} 条；"
         f"其中跨单位检查 {cross} 条。")
    return EXIT_PROBLEMS if errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from selfeval.app.summary.exports import export_summary

    last = _open(args.last_year, read_only=True) if args.last_year else None
    try:
        with _open(args.workspace) as ws:
            written = export_summary(ws, Path(args.output).expanduser(), last)
            count = len(ws.submissions)
    finally:
        if last is not None:
            last.close()
    note(f"已导出 {count} 个单位的汇总：{printable(written.name)}")
    out(str(written))
    return 0

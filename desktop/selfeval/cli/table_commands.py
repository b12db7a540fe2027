"""``selfeval export-table`` and ``selfeval import-table``: the 自评表 as .xlsx (openpyxl)."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.common import CliError, existing_report_id, note, open_store, out


def cmd_export_table(args: argparse.Namespace) -> int:
    from selfeval.export.table_xlsx import export_table_xlsx
    from selfeval.bundled.report_table import table_of

    report_id = existing_report_id(args)
    with open_store(args, write=False) as store:
        report = store.load(report_id)
        created = store.info(report_id).created_at
        newest = store.history(report_id, limit=1)
    asked = Path(args.output).expanduser()
    if asked.suffix.lower() == ".docx":  # the table alone, as a Word document
        from selfeval.app.export_report import export_table_docx
        from selfeval.domain.export_stamp import ExportStamp

        stamp = ExportStamp.of(report_id, created, report, newest[0].id if newest else 0)  # so that an edited copy can be merged back
        out(str(export_table_docx(report, asked, landscape=args.landscape or None, stamp=stamp)))
        return 0
    written = export_table_xlsx(report, table_of(report), asked)
    if written.name != asked.name:
        note(f"文件名“{asked.name}”不以 .xlsx 结尾，已保存为“{written.name}”。")
    out(str(written))
    return 0


def cmd_import_table(args: argparse.Namespace) -> int:
    from selfeval.domain.table.scoring import score_table
    from selfeval.importers.table_xlsx import import_table_xlsx
    from selfeval.bundled.frameworks import bundled_frameworks
    from selfeval.bundled.report_table import table_of
    from selfeval.store import SetField

    report_id = existing_report_id(args)
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CliError(f"找不到文件“{path}”。")
    with open_store(args) as store:
        before = table_of(store.load(report_id))
        read = import_table_xlsx(path, before, bundled_frameworks().values())
        table = read.table
        record = store.apply(SetField(report_id, "table", table))
    score = score_table(table)
    rows = len(table.indicators())
    if record is None:
        note("文件中的自评表与报告中的相同，未做修改。")
    else:
        note(f"已导入自评表：{rows} 个三级指标，自评总分 {score.total} 分，等级“{score.grade}”。")
    if table.framework_id != before.framework_id:
        name = bundled_frameworks().get(table.framework_id)
        note(f"自评表已改用指标框架“{name.name if name else table.framework_id}”（按文件中的一级、二级指标识别）。")
    if read.published_total is not None and read.published_total != score.total:
        note(f"提示：文件中的总分为 {read.published_total} 分，按各项得分合计为 {score.total} 分。")
    for line in read.notes:
        note(f"注意：{line}")
    for finding in score.findings:
        note(f"提示：{finding}")
    out(str(report_id))
    return 0


def cmd_frameworks(args: argparse.Namespace) -> int:
    from selfeval.bundled.frameworks import bundled_frameworks
    from selfeval.cli.table import format_table
    from selfeval.domain.table.model import DEFAULT_FRAMEWORK

    rows = [[fid + ("（默认）" if fid == DEFAULT_FRAMEWORK else ""), fw.name,
             "、".join(f"{g.name} {g.weight}" for g in fw.groups)] for fid, fw in bundled_frameworks().items()]
    out(format_table(["框架", "名称", "一级指标及分值"], rows))
    return 0


def cmd_set_framework(args: argparse.Namespace) -> int:
    from selfeval.bundled.frameworks import get_framework
    from selfeval.bundled.report_table import table_of
    from selfeval.domain.table.template import FrameworkError, switch_framework
    from selfeval.store import SetField

    report_id = existing_report_id(args)
    try:
        framework = get_framework(args.framework)
    except FrameworkError as exc:
        raise CliError(f"{exc}请用 frameworks 子命令查看可用的指标框架。") from None
    with open_store(args) as store:
        table, dropped = switch_framework(table_of(store.load(report_id)), framework)
        if dropped and not args.drop:
            raise CliError(f"改用“{framework.name}”后，三级指标 {'、'.join(dropped[:10])} 无处安放；"
                           "未做修改（加 --drop 可删去它们）。")
        record = store.apply(SetField(report_id, "table", table))
    if record is None:
        note("报告的自评表已在使用该指标框架，未做修改。")
    else:
        note(f"自评表已改用“{framework.name}”，共 {len(table.indicators())} 个三级指标。")
    out(str(report_id))
    return 0

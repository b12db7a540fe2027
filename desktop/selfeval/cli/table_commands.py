"""``selfeval export-table`` and ``selfeval import-table``: the 自评表 as .xlsx (openpyxl)."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.commands import CliError, _existing_report_id, _open_store, note, out


def cmd_export_table(args: argparse.Namespace) -> int:
    from selfeval.export.table_xlsx import export_table_xlsx
    from selfeval.bundled.report_table import table_landscape, table_of

    report_id = _existing_report_id(args)
    with _open_store(args, write=False) as store:
        report = store.load(report_id)
    asked = Path(args.output).expanduser()
    if asked.suffix.lower() == ".docx":  # the table alone, as a Word document
        from selfeval.export.atomic import write_atomic
        from selfeval.export.docx_writer import docx_target
        from selfeval.export.table_docx import table_docx_bytes

        target = docx_target(asked)
        landscape = args.landscape or table_landscape(report)
        out(str(write_atomic(target, table_docx_bytes(report, table_of(report), landscape=landscape))))
        return 0
    written = export_table_xlsx(report, table_of(report), asked)
    if written.name != asked.name:
        note(f"文件名“{asked.name}”不以 .xlsx 结尾，已保存为“{written.name}”。")
    out(str(written))
    return 0


def cmd_import_table(args: argparse.Namespace) -> int:
    from selfeval.domain.table.scoring import score_table
    from selfeval.importers.table_xlsx import read_table_file
    from selfeval.bundled.frameworks import bundled_frameworks
    from selfeval.bundled.report_table import table_of
    from selfeval.store import SetField

    report_id = _existing_report_id(args)
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CliError(f"找不到文件“{path}”。")
    with _open_store(args) as store:
        read = read_table_file(path, table_of(store.load(report_id)), bundled_frameworks().values())
        table = read.table
        record = store.apply(SetField(report_id, "table", table))
    score = score_table(table)
    rows = len(table.indicators())
    if record is None:
        note("文件中的自评表与报告中的相同，未做修改。")
    else:
        note(f"已导入自评表：{rows} 个三级指标，自评总分 {score.total} 分，等级“{score.grade}”。")
    if read.published_total is not None and read.published_total != score.total:
        note(f"提示：文件中的总分为 {read.published_total} 分，按各项得分合计为 {score.total} 分。")
    for finding in score.findings:
        note(f"提示：{finding}")
    out(str(report_id))
    return 0

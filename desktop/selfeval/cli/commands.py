"""The subcommands. Heavy modules (the store, import, export) are imported inside each command,
so that ``selfeval --help`` stays fast and the CLI never imports Qt."""

from __future__ import annotations

import argparse
from pathlib import Path

from selfeval.cli.common import (
    CliError, db_missing, db_path, existing_report_id, note, open_store, out, printable, readable_file,
    refuse_if_a_window_owns,
)


def _local_time(when) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_list(args: argparse.Namespace) -> int:
    from selfeval.cli.table import format_table

    infos = []
    if not db_missing(args):
        with open_store(args, write=False) as store:
            infos = store.list_reports(deleted=args.deleted)
    rows = [[str(i.id), i.unit_short or i.unit_name or "（未填写）", str(i.year or ""), i.template_id,
             _local_time(i.deleted_at if args.deleted else i.updated_at)] for i in infos]
    last = "删除时间" if args.deleted else "最后修改"
    out(format_table(["编号", "单位", "年度", "模板", last], rows))
    if not infos:
        note("回收站是空的。" if args.deleted
             else "还没有报告。可以运行 selfeval sample 添加示例报告，或用 selfeval import 导入以往的说明。")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from selfeval.cli.table import format_table
    from selfeval.bundled.templates import DEFAULT_TEMPLATE_ID, bundled_templates

    rows = [[t.id + ("（默认）" if t.id == DEFAULT_TEMPLATE_ID else ""), t.name, str(len(t.sections))]
            for t in bundled_templates().values()]
    out(format_table(["模板", "名称", "栏目数"], rows))
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from selfeval.bundled.samples import bundled_sample

    sample = bundled_sample()
    with open_store(args) as store:
        # One transaction: several `selfeval sample` at once still add it once.
        report_id, created = store.find_or_create(sample, note="示例报告")
    if not created:
        note(f"示例报告已存在（编号 {report_id}）。")
        out(str(report_id))
        return 0
    note(f"已添加示例报告“{sample.title}”（编号 {report_id}）。")
    out(str(report_id))
    return 0


def _template(name: str | None):
    if not name:
        return None
    from selfeval.bundled.templates import bundled_templates

    templates = bundled_templates()
    # As typed or pasted: 「 Basic-Info-2024 」 is basic-info-2024.
    by_id = {tid.lower(): t for tid, t in templates.items()}
    template = by_id.get(name.strip().lower())
    if template is None:
        raise CliError(f"找不到大纲模板“{name}”，可用的模板：{'、'.join(templates)}"
                       "（运行 selfeval templates 查看）。")
    return template


def cmd_import(args: argparse.Namespace) -> int:
    """Import a .docx, .pdf or .txt 说明 (told apart by content). A report of the same unit (全称) and
    year already in the database is not imported again unless ``--duplicate`` is given: the command
    names it and exits 2, changing nothing. ``--preview`` prints what the import would make and
    stores nothing."""
    from selfeval.app.import_file import read_preview, store_import

    if any(getattr(args, name, None) for name in ("take", "accept_changes", "reject_changes", "keep_comments")):
        raise CliError("--take、--accept-changes、--reject-changes 和 --keep-comments 只用于合并回报告，请与 --merge 一起使用。")
    path = readable_file(args.file)
    # Read and check the file before the database is touched: a refused import changes nothing.
    preview = read_preview(path, template=_template(args.template), progress=_reading_progress())
    if args.preview:
        for line in preview.summary_lines():
            out(line)
        for line in preview.notices:
            note(f"提示：{line}")
        return 0
    with open_store(args) as store:
        imported = store_import(store, preview, Path(printable(str(path))), duplicate=args.duplicate)
    report, report_id = imported.report, imported.report_id
    if not imported.created:
        raise CliError(f"数据库中已有{report.year}年度“{report.unit_name}”的报告（编号 {report_id}），未重复导入。"
                       "如确需再导入一份，请加 --duplicate 选项。")
    # The notices only once the report is saved: a refused import says one thing, why.
    for line in imported.notices:
        note(f"提示：{line}")
    note(f"已导入“{report.title}”（编号 {report_id}）。")
    out(str(report_id))
    return 0


def _reading_progress():
    """Prints how far a long file (the pages of a PDF) has been read, on stderr, about every tenth."""
    shown = {"step": -1}

    def progress(done: int, total: int) -> bool:
        if total > 1:
            step = done * 10 // total
            if step != shown["step"]:
                shown["step"] = step
                note(f"正在读取：第 {done}/{total} 页")
        return True

    return progress


def cmd_new_year(args: argparse.Namespace) -> int:
    """Next year's report from the report given (``app.new_year``): text and structure copied, last year's
    figures marked 待核对. Like 报告管理's 从上年报告新建; a report of that unit and year already there is named
    and nothing is made (exit 2) unless ``--duplicate``."""
    from selfeval.app.import_file import same_reports
    from selfeval.app.new_year import create_op, next_year

    report_id = existing_report_id(args)
    with open_store(args) as store:
        made = next_year(store, report_id)
        same = same_reports(store.list_reports(), made.report)
        if same and not args.duplicate:
            raise CliError(f"数据库中已有{made.report.year}年度“{made.report.unit_name}”的报告（编号 {same[0].id}），"
                           "未重复新建。如确需再建一份，请加 --duplicate 选项。")
        new_id = store.apply(create_op(made)).report_id
    note(made.message)
    out(str(new_id))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from selfeval.app.backup import backup_file
    from selfeval.store.location import resolve_path

    if db_missing(args):
        raise CliError("数据库文件不存在，没有可以备份的内容。")
    path, _ = resolve_path(db_path(args))
    target = backup_file(path, Path(args.output).expanduser())
    note(f"已把数据库备份到“{target}”。")
    out(str(target))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from selfeval.app.backup import restore_file
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(db_path(args))
    refuse_if_a_window_owns(path)
    saved = restore_file(Path(args.file).expanduser(), path)
    if saved is not None:
        note(f"恢复前的数据库已备份到“{saved}”。")
    note(f"已从“{printable(Path(args.file).name)}”恢复数据库“{path}”。")
    out(str(path))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The export workflow (``app.export_report``): .docx or, for a name ending in .pdf, PDF; ``--table`` puts
    the 自评表 first in the same file, ``--two-files`` in a file of its own ("<name>（自评表）.docx")."""
    from selfeval.app.check import compare_with_last_year
    from selfeval.app.export_report import export_report
    from selfeval.domain.export_plan import TableChoice
    from selfeval.export.pdf_writer import is_pdf_target

    report_id = existing_report_id(args)
    table = getattr(args, "table", False)
    two_files = getattr(args, "two_files", False)
    if args.landscape and not table:
        raise CliError("--landscape 只用于自评表的页面，请与 --table 一起使用。")
    if two_files and not table:
        raise CliError("--two-files 把自评表另存为一个文件，请与 --table 一起使用。")
    with open_store(args, write=False) as store:
        report = store.load(report_id)
        compare_with_last_year(store, report_id, report)  # 「{执行率较上年}」 quotes last year's report of the unit
        info = store.info(report_id)
        changed = info.updated_at
        newest = store.history(report_id, limit=1)
    from selfeval.domain.export_stamp import ExportStamp

    stamp = ExportStamp.of(report_id, info.created_at, report, newest[0].id if newest else 0)
    asked = Path(args.output).expanduser()
    pdf = is_pdf_target(asked)
    if pdf:
        from selfeval.domain.official_fonts import pdf_fonts, substitution_text
        from selfeval.export.convert import find_converter
        from selfeval.system.installed_fonts import installed_families

        families = installed_families()
        if families is not None:  # said before the PDF is written, as the window says it
            pdf_layout, substitutions = pdf_fonts(report.layout, families)
            if substitutions and find_converter() is not None:  # no PDF without LibreOffice: one line says so
                note(substitution_text(substitutions))
            report = report.copy_with(layout=pdf_layout)
    choice = (TableChoice.SEPARATE if two_files else TableChoice.COMBINED) if table else TableChoice.TEXT_ONLY
    # A PDF is dated by the report's last change (an unchanged report's PDF comes from the cache).
    # A .docx keeps the report's id and version (``stamp``), so that an edited copy can be merged back.
    exported = export_report(report, asked, choice=choice, pdf=pdf, landscape=True if args.landscape else None,
                             when=changed if pdf else None, stamp=None if pdf else stamp)
    if exported.renamed and not pdf:
        note(f"文件名“{asked.name}”不以 .docx 结尾，已保存为“{exported.files[0].name}”。")
    for path in exported.files:
        out(str(path))
    return 0


def cmd_check_layout(args: argparse.Namespace) -> int:
    from selfeval.export.layout_check import check_layout, failures, report_lines

    path = Path(args.file).expanduser()
    findings = check_layout(path)
    for line in report_lines(findings, printable(path.name)):
        out(line)
    return 1 if failures(findings) else 0


def cmd_history(args: argparse.Namespace) -> int:
    from selfeval.cli.table import format_table

    report_id = existing_report_id(args)
    with open_store(args, write=False) as store:
        store.info(report_id)  # a clear message for an unknown id
        records = store.history(report_id, limit=args.limit, with_data=False)
    rows = [[str(r.id), r.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.summary] for r in records]
    out(format_table(["序号", "时间", "操作"], rows))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from selfeval.app.check import check_stored
    from selfeval.domain.checks import Severity

    report_id = existing_report_id(args)
    with open_store(args, write=False) as store:
        # The fonts on this PC are not known without Qt: the font rule runs in the app only. The report's
        # 审核说明 mark the findings they answer (explained or dismissed ones are listed, not counted).
        checked = check_stored(store, report_id)
    report, result, last_id = checked.report, checked.result, checked.last_year_id
    if args.json:
        out(json.dumps([_finding_json(f, report) for f in result.findings], ensure_ascii=False, indent=2))
    else:
        for f in result.findings:
            status = f"（{f.status.label}）" if f.status.label else ""
            out(f"{f.severity.value}{status}  {f.place.label(report)}  {f.message}")
        counts = result.counts
        compared = f"，已与上年报告（编号 {last_id}）比对" if last_id is not None else ""
        answered = sum(1 for f in result.findings if not f.counts)
        also = f"；另有 {answered} 条已说明或已忽略" if answered else ""
        stale = f"；{len(result.stale)} 条说明对应的问题已不存在（已失效），可在审核面板中删除" if result.stale else ""
        note(f"审核完成{compared}：错误 {counts[Severity.ERROR]} 条，警告 {counts[Severity.WARNING]} 条，"
             f"提示 {counts[Severity.HINT]} 条{also}{stale}。")
    return 1 if result.has_errors else 0


def _finding_json(finding, report) -> dict:
    p = finding.place
    return {
        "rule": finding.rule, "severity": finding.severity.value, "section": p.section,
        "entry": p.entry, "field": p.field, "figure": p.figure, "start": p.start, "end": p.end,
        "place": finding.place.label(report), "message": finding.message, "excerpt": finding.excerpt,
        "key": finding.key, "status": finding.status.value,
        "explanation": None if finding.explanation is None else {
            "text": finding.explanation.text, "dismissed": finding.explanation.dismissed},
        "fix": None if finding.fix is None else {
            "label": finding.fix.label, "find": finding.fix.find, "replacement": finding.fix.replacement},
    }

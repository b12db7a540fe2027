"""The subcommands. Heavy modules (the store, import, export) are imported inside each command,
so that ``selfeval --help`` stays fast and the CLI never imports Qt."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from selfeval.domain.errors import UserError, os_error_reason


class CliError(UserError):
    """A command-line mistake (missing file, missing report id …)."""


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (lone surrogates, e.g. a GBK name on a
    UTF-8 system) shown as 「\ufffd」: such a string can be neither stored nor logged."""
    return _SURROGATES.sub("\ufffd", text)


def out(text: str = "") -> None:
    print(text, file=sys.stdout)


def note(text: str) -> None:
    print(text, file=sys.stderr)


def _db_path(args: argparse.Namespace) -> Path | None:
    return Path(args.db).expanduser() if args.db else None


def _open_store(args: argparse.Namespace, *, write: bool = True):
    """The store. A command that only reads (``write=False``) changes no byte: the file is opened
    read-only, leaving the journal mode as it is, creating no -wal/-shm beside it, and a file from an
    older version is upgraded in a copy in memory instead of in place."""
    from selfeval.store import Store
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(_db_path(args))
    if not write:
        return Store.open(path, read_only=True, upgrade_copy=True)
    refuse_if_a_window_owns(path)
    # The path as the user gave it (None: the default), so that Store.open creates the default folder
    # (the user data folder, or the portable data/ folder) on first use instead of refusing it.
    store = Store.open(_db_path(args))
    _refuse_if_damaged(store)
    _backup_daily(store.path)
    return store


def _refuse_if_damaged(store) -> None:
    """A huge file whose open-time check ran out of time (store/integrity.py): a command waits for the
    whole check before it writes anything, and refuses a damaged file."""
    from selfeval.store import integrity
    from selfeval.store.backups import damaged_error

    check = integrity.wait(store.path)
    if check is not None and check.damaged:
        store.close()
        raise damaged_error(store.path, check.problems)


def refuse_if_a_window_owns(path: Path) -> None:
    """One owner per database file: a command that writes refuses a file a desktop window has open (the
    window would not see the change and could write over it); commands that only read go on."""
    from selfeval.session.owner import window_holder

    holder = window_holder(path)
    if holder is not None:
        raise CliError(f"数据库文件“{path}”正在桌面程序的窗口中打开（{holder.describe()}），命令行不能同时修改它。"
                       "请在该窗口中操作（交换文件可用 selfeval --open 文件 交给该窗口合并），或先关闭该窗口后重试。")


def _backup_daily(path: Path) -> None:
    """The automatic backup of the day, before anything changes; a failure is told, never fatal."""
    from selfeval.store import StoreError
    from selfeval.store.backups import backup_daily

    try:
        backup_daily(path)
    except StoreError as exc:
        note(f"提示：今天的自动备份未能完成：{exc}")


def _db_missing(args: argparse.Namespace) -> bool:
    """True if the database holds nothing yet (no file, or an empty one), so reading it must not
    create it or write a schema into it."""
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(_db_path(args))
    try:
        return not path.exists() or (path.is_file() and path.stat().st_size == 0)
    except OSError as exc:  # a name too long for the file system, a loop of links …
        raise CliError(f"无法访问数据库文件“{path}”（{os_error_reason(exc)}）。") from None


def _local_time(when) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def cmd_list(args: argparse.Namespace) -> int:
    from selfeval.cli.table import format_table

    infos = []
    if not _db_missing(args):
        with _open_store(args, write=False) as store:
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
    with _open_store(args) as store:
        # One transaction: several `selfeval sample` at once still add it once.
        report_id, created = store.find_or_create(sample, note="示例报告")
    if not created:
        note(f"示例报告已存在（编号 {report_id}）。")
        out(str(report_id))
        return 0
    note(f"已添加示例报告“{sample.title}”（编号 {report_id}）。")
    out(str(report_id))
    return 0


def _readable_file(name: str) -> Path:
    path = Path(name).expanduser()
    try:
        if path.is_dir():
            raise CliError(f"“{path}”是一个文件夹，请指定要导入的文件。")
        if not path.exists():
            raise CliError(f"找不到文件“{path}”。")
    except OSError as exc:  # a name too long for the file system, a loop of links …
        raise CliError(f"无法读取文件“{path}”（{os_error_reason(exc)}）。") from None
    return path


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

    if getattr(args, "merge", False):
        from selfeval.cli.merge_back_commands import cmd_merge_back

        return cmd_merge_back(args)
    if any(getattr(args, name, None) for name in ("take", "accept_changes", "reject_changes", "keep_comments")):
        raise CliError("--take、--accept-changes、--reject-changes 和 --keep-comments 只用于合并回报告，请与 --merge 一起使用。")
    path = _readable_file(args.file)
    # Read and check the file before the database is touched: a refused import changes nothing.
    preview = read_preview(path, template=_template(args.template), progress=_reading_progress())
    if args.preview:
        for line in preview.summary_lines():
            out(line)
        for line in preview.notices:
            note(f"提示：{line}")
        return 0
    with _open_store(args) as store:
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

    report_id = _existing_report_id(args)
    with _open_store(args) as store:
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

    if _db_missing(args):
        raise CliError("数据库文件不存在，没有可以备份的内容。")
    path, _ = resolve_path(_db_path(args))
    target = backup_file(path, Path(args.output).expanduser())
    note(f"已把数据库备份到“{target}”。")
    out(str(target))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from selfeval.app.backup import restore_file
    from selfeval.store.location import resolve_path

    path, _ = resolve_path(_db_path(args))
    refuse_if_a_window_owns(path)
    saved = restore_file(Path(args.file).expanduser(), path)
    if saved is not None:
        note(f"恢复前的数据库已备份到“{saved}”。")
    note(f"已从“{printable(Path(args.file).name)}”恢复数据库“{path}”。")
    out(str(path))
    return 0


def _report_id(args: argparse.Namespace) -> int:
    report_id = args.report_id if args.report_id is not None else args.report
    if report_id is None:
        raise CliError("请指定报告编号（运行 selfeval list 查看）。")
    return report_id


def _require_db(args: argparse.Namespace, report_id: int) -> None:
    """A clear message, before anything opens the file, when the database holds no report at all."""
    if _db_missing(args):
        raise CliError(f"找不到编号为 {report_id} 的报告（数据库中还没有报告）。")


def _existing_report_id(args: argparse.Namespace) -> int:
    """The report id given (positional or --report), in a database that holds reports."""
    report_id = _report_id(args)
    _require_db(args, report_id)
    return report_id


def cmd_export(args: argparse.Namespace) -> int:
    """The export workflow (``app.export_report``): .docx or, for a name ending in .pdf, PDF; ``--table`` puts
    the 自评表 first in the same file, ``--two-files`` in a file of its own ("<name>（自评表）.docx")."""
    from selfeval.app.export_report import export_report
    from selfeval.domain.export_plan import TableChoice
    from selfeval.export.pdf_writer import is_pdf_target

    report_id = _existing_report_id(args)
    table = getattr(args, "table", False)
    two_files = getattr(args, "two_files", False)
    if args.landscape and not table:
        raise CliError("--landscape 只用于自评表的页面，请与 --table 一起使用。")
    if two_files and not table:
        raise CliError("--two-files 把自评表另存为一个文件，请与 --table 一起使用。")
    with _open_store(args, write=False) as store:
        report = store.load(report_id)
        info = store.info(report_id)
        changed = info.updated_at
        newest = store.history(report_id, limit=1)
    from selfeval.domain.export_stamp import ExportStamp

    stamp = ExportStamp.of(report_id, info.created_at, report, newest[0].id if newest else 0)
    asked = Path(args.output).expanduser()
    pdf = is_pdf_target(asked)
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

    report_id = _existing_report_id(args)
    with _open_store(args, write=False) as store:
        store.info(report_id)  # a clear message for an unknown id
        records = store.history(report_id, limit=args.limit, with_data=False)
    rows = [[str(r.id), r.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.summary] for r in records]
    out(format_table(["序号", "时间", "操作"], rows))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from selfeval.app.check import check_stored
    from selfeval.domain.checks import Severity

    report_id = _existing_report_id(args)
    with _open_store(args, write=False) as store:
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

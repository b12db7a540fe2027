"""Export from the window: ask what to export (a report with a 自评表: ``export_choice_dialog``) and the path
(last folder remembered), write the .docx file(s), offer to open the folder.

Everything that can go wrong with the target (a folder, a missing folder, read-only, locked by Word,
disk full) ends in one Chinese dialog; the report itself is never touched by an export.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from selfeval.domain.errors import UserError
from selfeval.ui.widgets import dialogs

DOCX_FILTER = "Word 文档 (*.docx)"
_BAD_NAME_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
MAX_NAME_CHARS = 120


def default_file_name(title: str) -> str:
    """A file name from the report title, without characters Windows refuses."""
    name = _BAD_NAME_CHARS.sub("", title).strip().strip(".") or "绩效自评表说明"
    return name[:MAX_NAME_CHARS] + ".docx"


def default_folder(settings) -> Path:
    remembered = settings.last_export_dir() if settings is not None else None
    if remembered is not None:
        return remembered
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def open_folder(folder: Path) -> bool:
    """Shows ``folder`` in the system's file manager (tests replace this)."""
    from selfeval.ui.widgets.desktop_open import open_with_desktop

    return open_with_desktop(folder)


def os_error_text(exc: OSError, path: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，无法导出到“{path}”。请清理磁盘或换一个位置后重试。"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"没有权限写入“{path}”。如果该文件正在 Word 或 WPS 中打开，请先关闭它，或换一个位置。"
    return f"无法导出到“{path}”：文件或文件夹无法写入。请换一个位置后重试。"


def export_report(parent: QWidget | None, report, settings, export=None, *, stamp=None) -> Path | None:
    """Asks what to export (when the report has a 自评表) and where, and exports it; returns the written path
    (the 说明's file when there are two), or None (cancelled/failed). ``export(report, files, table=…,
    landscape=…)`` writes the planned files (``plan_writer.export_planned``; tests replace it). ``stamp``: the
    report's id and version, kept in the files so that an edited copy can be merged back."""
    if export is None:
        from selfeval.export.plan_writer import export_planned as export
    from selfeval.ui.views import export_choice_dialog

    chosen = export_choice_dialog.choose(parent, "导出 Word 文档", report, settings)
    if chosen is None:
        return None
    table, choice = chosen
    start = default_folder(settings) / default_file_name(report.title)
    target = dialogs.ask_save_path(parent, "导出 Word 文档", start, DOCX_FILTER)
    if target is None:
        return None
    from selfeval.export.docx_writer import docx_target
    from selfeval.domain.export_plan import plan_files
    from selfeval.bundled.report_table import table_landscape

    target = docx_target(target)  # the CLI's rule too: one rule for what a name without .docx becomes
    files = plan_files(target, choice, table is not None)
    try:
        extra = {} if stamp is None else {"stamp": stamp}
        written = [Path(p) for p in export(report, files, table=table,
                                           landscape=table is not None and table_landscape(report), **extra)]
    except UserError as exc:
        dialogs.error(parent, "导出失败", str(exc))
        return None
    except OSError as exc:
        dialogs.error(parent, "导出失败", os_error_text(exc, target))
        return None
    if settings is not None:
        settings.set_last_export_dir(written[0].parent)
    names = "\n".join(str(p) for p in written)
    if dialogs.ask_yes_no(parent, "导出完成", f"已导出到：\n{names}\n\n是否打开所在文件夹？"):
        open_folder(written[0].parent)
    return written[0]

"""导出 Word 文档 from the window: ask what to export (a report with a 自评表: ``export_choice_dialog``) and the
path (last folder remembered), call the export workflow (``selfeval.app.export_report``), offer to open the
folder. Everything that can go wrong with the target ends in one Chinese dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QWidget

from selfeval.app.export_report import default_file_name
from selfeval.domain.errors import UserError
from selfeval.ui.widgets import dialogs

DOCX_FILTER = "Word 文档 (*.docx)"


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


def ask_target(parent: QWidget | None, title: str, report, settings, suffix: str, file_filter: str):
    """(choice, path) the user picked for exporting ``report``, or None (cancelled)."""
    from selfeval.ui.views import export_choice_dialog

    choice = export_choice_dialog.choose(parent, title, report, settings)
    if choice is None:
        return None
    start = default_folder(settings) / default_file_name(report.title, suffix)
    target = dialogs.ask_save_path(parent, title, start, file_filter)
    return None if target is None else (choice, target)


def finished(parent: QWidget | None, settings, written: tuple[Path, ...], what: str, note: str = "") -> None:
    """Remembers the folder and offers to open it (``note``: a line said above the question)."""
    if settings is not None:
        settings.set_last_export_dir(written[0].parent)
    names = "\n".join(str(p) for p in written)
    noted = f"{note}\n\n" if note else ""
    if dialogs.ask_yes_no(parent, "导出完成", f"{what}：\n{names}\n\n{noted}是否打开所在文件夹？"):
        open_folder(written[0].parent)


def export_report(parent: QWidget | None, report, settings, export=None, *, stamp=None) -> Path | None:
    """Asks what to export (when the report has a 自评表) and where, and exports it; returns the written path
    (the 说明's file when there are two), or None (cancelled/failed). ``export(report, files, table=…, when=…,
    landscape=…, convert=…)`` writes the planned files (``plan_writer.export_planned``; tests replace it). ``stamp``:
    the report's id and version, kept in the files so that an edited copy can be merged back."""
    from selfeval.app.export_report import export_report as export_files

    asked = ask_target(parent, "导出 Word 文档", report, settings, ".docx", DOCX_FILTER)
    if asked is None:
        return None
    choice, target = asked
    try:
        written = export_files(report, target, choice=choice, pdf=False, write=export, stamp=stamp).files
    except UserError as exc:
        dialogs.error(parent, "导出失败", str(exc))
        return None
    finished(parent, settings, written, "已导出到")
    return written[0]

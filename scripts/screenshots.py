"""Screenshots of every tab of the main window on the bundled sample, and of the dialogs, at 1366×768.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py      # also works
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py --out /tmp/150

The window takes 1366×768 logical pixels or, when the (X) screen is smaller in logical pixels (125 %, 150 %
scaling), the whole screen; ``--size 910x512`` sets it.

Writes ``docs/screenshots/NN-name.png`` (old ``NN-*.png`` there are removed first). Everything runs on a
temporary database and temporary settings; nothing of the user's is read or written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1366, 768


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "tab"


def prepare(db: Path) -> tuple[int, int]:
    """The sample, a few edits (so the history has rows), last year's report and one in the recycle bin."""
    import datetime as dt

    from selfeval.domain.carry import next_year_report
    from selfeval.bundled.samples import bundled_sample
    from selfeval.store import Store
    from selfeval.store.operations import CreateReport, DeleteReport, SetField, SetSection

    store = Store.open(db)
    try:
        sample = bundled_sample()
        last_year = sample.copy()
        last_year.year = sample.year - 1
        store.apply(CreateReport(last_year, note="示例"))
        report_id = store.apply(CreateReport(sample, note="示例报告")).report_id
        store.apply(SetField(report_id, "contact_person", "张明"))
        store.apply(SetField(report_id, "contact_phone", "020-81234567"))
        store.apply(SetField(report_id, "sign_date", dt.date(2025, 3, 10)))
        section = store.load(report_id).content_sections()[-1]
        if section.entries:
            section.entries[-1].text = section.entries[-1].text.rstrip("。") + "，确保各项措施落到实处。"
            store.apply(SetSection(report_id, section))
        table_edits(store, report_id)
        next_id = store.apply(CreateReport(next_year_report(sample), note="由上年报告生成")).report_id
        other = sample.copy()
        other.unit_name, other.unit_short = "广州市荔湾区人民政府华林街道办事处", "华林街道"
        deleted = store.apply(CreateReport(other)).report_id
        store.apply(DeleteReport(deleted))
        return report_id, next_id
    finally:
        store.close()


def table_edits(store, report_id: int) -> None:
    """Two 自评表 edits as the grid saves them, cell by cell (历史版本 names each cell, old → new)."""
    from dataclasses import replace
    from decimal import Decimal

    from selfeval.store import SetTableCells
    from selfeval.store.table_cells import cell_changes

    seen = store.load(report_id).table
    g, c, i = next((g, c, i) for g, group in enumerate(seen.groups) for c, cat in enumerate(group.categories)
                   for i, ind in enumerate(cat.indicators) if ind.nature.quantitative and ind.actual is not None)
    indicators = list(seen.groups[g].categories[c].indicators)
    indicators[i] = replace(indicators[i], actual=indicators[i].actual + 1)
    mine = seen.with_indicators(g, c, tuple(indicators))
    store.apply(SetTableCells(report_id, cell_changes(seen.to_dict(), mine.to_dict())))
    total = replace(mine.budget.total, spent=Decimal("7690.25"))
    spent = mine.with_budget(mine.budget.with_row(total))
    store.apply(SetTableCells(report_id, cell_changes(mine.to_dict(), spent.to_dict())))


def import_preview(tmp: Path, report):
    """The preview of last year's report as a Word file, with one heading given no role (an ordinary section)."""
    from selfeval.export import export_docx
    from selfeval.importers import preview_file

    preview = preview_file(export_docx(report, tmp / "2024年度昌华街道说明.docx"))
    token = next(p.token for p in preview.placements if p.key == "efficiency")
    return preview.with_mapping(token, None)


def conflict_plan(store, report_id: int, tmp: Path):
    """A 科室's copy of the database and this one, both edited in 存在的主要问题 and in the 自评表's 年度资金总额
    row since they parted."""
    import dataclasses
    import decimal
    import shutil as sh

    from selfeval.exchange import pack_report, plan_unpack, read_exchange, write_exchange
    from selfeval.store import Store
    from selfeval.store.operations import SetField, SetSection

    def edit(s, text: str, spent: str) -> None:
        section = s.load(report_id).section("problems")
        section.entries[0].text = text + section.entries[0].text
        s.apply(SetSection(report_id, section))
        table = s.load(report_id).table
        total = dataclasses.replace(table.budget.total, spent=decimal.Decimal(spent))
        s.apply(SetField(report_id, "table", table.with_budget(table.budget.with_row(total))))

    sh.copy(store.path, tmp / "科室.db")
    with Store.open(tmp / "科室.db") as there:
        edit(there, "（科室补充：部分项目绩效目标未细化到季度。）", "7668.20")
        written = write_exchange(pack_report(there, report_id), tmp / "办公室.selfeval")
    edit(store, "（财务股核实：2024年度预算执行率98.96%。）", "7624.36")
    return plan_unpack(store, read_exchange(written), report_id)


def main() -> int:
    parser = argparse.ArgumentParser(description="渲染主窗口各页和对话框的截图")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--size", type=window_size, help="窗口大小（逻辑像素），如 910x512")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="selfeval-shots-"))
    try:
        return render(args.out, tmp, args.size)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def window_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError("窗口大小应写作 宽x高，如 910x512")
    return int(match.group(1)), int(match.group(2))


def fitted_size(available) -> tuple[int, int]:
    """1366×768, or the screen when it is smaller (in logical pixels)."""
    if available is None or available.isEmpty():
        return WIDTH, HEIGHT
    return min(WIDTH, available.width()), min(HEIGHT, available.height())


def render(out: Path, tmp: Path, size: tuple[int, int] | None = None) -> int:
    os.environ["SELFEVAL_CONFIG_DIR"] = str(tmp / "config")
    os.environ["SELFEVAL_LOG_DIR"] = str(tmp / "log")
    os.environ.pop("SELFEVAL_DB", None)

    from PySide6.QtWidgets import QApplication, QDialog

    from selfeval.bundled.templates import bundled_templates
    from selfeval.ui.app import start as app_module
    from selfeval.ui.views.exchange_dialogs import ConflictDialog
    from selfeval.ui.views.history_dialog import HistoryDialog
    from selfeval.ui.views.import_preview_dialog import ImportPreviewDialog
    from selfeval.ui.views.new_report_dialog import NewReportDialog
    from selfeval.ui.views.recycle_bin import RecycleBinDialog
    from selfeval.ui.views.reports_dialog import ReportsDialog

    db = tmp / "screenshots.db"
    report_id, _next_id = prepare(db)
    qt_app = app_module.ensure_app()
    translators = app_module.install_qt_translations(qt_app)  # noqa: F841 - kept alive
    app_module.apply_fonts(qt_app)
    running = app_module.start(db, report_id)
    if running is None:
        print("无法打开临时数据库", file=sys.stderr)
        return 1
    window = running.window
    screen = window.screen()
    real_screen = screen is not None and qt_app.platformName() != "offscreen"  # offscreen: an 800×600 stub
    width, height = size or fitted_size(screen.geometry().size() if real_screen else None)
    window.resize(width, height)
    window.show()
    window.activateWindow()

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]-*.png"):
        if "-summary-" not in old.name:  # those are scripts/summary_screenshots.py's
            old.unlink()
    written: list[Path] = []
    fixed: set[str] = set()  # shots with a number of their own (20-…), outside the running order

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    def save(widget, name: str, number: int | None = None) -> None:
        settle()
        for editor in getattr(widget, "_editors", {}).values():
            editor.flush()  # text boxes fitted to their text, preview up to date
        if window.review is not None and window.review.timer.isActive():
            window.review.refresh_now()  # the 审核 list as a user sees it a moment later (it is debounced)
        settle()
        path = out / f"{number or len([p for p in written if p.stem not in fixed]) + 1:02d}-{name}.png"
        if number:
            fixed.add(path.stem)
        if not widget.grab().save(str(path)):
            raise SystemExit(f"无法写入 {path}")
        written.append(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    for index, key in enumerate(window.tabs.keys):
        window.tabs.setCurrentIndex(index)
        save(window, "basic-info" if key is None else f"tab-{slug(key)}")

    def dialog_shot(dialog: QDialog, name: str, number: int | None = None) -> None:
        dialog.show()
        dialog.activateWindow()
        save(dialog, name, number)
        dialog.reject()
        dialog.deleteLater()

    dialog_shot(ReportsDialog(window.session, window), "reports-dialog")
    new_dialog = NewReportDialog(list(bundled_templates().values()), window, unit_name="广州市荔湾区人民政府昌华街道办事处",
                                 unit_short="昌华街道")
    dialog_shot(new_dialog, "new-report-dialog")
    dialog_shot(RecycleBinDialog(window.session, window), "recycle-bin")
    headings = {s.key: s.heading for s in window.report.sections}
    history = HistoryDialog(running.store, report_id, headings, parent=window)
    history.resize(min(1200, width - 80), min(640, height - 80))
    dialog_shot(history, "history-dialog")
    # 历史版本 with the 自评表's cell edits (cell, old → new) and the chosen version's table in the preview
    # (20: after summary_screenshots.py's 16–19), before the exchange shot's merge adds its own steps.
    history = HistoryDialog(running.store, report_id, headings, parent=window)
    history.resize(min(1200, width - 80), min(640, height - 80))
    table_edit = next(r for r in running.store.history(report_id) if "实际完成值" in r.summary)
    history.select_op(table_edit.id)
    preview = history.preview
    cursor = preview.textCursor()
    cursor.setPosition(preview.toPlainText().rfind("\n自评表\n") + 1)
    preview.setTextCursor(cursor)
    preview.verticalScrollBar().setValue(preview.verticalScrollBar().maximum())
    preview.ensureCursorVisible()  # scrolled up to it: the table's lines from the top of the preview
    dialog_shot(history, "history-table-edits", 20)
    from selfeval.ui.app import fonts_notice
    from selfeval.ui.app.settings import AppSettings
    from selfeval.ui.views.about_dialog import AboutDialog
    from selfeval.ui.window.actions import SHORTCUTS_HELP

    dialog_shot(AboutDialog(running.store.path, SHORTCUTS_HELP, window), "about-dialog")
    # As on a PC without the official fonts (those of this machine are ignored).
    notice = fonts_notice.show_once(window, AppSettings(tmp / "fonts-notice"), families=[])
    dialog_shot(notice, "fonts-notice")

    preview = ImportPreviewDialog(import_preview(tmp, window.report), window)
    preview.resize(min(1000, width - 80), min(600, height - 80))
    dialog_shot(preview, "import-preview-dialog")
    conflicts = ConflictDialog(conflict_plan(running.store, report_id, tmp), window)
    conflicts.resize(min(1200, width - 60), min(700, height - 60))
    conflicts.choose("problems", "both")  # 「两者都保留」: the result box filled, this PC's text first
    dialog_shot(conflicts, "exchange-conflict-dialog")

    running.close()
    print(f"{len(written)} 张截图已写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

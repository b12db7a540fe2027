"""The 汇总 window (pytest-qt, offscreen): the model sorts and filters, totals follow the filter, a unit opens
read-only in the usual window, a replacement is confirmed first."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from selfeval.app.summary import Workspace
from selfeval.ui.views import summary_window
from selfeval.ui.views.summary_window import SummaryWindow
from selfeval.ui.window.main_window import MainWindow
from summary_submissions import exchange_bytes, units

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, submissions):
    folder, _ = submissions
    ws = Workspace.new(tmp_path / "ws.db")
    ws.apply(ws.plan_add([folder]), replace=False)
    w = SummaryWindow(ws, report_window=lambda store: MainWindow(store, None))
    qtbot.addWidget(w)
    return w


def test_sort_and_filter(window):
    rate = summary_window.COLUMNS.index("执行率")
    window.view.sortByColumn(rate, Qt.SortOrder.AscendingOrder)
    shown = window.proxy.visible_rows()
    rates = [r.rate for r in shown if r.rate is not None]
    assert rates == sorted(rates)
    window.filters["low-rate"].setChecked(True)
    low = window.proxy.visible_rows()
    assert low and all(r.rate < 90 for r in low)
    assert f"筛选后 {len(low)} / {len(window.model.rows)}" in window.totals_label.text()
    window.filters["low-rate"].setChecked(False)
    window.filters["errors"].setChecked(True)
    with_errors = window.proxy.visible_rows()
    assert with_errors and all(r.errors + r.cross_errors for r in with_errors)  # a year slip is a cross-unit 错误


def test_unit_opens_read_only_with_its_report(window, qtbot):
    window.view.selectRow(0)
    row = window.selected_row()
    unit = window.open_unit()
    # deleted on close: the summary window closes its unit windows too
    assert unit.read_only and unit.session.report.unit_name == row.unit
    unit.close()


def test_finding_opens_its_unit(window):
    model = window.findings_view.model()
    row = next(i for i in range(model.rowCount()) if model.index(i, 5).data() == "跨单位")
    unit = window.open_finding(model.index(row, 4))
    assert unit.session.report.unit_name == model.index(row, 1).data()
    unit.close()


def test_replacement_asks_first(window, tmp_path, monkeypatch):
    report = units(1)[0].report
    shown = []
    monkeypatch.setattr(summary_window, "show_import_report", lambda parent, lines: shown.append(lines))
    asked = []
    monkeypatch.setattr(summary_window, "confirm_replace", lambda parent, lines: asked.append(lines) or False)
    report.contact_person = "新联系人"
    path = tmp_path / "again.selfeval"
    path.write_bytes(exchange_bytes(report, dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)))
    before = window.ws.db.find(report.unit_name, report.year).source_name
    assert window.add_files([path]) == 0
    assert asked and window.ws.db.find(report.unit_name, report.year).source_name == before
    monkeypatch.setattr(summary_window, "confirm_replace", lambda parent, lines: True)
    assert window.add_files([path]) == 1
    assert window.ws.db.find(report.unit_name, report.year).source_name == "again.selfeval"


def test_reports_dialog_opens_a_new_summary(qtbot, tmp_path, monkeypatch):
    """报告管理 › 新建汇总… asks for a file and shows the 汇总 window on a new, empty workspace."""
    from PySide6.QtWidgets import QFileDialog

    from selfeval.session.edit_session import EditSession
    from selfeval.store import Store
    from selfeval.ui.views.reports_dialog import ReportsDialog

    target = tmp_path / "新汇总.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    store = Store.open(tmp_path / "reports.db")
    session = EditSession(store, lambda callback: None)
    dialog = ReportsDialog(session)
    qtbot.addWidget(dialog)
    dialog.new_summary_button.click()
    window = dialog.summary_window
    assert isinstance(window, SummaryWindow) and window.isVisible()
    assert target.is_file() and window.model.rowCount() == 0
    window.close()
    store.close()

"""新建报告 dialog: template choice, names, year; bad input keeps the dialog open and everything typed."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from selfeval.domain.report_factory import default_year
from selfeval.bundled.templates import DEFAULT_TEMPLATE_ID, bundled_templates
from selfeval.ui.views.new_report_dialog import NewReportDialog

from reports_helpers import commit_text


def _dialog(qtbot, **kw) -> NewReportDialog:
    dialog = NewReportDialog(list(bundled_templates().values()), None, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_defaults_template_year_and_shows_description(qtbot):
    dialog = _dialog(qtbot)
    assert dialog.selected_template().id == DEFAULT_TEMPLATE_ID
    assert dialog.year.text() == str(default_year())
    other = next(t for t in bundled_templates().values() if t.id != DEFAULT_TEMPLATE_ID)
    dialog.select_template(other.id)
    assert dialog.description.text() == other.description
    assert dialog.template_list.currentItem().text() == other.name


def test_creates_report_with_typed_fields(qtbot):
    dialog = _dialog(qtbot)
    dialog.select_template("basic-info-2024")
    commit_text(dialog.unit_name, "广州市荔湾区人民政府昌华街道办事处")
    commit_text(dialog.unit_short, "昌华街道")
    dialog.year.setText("2023")
    assert "2023" in dialog.title_preview.text() and "昌华街道" in dialog.title_preview.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    report = dialog.report
    assert (report.unit_name, report.unit_short, report.year, report.template_id) == (
        "广州市荔湾区人民政府昌华街道办事处", "昌华街道", 2023, "basic-info-2024")
    assert [s.key for s in report.sections] == [s.key for s in bundled_templates()["basic-info-2024"].sections]


def test_bad_input_keeps_dialog_open_and_text(qtbot):
    dialog = _dialog(qtbot)
    dialog.year.setText("明年")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.report is None
    assert "单位全称" in dialog.message.text()

    commit_text(dialog.unit_name, "某街道办事处")
    qtbot.keyClick(dialog.year, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.report is None
    assert "年度" in dialog.message.text() and dialog.year.text() == "明年"
    assert dialog.unit_name.text() == "某街道办事处"
    assert dialog.focusWidget() is dialog.year

    dialog.year.setText("2024")
    assert dialog.message.text() == ""  # the message goes once the user types
    qtbot.keyClick(dialog.year, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.report.unit_short == "某街道办事处"  # empty short name takes the full name
    assert dialog.report.year == 2024


def test_prefilled_names_and_escape_cancels(qtbot):
    dialog = _dialog(qtbot, unit_name="某单位", unit_short="某", year=2022)
    assert (dialog.unit_name.text(), dialog.unit_short.text(), dialog.year.text()) == ("某单位", "某", "2022")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.report is None


def test_fits_small_screen(qtbot):
    dialog = _dialog(qtbot)
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700

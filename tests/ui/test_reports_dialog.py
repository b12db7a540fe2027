"""报告管理: every action through the dialog, questions answered by monkeypatching ``selfeval.ui.widgets.dialogs``."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from selfeval.domain.carry import figures_pending, figures_to_review
from selfeval.domain.report_factory import new_report
from selfeval.bundled.samples import bundled_sample
from selfeval.store import Store
from selfeval.store.operations import CreateReport, SetSection
from selfeval.bundled.templates import bundled_templates, get_template
from selfeval.ui.views import new_report_dialog, recycle_bin
from selfeval.ui.views.reports_dialog import ReportsDialog

from reports_helpers import all_report_ids, answers, edit_session, snapshot, store  # noqa: F401 - fixtures

SHARED_SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "2024-changhua-shuoming.txt"


def _add(store, unit_short="昌华街道", year=2024, unit_name=None, template_id=None) -> int:
    report = new_report(get_template(template_id), unit_name or f"广州市荔湾区人民政府{unit_short}办事处", unit_short,
                        year)
    return store.apply(CreateReport(report)).report_id


def _add_sample(store) -> int:
    return store.apply(CreateReport(bundled_sample())).report_id


def _dialog(qtbot, store, current_report_id: int | None = None) -> ReportsDialog:
    dialog = ReportsDialog(edit_session(store, current_report_id), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _rows(dialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_lists_reports_newest_edit_first(qtbot, store, answers):
    old = _add(store, "甲街道", 2023)
    new = _add(store, "乙街道", 2024, template_id="basic-info-2024")
    dialog = _dialog(qtbot, store)
    assert dialog.table.report_ids() == [new, old]
    # editing the older report moves it to the top
    report = store.load(old)
    section = report.content_sections()[0]
    section.intro = "新的内容"
    store.apply(SetSection(old, section))
    dialog.refresh()
    assert dialog.table.report_ids() == [old, new]
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["单位", "年度", "模板", "最后修改"]
    rows = _rows(dialog)
    assert rows[0][0].startswith("甲街道") and rows[0][1] == "2023"
    assert rows[1][2] == bundled_templates()["basic-info-2024"].name
    assert rows[0][3][:2] == "20" and len(rows[0][3]) == len("2025-03-01 14:05")


def test_enter_and_open_button_choose_the_selected_report(qtbot, store, answers):
    first = _add(store, "甲街道")
    second = _add(store, "乙街道")
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(first)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen_report_id == first

    dialog = _dialog(qtbot, store)
    dialog.table.select_report(second)
    _click(qtbot, dialog.open_button)
    assert dialog.chosen_report_id == second


def test_empty_file_invites_to_create(qtbot, store, answers):
    dialog = _dialog(qtbot, store)
    assert dialog.table.isHidden() and dialog.empty_label.isVisible()
    assert not dialog.open_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.new_button.isEnabled() and dialog.sample_button.isEnabled()
    assert dialog.focusWidget() is dialog.new_button
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.chosen_report_id is None


def test_new_report_through_template_dialog(qtbot, store, answers, monkeypatch):
    existing = _add(store, "昌华街道", 2023)
    seen = {}

    def fake_ask(parent, templates, **names):
        seen.update(names, templates=[t.id for t in templates])
        return new_report(get_template("basic-info-2024"), "某区某某局", "某某局", "2024")

    monkeypatch.setattr(new_report_dialog, "ask_new_report", fake_ask)
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.new_button)
    # the dialog is pre-filled with the names of the last edited report
    assert seen["unit_short"] == "昌华街道" and set(seen["templates"]) == set(bundled_templates())
    new_id = dialog.chosen_report_id
    assert new_id is not None and new_id != existing and dialog.result() == QDialog.DialogCode.Accepted
    info = store.info(new_id)
    assert (info.unit_short, info.year, info.template_id) == ("某某局", 2024, "basic-info-2024")


def test_new_report_cancelled_changes_nothing(qtbot, store, answers, monkeypatch):
    _add(store)
    before = snapshot(store)
    monkeypatch.setattr(new_report_dialog, "ask_new_report", lambda *a, **k: None)
    dialog = _dialog(qtbot, store)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.chosen_report_id is None
    assert snapshot(store) == before


def test_new_from_last_year(qtbot, store, answers):
    last_id = _add_sample(store)
    last = store.load(last_id)
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(last_id)
    _click(qtbot, dialog.carry_button)
    new_id = dialog.chosen_report_id
    assert new_id not in (None, last_id)
    report = store.load(new_id)
    assert report.year == last.year + 1
    assert [(s.key, s.heading, s.intro, [e.to_dict() for e in s.entries]) for s in report.sections] == \
        [(s.key, s.heading, s.intro, [e.to_dict() for e in s.entries]) for s in last.sections]
    with_values = [(s.key, f.name) for s in last.sections for f in s.figures if f.value is not None]
    assert with_values and figures_to_review(report) == []  # the budget figures quote the new table
    assert figures_pending(report) == with_values and all(
        f.value is None for s in report.sections for f in s.figures if f.source)
    [(kind, title, text)] = answers.shown
    assert kind == "inform" and "“待填”" in text and str(report.year) in text
    # last year's report is untouched
    assert store.load(last_id).to_dict() == last.to_dict()


def test_new_from_last_year_asks_when_next_year_exists(qtbot, store, answers):
    last_id = _add(store, "昌华街道", 2023)
    _add(store, "昌华街道", 2024)
    before = snapshot(store)
    answers.yes_no.append(False)
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(last_id)
    _click(qtbot, dialog.carry_button)
    assert "已有" in answers.asked[0][2]
    assert snapshot(store) == before and dialog.chosen_report_id is None


def test_import_text_file_shows_its_notices(qtbot, store, answers, tmp_path, monkeypatch):
    from selfeval.ui.views import import_preview_dialog

    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: preview)  # 导入 as shown
    pasted = tmp_path / "说明.txt"  # the shared sample as it comes out of Word: GB18030, with BEL characters
    pasted.write_bytes(SHARED_SAMPLE.read_text(encoding="utf-8").replace("。", "。\x07", 2).encode("gb18030"))
    answers.open_paths.append(pasted)
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.import_button)
    new_id = dialog.chosen_report_id
    assert new_id is not None and dialog.result() == QDialog.DialogCode.Accepted
    report = store.load(new_id)
    assert report.year == 2024 and "昌华" in report.unit_short + report.unit_name
    assert "\x07" not in str(report.to_dict())
    [(kind, _title, text)] = answers.shown
    assert kind == "inform" and pasted.name in text
    assert "控制字符" in text and "请核对" in text  # the importer's notices, word for word
    assert store.history(new_id)[-1].kind == "create"


def test_import_refuses_binary_file_and_changes_nothing(qtbot, store, answers, tmp_path):
    _add(store)
    binary = tmp_path / "报告.txt"
    binary.write_bytes(bytes(range(256)) * 64 + b"\x00\x00PK\x03\x04")
    before = snapshot(store)
    answers.open_paths.append(binary)
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.import_button)
    assert answers.kinds() == ["error"]
    message = answers.shown[0][2]
    assert message and "Traceback" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert snapshot(store) == before
    assert dialog.isVisible() and dialog.chosen_report_id is None


def test_import_cancelled_asks_nothing_else(qtbot, store, answers):
    answers.open_paths.append(None)
    dialog = _dialog(qtbot, store)
    qtbot.keyClick(dialog.table if dialog.table.isVisible() else dialog, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier)
    assert answers.shown == [] and store.list_reports() == []


def test_add_sample_twice_asks_second_time(qtbot, store, answers):
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.sample_button)
    first = dialog.chosen_report_id
    assert first is not None and store.load(first).to_dict() == bundled_sample().to_dict()

    answers.yes_no.append(False)
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.sample_button)
    assert dialog.chosen_report_id is None and len(store.list_reports()) == 1

    answers.yes_no.append(True)
    _click(qtbot, dialog.sample_button)
    assert dialog.chosen_report_id not in (None, first) and len(store.list_reports()) == 2


def test_rename_with_f2(qtbot, store, answers):
    report_id = _add(store, "昌华街道")
    answers.texts.extend(["广州市荔湾区人民政府华林街道办事处\n", " 华林街道 "])
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(report_id)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    info = store.info(report_id)
    assert (info.unit_name, info.unit_short) == ("广州市荔湾区人民政府华林街道办事处", "华林街道")
    assert _rows(dialog)[0][0].startswith("华林街道")
    # one step through the funnel: one line in the history, one undo brings both names back
    [step] = [r for r in store.history(report_id) if r.kind == "rename"]
    assert step.summary == "重命名为“华林街道”（广州市荔湾区人民政府华林街道办事处）"
    assert not [r for r in store.history(report_id) if r.kind == "set_field"]
    store.undo(report_id)
    info = store.info(report_id)
    assert (info.unit_name, info.unit_short) == ("广州市荔湾区人民政府昌华街道办事处", "昌华街道")


def test_rename_refuses_empty_name(qtbot, store, answers):
    report_id = _add(store)
    before = snapshot(store)
    answers.texts.extend(["  ", "简称"])
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(report_id)
    _click(qtbot, dialog.rename_button)
    assert answers.kinds() == ["error"] and "单位全称" in answers.shown[0][2]
    assert snapshot(store) == before


def test_rename_cancelled(qtbot, store, answers):
    report_id = _add(store)
    before = snapshot(store)
    answers.texts.append(None)
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(report_id)
    _click(qtbot, dialog.rename_button)
    assert snapshot(store) == before


def test_duplicate(qtbot, store, answers):
    report_id = _add_sample(store)
    dialog = _dialog(qtbot, store)
    dialog.table.select_report(report_id)
    _click(qtbot, dialog.duplicate_button)
    ids = dialog.table.report_ids()
    assert len(ids) == 2 and dialog.isVisible()
    copy_id = next(i for i in ids if i != report_id)
    assert dialog.selected_id() == copy_id
    assert store.load(copy_id).to_dict() == store.load(report_id).to_dict()
    # the copy is independent
    section = store.load(copy_id).content_sections()[0]
    section.intro = "只改副本"
    store.apply(SetSection(copy_id, section))
    assert store.load(report_id).content_sections()[0].intro != "只改副本"


def test_delete_restore_and_purge(qtbot, store, answers, monkeypatch):
    keep = _add(store, "甲街道")
    doomed = _add(store, "乙街道")
    dialog = _dialog(qtbot, store, current_report_id=doomed)
    dialog.table.select_report(doomed)

    answers.yes_no.append(False)  # Delete key, then "no"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert doomed in dialog.table.report_ids()
    assert "正在编辑" in answers.asked[-1][2]

    answers.yes_no.append(True)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.table.report_ids() == [keep]
    assert [i.id for i in store.list_reports(deleted=True)] == [doomed]
    assert "1" in dialog.bin_button.text()

    # the recycle bin dialog restores it
    def restore(session_, parent):
        bin_dialog = recycle_bin.RecycleBinDialog(session_, parent)
        qtbot.addWidget(bin_dialog)
        assert bin_dialog.table.report_ids() == [doomed]
        _click(qtbot, bin_dialog.restore_button)
        assert bin_dialog.table.report_ids() == [] and bin_dialog.empty_label.isVisibleTo(bin_dialog)
        return bin_dialog.restored_ids

    monkeypatch.setattr(recycle_bin, "show_recycle_bin", restore)
    _click(qtbot, dialog.bin_button)
    assert sorted(dialog.table.report_ids()) == sorted([keep, doomed])
    assert dialog.selected_id() == doomed and store.list_reports(deleted=True) == []
    assert dialog.bin_button.text() == "回收站(&R)…"

    # delete again, then purge for good (with confirmation)
    answers.yes_no.append(True)
    _click(qtbot, dialog.delete_button)

    def purge(session_, parent):
        bin_dialog = recycle_bin.RecycleBinDialog(session_, parent)
        qtbot.addWidget(bin_dialog)
        answers.yes_no.append(False)
        _click(qtbot, bin_dialog.purge_button)
        assert bin_dialog.table.report_ids() == [doomed]
        answers.yes_no.append(True)
        _click(qtbot, bin_dialog.purge_button)
        assert "无法恢复" in answers.asked[-1][2]
        return bin_dialog.restored_ids

    monkeypatch.setattr(recycle_bin, "show_recycle_bin", purge)
    _click(qtbot, dialog.bin_button)
    assert dialog.table.report_ids() == [keep]
    assert all_report_ids(store) == {keep}


def test_recycle_bin_dialog_keyboard(qtbot, store, answers):
    report_id = _add(store)
    answers.yes_no.append(True)
    dialog = _dialog(qtbot, store)
    _click(qtbot, dialog.delete_button)
    bin_dialog = recycle_bin.RecycleBinDialog(edit_session(store))
    qtbot.addWidget(bin_dialog)
    bin_dialog.show()
    qtbot.waitExposed(bin_dialog)
    bin_dialog.activateWindow()
    qtbot.waitUntil(bin_dialog.isActiveWindow)
    row = _rows(bin_dialog)[0]
    assert row[0].startswith("昌华街道") and row[3]  # deleted time shown
    qtbot.keyClick(bin_dialog.table, Qt.Key.Key_Return)  # Enter restores
    assert bin_dialog.restored_ids == [report_id] and [i.id for i in store.list_reports()] == [report_id]


def test_read_only_file_only_opens(qtbot, store, answers, tmp_path):
    report_id = _add(store)
    store.close()
    reader = Store.open(tmp_path / "reports.db", read_only=True)
    try:
        dialog = _dialog(qtbot, reader)
        assert "只读" in dialog.status.text()
        for button in (dialog.new_button, dialog.carry_button, dialog.import_button, dialog.sample_button,
                       dialog.rename_button, dialog.duplicate_button, dialog.delete_button):
            assert not button.isEnabled(), button.text()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
        assert answers.kinds() == ["warn", "warn"]
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert dialog.chosen_report_id == report_id
    finally:
        reader.close()


def test_fits_1366x768(qtbot, store, answers):
    for i in range(30):
        _add(store, f"第{i}街道")
    dialog = _dialog(qtbot, store)
    assert dialog.width() <= 1366 and dialog.height() <= 700
    assert dialog.minimumSizeHint().width() <= 1000 and dialog.minimumSizeHint().height() <= 600

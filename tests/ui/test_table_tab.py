"""The 自评表 tab: after 基本信息, edits saved through the session (undoable), the keyboard, paste, bad input."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from helpers import answers, env, running, sample_db  # noqa: F401
from selfeval.domain.table.rows import COLUMN_KEYS
from selfeval.store import Store
from selfeval.ui.window.report_tabs import TABLE_KEY, TABLE_TAB_LABEL

D = Decimal


def open_table(window):
    window.tabs.select(TABLE_KEY)
    tab = window.tabs.table_tab
    assert tab is not None
    return tab


def stored_table(running):
    store = Store.open(running.store.path, read_only=True)
    try:
        return store.load(running.window.report_id).table
    finally:
        store.close()


def edit(grid, row: int, key_or_col, text: str) -> None:
    col = key_or_col if isinstance(key_or_col, int) else COLUMN_KEYS.index(key_or_col)
    grid.setCurrentCell(row, col)
    grid.item(row, col).setText(text)


def test_the_table_tab_follows_basic_info_and_shows_the_samples_figures(running):
    window = running.window
    assert window.tabs.tabText(1) == TABLE_TAB_LABEL and window.tabs.keys[1] == TABLE_KEY
    tab = open_table(window)
    assert tab.budget.item(0, 1).text() == "7,704.69" and tab.budget.item(0, 2).text() == "7,663.69"
    assert tab.budget.item(0, 4).text() == "99.47%" and tab.budget.item(0, 5).text() == "9.95"
    assert tab.grid.item(0, COLUMN_KEYS.index("name")).text() == "完成固定资产"
    assert tab.total_label.text() == "自评总分 9.95 分　等级：未完成"  # 分值 not yet 100
    assert "未完成：分值合计 10 分（应为 100 分）" in tab.total_label.toolTip() and "未完成" in tab.findings.text()
    assert tab.title.text() == "部门整体支出绩效自评表（2024年度）"
    assert tab.grid.rowSpan(0, 0) == 4  # 产出指标 merged over its four 二级 rows


def test_an_edit_is_saved_through_the_session_and_undone(qtbot, running):
    window = running.window
    tab = open_table(window)
    edit(tab.grid, 0, "weight", "50")
    edit(tab.grid, 0, "target", "6000")
    assert tab.grid.item(0, COLUMN_KEYS.index("score")).text() == "48.00"  # over-completion: 50 − 2
    assert window.session.pending
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    ind = stored_table(running).groups[0].categories[0].indicators[0]
    assert (ind.weight, ind.target) == (D(50), D(6000))
    # one step, logged as the cells it changed (issue 18: cell-level, named in the history)
    assert running.store.history(window.report_id)[0].summary == "修改自评表：完成固定资产 年度指标值 （空） → 6000（等 2 处）"
    assert "57.95" in tab.total_label.text()
    window.tabs.select(None)
    window.undo()  # both cells were saved as one step (typed within the autosave's second)
    assert stored_table(running).groups[0].categories[0].indicators[0].weight is None
    assert window.tabs.current_key() == TABLE_KEY  # undo shows the change on its tab
    assert tab.grid.item(0, COLUMN_KEYS.index("weight")).text() == ""


def test_bad_input_is_kept_marked_and_explained_in_chinese(qtbot, running):
    window = running.window
    tab = open_table(window)
    edit(tab.grid, 0, "weight", "10")
    edit(tab.grid, 0, "score", "12")
    score = tab.grid.item(0, COLUMN_KEYS.index("score"))
    assert score.text() == "12"  # nothing lost
    assert "第 1 行“得分”：得分 12 超过了分值 10。" in tab.message.text()
    edit(tab.budget, 0, 1, "0")
    assert tab.budget.item(0, 4).text() == "—"
    edit(tab.budget, 0, 1, "7,704.69万元")
    assert tab.budget.item(0, 1).text() == "7,704.69" and "已按“7,704.69”记录" in tab.message.text()
    edit(tab.budget, 0, 1, "7704.69元")
    assert tab.budget.item(0, 1).text() == "7704.69元" and "以“万元”为单位" in tab.message.text()
    edit(tab.budget, 1, 0, "－５")
    assert "不能为负数" in tab.message.text()
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    assert stored_table(running).budget.total.budget == D("7704.69")  # the bad cells were never stored


def test_enter_goes_down_and_insert_delete_move_rows(qtbot, running):
    window = running.window
    tab = open_table(window)
    grid = tab.grid
    grid.setFocus()
    grid.setCurrentCell(0, COLUMN_KEYS.index("name"))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.currentRow() == 1
    grid.setCurrentCell(0, COLUMN_KEYS.index("name"))
    qtbot.keyClick(grid, Qt.Key.Key_Insert)
    assert grid.currentRow() == 1 and len(tab.table().groups[0].categories[0].indicators) == 2
    edit(grid, 1, "name", "新增指标")
    qtbot.keyClick(grid, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [i.name for i in tab.table().groups[0].categories[0].indicators] == ["新增指标", "完成固定资产"]
    assert grid.currentRow() == 0
    qtbot.keyClick(grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert [i.name for i in tab.table().groups[0].categories[0].indicators] == ["完成固定资产"]


def test_a_block_pasted_from_excel_fills_rows(qtbot, running):
    window = running.window
    tab = open_table(window)
    grid = tab.grid
    row = next(r for r, ref in enumerate(tab._refs) if (ref.group, ref.category) == (0, 1))
    QGuiApplication.clipboard().setText("合格率\t≥\t95\t%\t98\t10\n验收通过率\t=\t100\t%\t100\t十\n")
    grid.setFocus()
    grid.setCurrentCell(row, COLUMN_KEYS.index("name"))
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert tab.table().groups[0].categories[1].indicators == ()  # refused whole: nothing half pasted
    assert "粘贴的第 2 行第 6 格（“分值”栏，内容“十”）" in tab.message.text()
    QGuiApplication.clipboard().setText('合格率\t≥\t95\t%\t98\t10\t\t\t\t"抽检合格。\n持续改进。"\r\n'
                                        "验收通过率\t=\t100\t%\t100\t10\r\n")
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = tab.table().groups[0].categories[1].indicators
    assert [i.name for i in rows] == ["合格率", "验收通过率"] and rows[0].weight == D(10)
    assert rows[0].analysis == "抽检合格。\n持续改进。" and tab.message.text() == "已粘贴 2 行。"
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    assert [i.name for i in stored_table(running).groups[0].categories[1].indicators] == ["合格率", "验收通过率"]


def test_goals_and_supervisor_are_saved(qtbot, running):
    from helpers import commit_text

    window = running.window
    tab = open_table(window)
    commit_text(tab.supervisor, "广州市荔湾区人民政府")
    commit_text(tab.goal_expected, "完成年度重点任务")
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    table = stored_table(running)
    assert (table.supervisor, table.goal_expected) == ("广州市荔湾区人民政府", "完成年度重点任务")


def test_the_table_exports_to_excel_and_imports_back(qtbot, running, answers, tmp_path):
    window = running.window
    tab = open_table(window)
    edit(tab.grid, 0, "weight", "50")
    table = tab.table()
    answers.save_paths.append(tmp_path / "表")
    written = tab.export_xlsx()
    assert written == tmp_path / "表.xlsx" and answers.asked[-1][2].name == "2024年度昌华街道部门整体支出绩效自评表.xlsx"
    edit(tab.grid, 0, "weight", "40")
    answers.open_paths.append(written)
    assert tab.import_xlsx() and tab.table() == table
    assert "已从“表.xlsx”导入自评表" in tab.message.text()
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    answers.open_paths.append(tmp_path / "坏.xlsx")
    assert not tab.import_xlsx() and tab.table() == table
    assert answers.of("error")[-1][0] == "自评表未导入"
    qtbot.waitUntil(lambda: not window.session.pending, timeout=3000)
    assert stored_table(running) == table


def test_twelve_indicator_rows_and_the_notes_fit_at_1366x768_with_the_review_panel_open(qtbot, running):
    from PySide6.QtWidgets import QApplication

    from selfeval.domain.table.model import Indicator, Nature

    window = running.window
    window.resize(1366, 768)
    window.show()
    window.set_review_shown(True)
    tab = open_table(window)
    table = tab.table()
    for g, group in enumerate(table.groups):
        for c, _ in enumerate(group.categories):
            table = table.with_indicators(g, c, tuple(Indicator(f"指标{g}{c}{i}", Nature.GE, D(100), "%", actual=D(95))
                                                      for i in range(2)))
    tab._commit(table)
    for _ in range(10):
        QApplication.processEvents()
    grid = tab.grid
    bottom = grid.viewport().rect().bottom()
    visible = [r for r in range(grid.rowCount())
               if 0 <= grid.visualRect(grid.model().index(r, 2)).top()
               and grid.visualRect(grid.model().index(r, 2)).bottom() <= bottom]
    assert grid.rowCount() == 18 and len(visible) >= 12
    assert window.review.isVisible()
    notes = tab.findings
    assert notes.text() and notes.text().count("\n") <= 1  # at most two lines, the rest in its tooltip and 审核

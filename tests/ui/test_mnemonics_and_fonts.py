"""Alt+letter belongs to the menus: no widget on any tab, of any editor kind, claims a menu's letter; the
Latin font is chosen from a list (another name only through 其他…), and an odd stored name is kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenu, QWidget

from helpers import answers, env, sample_db, running  # noqa: F401
from selfeval.domain.figures import Figure, FigureKind
from selfeval.domain.model import Entry, Section, SectionKind
from selfeval.ui.editors import EDITORS


def _mnemonic(text: str) -> str | None:
    key = QKeySequence.mnemonic(text)
    return key.toString(QKeySequence.SequenceFormat.PortableText) if not key.isEmpty() else None


def widget_mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the texts of the labels (with a buddy), buttons and group boxes under ``root`` claiming it."""
    found: dict[str, list[str]] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            text = widget.text() if widget.buddy() is not None else ""
        elif isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        key = _mnemonic(text)
        if key:
            found.setdefault(key, []).append(text)
    return found


def menu_mnemonics(window) -> dict[str, str]:
    found = {}
    for action in window.menuBar().actions():
        key = _mnemonic(action.text())
        assert key, f"menu without a mnemonic: {action.text()}"
        found[key] = action.text()
    return found


def _every_kind_section(kind: SectionKind) -> Section:
    figures = [Figure("R&D经费", FigureKind.MONEY, "万元"), Figure("执行率", FigureKind.PERCENT, "%")] \
        if kind is SectionKind.FIGURES else []
    return Section(key=kind.value, heading=kind.value, level=2, kind=kind, intro="引言",
                   entries=[Entry(lead="要点", text="内容"), Entry(lead="要点二", text="内容二")], figures=figures)


def test_the_menus_have_their_letters(running):
    assert set(menu_mnemonics(running.window)) == {"Alt+F", "Alt+E", "Alt+V", "Alt+H"}


def test_no_tab_claims_a_menu_letter(qtbot, running):
    window = running.window
    menus = menu_mnemonics(window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        claimed = widget_mnemonics(page)
        clashes = {key: texts for key, texts in claimed.items() if key in menus}
        assert not clashes, f"tab {window.tabs.tabText(index)}: {clashes} clash with the menus {menus}"
        twice = {key: texts for key, texts in claimed.items() if len(texts) > 1}
        assert not twice, f"tab {window.tabs.tabText(index)}: one letter for several fields: {twice}"


def test_no_editor_kind_claims_a_menu_letter(qtbot, running):
    menus = menu_mnemonics(running.window)
    for kind, cls in EDITORS.items():
        editor = cls(None)
        qtbot.addWidget(editor)
        editor.set_section(_every_kind_section(kind))
        clashes = {k: t for k, t in widget_mnemonics(editor).items() if k in menus}
        assert not clashes, f"{kind.value}: {clashes}"


def test_a_figure_name_with_an_ampersand_claims_no_letter(qtbot):
    editor = EDITORS[SectionKind.FIGURES](None)
    qtbot.addWidget(editor)
    editor.set_section(_every_kind_section(SectionKind.FIGURES))
    labels = [w.text() for w in editor.findChildren(QLabel) if w.buddy() is not None]
    assert "R&&D经费：" in labels and "Alt+D" not in widget_mnemonics(editor)


def test_alt_f_on_the_basic_tab_opens_the_file_menu_not_the_font(qtbot, running):
    window = running.window
    window.show()
    qtbot.waitExposed(window)
    window.tabs.select(None)
    tab = window.tabs.basic_info()
    tab.unit_name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.unit_name)
    before = tab.layout_settings()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    [file_menu] = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "文件(&F)"]
    qtbot.waitUntil(file_menu.isVisible)
    assert QApplication.focusWidget() is not tab.latin_font
    file_menu.hide()
    assert tab.layout_settings() == before and not window.session.pending


def test_the_latin_font_cannot_be_typed_into(qtbot, running):
    tab = running.window.tabs.basic_info()
    assert not tab.latin_font.isEditable()
    tab.latin_font.setFocus()
    qtbot.keyClicks(tab.latin_font, "x")
    assert tab.layout_settings().latin_font in ("Times New Roman", "Arial", "Calibri", "宋体")


def _choose(tab, text: str) -> None:
    index = tab.latin_font.findText(text)
    tab.latin_font.setCurrentIndex(index)
    tab.latin_font.activated.emit(index)


def test_choosing_a_font_from_the_list_saves_it(qtbot, running):
    window = running.window
    tab = window.tabs.basic_info()
    _choose(tab, "Arial")
    assert window.flush()
    assert running.store.load(window.report_id).layout.latin_font == "Arial"


def test_other_asks_for_a_name_and_saves_it(qtbot, running, answers):
    window = running.window
    tab = window.tabs.basic_info()
    answers.texts.append("  Cambria ")
    _choose(tab, "其他…")
    assert window.flush()
    assert running.store.load(window.report_id).layout.latin_font == "Cambria"
    assert tab.latin_font.currentText() == "Cambria"


def test_other_cancelled_keeps_the_font(qtbot, running, answers):
    window = running.window
    tab = window.tabs.basic_info()
    answers.texts.append(None)
    _choose(tab, "其他…")
    assert tab.latin_font.currentText() == "Times New Roman"
    assert not window.session.pending


def test_an_odd_stored_font_shows_and_is_kept(qtbot, running):
    from selfeval.store.operations import SetField

    window = running.window
    report = running.store.load(window.report_id)
    window.session.run_op(SetField(window.report_id, "layout", report.layout._replace(latin_font="x")))
    tab = window.tabs.basic_info()
    assert tab.latin_font.currentText() == "x"
    tab.level2_bold.setChecked(not tab.level2_bold.isChecked())  # another layout setting changes
    assert window.flush()
    assert running.store.load(window.report_id).layout.latin_font == "x"

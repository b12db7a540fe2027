"""关于 (F1): version, data and log folders (opened on a click), shortcuts, and the shipped licences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

import selfeval
from helpers import answers, env  # noqa: F401
from selfeval.bundled import licenses
from selfeval.ui.views.about_dialog import AboutDialog, show_about

SHORTCUTS = (("Ctrl+E", "导出 Word 文档"), ("F1", "关于与快捷键"))


def _dialog(qtbot, env: Path) -> AboutDialog:
    dialog = AboutDialog(env / "data" / "selfeval.db", SHORTCUTS)
    qtbot.addWidget(dialog)
    return dialog


def test_about_page_shows_version_and_folders(qtbot, env):
    dialog = _dialog(qtbot, env)
    texts = " ".join(label.text() for label in (dialog.db_label, dialog.data_link, dialog.log_link))
    page_text = " ".join(w.text() for w in dialog.tabs.widget(0).findChildren(type(dialog.db_label)))
    assert selfeval.__version__ in page_text and selfeval.APP_DISPLAY_NAME in page_text
    assert str(env / "data" / "selfeval.db") in texts
    assert str(env / "data") in dialog.data_link.text() and str(env / "logs") in dialog.log_link.text()
    assert dialog.log_dir == env / "logs"  # SELFEVAL_LOG_DIR, through paths.user_dir


def test_clicking_a_folder_opens_it_in_the_file_manager(qtbot, env, monkeypatch, answers):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = _dialog(qtbot, env)
    dialog.log_link.linkActivated.emit(QUrl.fromLocalFile(str(env / "logs")).toString())
    assert opened == [str(env / "logs")]
    assert (env / "logs").is_dir()  # made first: it exists only after something was logged
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    assert not dialog.open_folder(env / "data")
    [(title, text)] = answers.of("warn")
    assert str(env / "data") in text


def test_shortcuts_table(qtbot, env):
    dialog = _dialog(qtbot, env)
    rows = [(dialog.shortcuts.item(r, 0).text(), dialog.shortcuts.item(r, 1).text())
            for r in range(dialog.shortcuts.rowCount())]
    assert rows == list(SHORTCUTS)


def test_every_licence_in_the_index_is_listed_and_readable(qtbot, env):
    dialog = _dialog(qtbot, env)
    components = licenses.components()
    assert dialog.license_list.count() == len(components)
    for row, component in enumerate(components):
        dialog.license_list.setCurrentRow(row)
        assert component.name in dialog.license_list.item(row).text()
        text = dialog.license_text.toPlainText()
        assert all(f"―― {name} ――" in text for name in component.files)
    qt_row = next(i for i, c in enumerate(components) if "pyside6-essentials" in c.distributions)
    dialog.license_list.setCurrentRow(qt_row)
    text = dialog.license_text.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "download.qt.io" in text


def test_show_about_does_not_block_and_fits_a_small_screen(qtbot, env):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = show_about(parent, env / "x.db", SHORTCUTS)
    assert dialog.isVisible()
    assert dialog.width() <= 1093 and dialog.height() <= 614  # 1366×768 at 125 %
    dialog.reject()

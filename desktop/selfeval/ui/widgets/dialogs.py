"""Every modal question the application asks goes through one function here.

Tests answer them by monkeypatching these module attributes, e.g.::

    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: True)

Callers must therefore use ``dialogs.ask_yes_no(...)`` (attribute access at call
time), never ``from selfeval.ui.widgets.dialogs import ask_yes_no``.
All titles and texts passed in are Simplified Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# The dialog classes are imported when a dialog is first asked for: most starts show none, and each
# Qt class costs start-up time when Python first touches it.

__all__ = [
    "ask_yes_no",
    "inform",
    "warn",
    "error",
    "ask_save_path",
    "ask_open_path",
    "ask_text",
    "ask_buttons",
]


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A question answered 是/否; returns True for 是. Escape means 否."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("否", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def _notice(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, icon, title, text)
    ok = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _notice(parent, QMessageBox.Icon.Information, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _notice(parent, QMessageBox.Icon.Warning, title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    _notice(parent, QMessageBox.Icon.Critical, title, text)


def ask_save_path(parent: QWidget | None, title: str, start_path: Path, filter: str) -> Path | None:
    """Asks where to save; ``start_path`` may be a file name inside the start folder."""
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, title, start_path, filter, save=True)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_open_path(parent: QWidget | None, title: str, start_dir: Path, filter: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, title, start_dir, filter, save=False)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def file_dialog(parent: QWidget | None, title: str, start: Path, filter: str, *, save: bool):
    """The file dialog: the system's own on Windows and macOS (in the system's language); elsewhere Qt's,
    in Chinese throughout (see :mod:`selfeval.ui.widgets.file_dialog`), with its columns readable at
    1366×768. ``start``: a folder, or a file name inside the folder to start in."""
    import sys

    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, title, str(start), filter)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if sys.platform not in ("win32", "darwin"):
        from selfeval.ui.widgets.file_dialog import make_chinese

        make_chinese(dialog)
    return dialog


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of text; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


def ask_buttons(parent: QWidget | None, title: str, text: str, labels: list[str], default: int = 0) -> int | None:
    """A question answered by one of the buttons ``labels`` (side by side, all visible); returns the index
    of the one pressed. Escape presses the last button (put "以后再说" or "取消" there)."""
    from PySide6.QtWidgets import QMessageBox

    box = _box(parent, QMessageBox.Icon.Question, title, text)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in labels]
    if buttons:
        box.setDefaultButton(buttons[max(0, min(default, len(buttons) - 1))])
        box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else None

"""The one-time notice about missing official fonts (see selfeval.domain.official_fonts): Qt says which
fonts are installed and which font it shows Chinese text in instead; the settings remember the set of
missing fonts the user was told about, so the notice shows once, and again only when that set changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from selfeval.domain.official_fonts import NOTICE_TITLE, OfficialFont, missing_fonts, missing_key, notice_text
from selfeval.ui.app.settings import AppSettings


def substitute_family(name: str) -> str | None:
    """The family Qt draws Simplified Chinese in when asked for ``name`` (None if it finds none)."""
    font = QFont(name)
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    if raw.isValid() and raw.familyName():
        return raw.familyName()
    family = QFontInfo(font).family()
    return family or None


def missing_with_substitutes(families: Iterable[str] | None = None) -> list[tuple[OfficialFont, str | None]]:
    installed = QFontDatabase.families() if families is None else list(families)
    return [(font, substitute_family(font.name)) for font in missing_fonts(installed)]


def show_once(parent: QWidget, settings: AppSettings, families: Iterable[str] | None = None) -> QMessageBox | None:
    """Shows the notice (window-modal, not blocking) unless the user has seen it for these missing fonts.
    Waits for a dialog already open (the first-report offer) to close first."""
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not parent and hasattr(modal, "finished"):
        modal.finished.connect(lambda *_: show_once(parent, settings, families))
        return None
    missing = missing_with_substitutes(families)
    key = missing_key(font for font, _ in missing)
    if settings.fonts_notice_key() == key:
        return None
    settings.set_fonts_notice_key(key)
    settings.sync()
    if not missing:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, NOTICE_TITLE, notice_text(missing),
                      QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.open()
    return box

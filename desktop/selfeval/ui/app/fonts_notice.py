"""The one-time notice about missing official fonts (see selfeval.domain.official_fonts): Qt says which
fonts are installed and which font it shows Chinese text in instead; the settings remember the set of
missing fonts the user was told about, so the notice shows once, and again only when that set changes.

A PC may have no font that covers Chinese at all (minimal and English installs): Qt then still hands out a
"valid" raw font for Simplified Chinese whose ``familyName()`` crashes the process, so the raw font is
asked for only when fontconfig/Windows lists a family that writes Simplified Chinese, and the notice
then says which font package to install.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from selfeval.domain.official_fonts import NOTICE_TITLE, OfficialFont, missing_fonts, missing_key, notice_text
from selfeval.ui.app.settings import AppSettings


def chinese_families() -> list[str]:
    """The installed families that write Simplified Chinese (empty on a PC without any CJK font)."""
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def substitute_family(name: str, chinese: Iterable[str] | None = None) -> str | None:
    """The family Qt draws Simplified Chinese in when asked for ``name`` (None if it finds none).
    ``chinese``: the families that write Chinese (``chinese_families()`` when not given)."""
    chinese = set(chinese_families() if chinese is None else chinese)
    if not chinese:  # no native font call: with no CJK font, QRawFont.familyName() segfaults
        return None
    font = QFont(name)
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    if raw.isValid() and raw.familyName():
        return raw.familyName()
    family = QFontInfo(font).family()
    return family if family in chinese else None


def missing_with_substitutes(families: Iterable[str] | None = None,
                             chinese: Iterable[str] | None = None) -> list[tuple[OfficialFont, str | None]]:
    installed = QFontDatabase.families() if families is None else list(families)
    chinese = chinese_families() if chinese is None else list(chinese)
    return [(font, substitute_family(font.name, chinese)) for font in missing_fonts(installed)]


def show_once(parent: QWidget, settings: AppSettings, families: Iterable[str] | None = None,
              chinese: Iterable[str] | None = None) -> QMessageBox | None:
    """Shows the notice (window-modal, not blocking) unless the user has seen it for these missing fonts.
    Waits for a dialog already open (the first-report offer) to close first. ``families`` / ``chinese``:
    the installed families and those that write Chinese (Qt's lists when not given)."""
    modal = QApplication.activeModalWidget()
    if modal is not None and modal is not parent and hasattr(modal, "finished"):
        modal.finished.connect(lambda *_: show_once(parent, settings, families, chinese))
        return None
    chinese = chinese_families() if chinese is None else list(chinese)
    missing = missing_with_substitutes(families, chinese)
    key = missing_key(font for font, _ in missing)
    if settings.fonts_notice_key() == key:
        return None
    settings.set_fonts_notice_key(key)
    settings.sync()
    if not missing:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, NOTICE_TITLE,
                      notice_text(missing, chinese_font_installed=bool(chinese)),
                      QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    box.open()
    return box

"""The one-time notice about missing official fonts: what Qt substitutes, shown once per set of missing
fonts, after any dialog already open, and from ``run`` once the window shows."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from helpers import answers, env, sample_db  # noqa: F401
from selfeval.domain.official_fonts import NOTICE_TITLE, OFFICIAL_FONTS
from selfeval.ui.app import fonts_notice
from selfeval.ui.app.settings import AppSettings

ALL_OFFICIAL = [name for font in OFFICIAL_FONTS for name in font.names()]


def _parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_substitute_is_an_installed_family_that_draws_chinese():
    families = set(QFontDatabase.families())
    substitute = fonts_notice.substitute_family("仿宋_GB2312-不存在的字体")
    assert substitute in families
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(substitute)


def test_shown_once_then_again_when_the_missing_set_changes(qtbot, env):
    settings = AppSettings(env / "config")
    parent = _parent(qtbot)
    box = fonts_notice.show_once(parent, settings, families=["Arial"])
    assert isinstance(box, QMessageBox) and box.isVisible() and box.windowTitle() == NOTICE_TITLE
    for font in OFFICIAL_FONTS:
        assert font.name in box.text()
    substitute = fonts_notice.substitute_family(OFFICIAL_FONTS[0].name)
    assert f"显示为“{substitute}”" in box.text()
    box.accept()
    assert fonts_notice.show_once(parent, settings, families=["Arial"]) is None
    assert fonts_notice.show_once(parent, AppSettings(env / "config"), families=["Arial"]) is None  # remembered
    # The title font is installed now: three missing, a new set, shown again (without the title font).
    again = fonts_notice.show_once(parent, settings, families=["方正小标宋简体"])
    assert again is not None and "方正小标宋简体" not in again.text() and "仿宋_GB2312" in again.text()
    again.accept()


def test_nothing_missing_shows_nothing_and_a_later_loss_is_told(qtbot, env):
    settings = AppSettings(env / "config")
    parent = _parent(qtbot)
    assert fonts_notice.show_once(parent, settings, families=ALL_OFFICIAL) is None
    assert settings.fonts_notice_key() == ""
    box = fonts_notice.show_once(parent, settings, families=ALL_OFFICIAL[2:])
    assert box is not None and "方正小标宋简体" in box.text()
    box.accept()


def test_waits_for_an_open_dialog(qtbot, env):
    settings = AppSettings(env / "config")
    parent = _parent(qtbot)
    first = QDialog(parent)
    first.open()
    assert QApplication.activeModalWidget() is first
    assert fonts_notice.show_once(parent, settings, families=[]) is None
    assert settings.fonts_notice_key() is None
    first.accept()
    boxes = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1 and boxes[0].windowTitle() == NOTICE_TITLE
    boxes[0].accept()


def test_run_shows_the_notice_after_the_window(qtbot, qapp, env, sample_db, answers, monkeypatch):
    from selfeval.ui.app.start import run
    from selfeval.ui.window.main_window import MainWindow

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: ["Arial"]))
    path, report_id = sample_db
    seen: dict = {}

    poll = QTimer()
    poll.setInterval(20)
    started = []

    def look_and_close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            return
        window = windows[0]
        boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
        started.append(1)
        if not boxes and len(started) < 250:  # the notice comes after the first paint: wait for it (≤ 5 s)
            return
        poll.stop()
        seen["titles"] = [b.windowTitle() for b in boxes]
        for box in boxes:
            box.accept()
        window.close()

    poll.timeout.connect(look_and_close)
    poll.start()
    font = qapp.font()
    try:
        assert run(path, report_id) == 0
    finally:
        qapp.setFont(font)
    assert seen["titles"] == [NOTICE_TITLE]
    assert AppSettings(env / "config").fonts_notice_key() == "|".join(sorted(f.name for f in OFFICIAL_FONTS))

"""Qt's own strings (dialog buttons, context menus) in Simplified Chinese.

PySide6-Essentials ships ``qtbase_zh_CN.qm`` in ``QLibraryInfo.path(TranslationsPath)``; a frozen build
or a stripped install may not, so ``resources/translations/`` holds a copy as a fallback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from selfeval.system.paths import resources_dir

CATALOGS = ("qtbase_zh_CN",)


def translation_dirs() -> list[Path]:
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        resources_dir() / "translations",
    ]


def install_qt_translations(app: QCoreApplication) -> list[QTranslator]:
    """Loads the Chinese catalogues into ``app``; returns the installed translators (keep them alive)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed: list[QTranslator] = []
    for catalog in CATALOGS:
        for folder in translation_dirs():
            translator = QTranslator(app)
            if translator.load(catalog, str(folder)):
                app.installTranslator(translator)
                installed.append(translator)
                break
    return installed

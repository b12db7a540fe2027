"""Shared setup for the UI tests: Qt runs offscreen, and a Qt that cannot load fails the session.

``QT_QPA_PLATFORM`` must be set before Qt is first imported. The import below is deliberately at
module level and unguarded: if PySide6 is missing or broken, pytest reports an error while loading
this conftest and the run fails — the UI tests are never silently skipped.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

from PySide6 import QtCore, QtWidgets  # noqa: E402  (after the environment on purpose)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/ui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def _qt_loaded(qapp):
    """Every UI test runs with a working QApplication on the offscreen platform, or the session errors."""
    assert isinstance(qapp, QtWidgets.QApplication), "Qt 未能创建 QApplication"
    assert QtCore.QCoreApplication.instance() is qapp
    return qapp

"""The lock probe after every window command that shows a file dialog or touches the database file (issue 18,
scenario 1): merge an exchange file, restore a backup, back up, export an exchange file, import a 说明.

Each command runs as the clerk runs it, through Qt's own file dialog (not a scripted answer): it shows the
database's folder, and reads the first bytes of every file there to pick its icon, the database, its -wal and
-shm included. Before the store guarded its locks (``store.lock_guard``), closing that read dropped the window's
POSIX locks: another program that then opened and closed the database took itself for the last user and deleted
the -wal, and every later save of the window said 「已保存」 into a deleted file. After each command here another
process opens and closes the database, the -wal must still be there, and an edit typed afterwards must be read by
another process.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel

from helpers import answers, env, running, sample_db  # noqa: F401 - fixtures
from selfeval.exchange import pack_report, write_exchange
from selfeval.store import Store
from selfeval.store.operations import SetSection
from selfeval.ui.views import backup_actions, exchange_actions, exchange_dialogs, import_preview_dialog
from selfeval.ui.views.reports_dialog import ReportsDialog
from selfeval.ui.widgets import dialogs, last_folders

# The real file dialogs, taken before any test scripts them.
ASK_OPEN_PATH = dialogs.ask_open_path
ASK_SAVE_PATH = dialogs.ask_save_path

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX locks (Linux)")


class FileDialogs:
    """Answers Qt's own file dialog as a clerk does: goes to the database's folder, waits until the dialog has
    looked at the files there (it knows the database's type, which it reads from the file's first bytes),
    then picks the next path."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.paths: deque[Path] = deque()
        self.types_seen: list[str] = []

    def pick(self, path: Path) -> None:
        self.paths.append(path)
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(20, self._answer)
            return
        if Path(dialog.directory().absolutePath()) != self.db.parent:
            dialog.setDirectory(str(self.db.parent))
        model = dialog.findChild(QFileSystemModel)
        index = model.index(str(self.db))
        if not (index.isValid() and model.type(index)):
            QTimer.singleShot(20, self._answer)
            return
        self.types_seen.append(model.type(index))
        dialog.selectFile(str(self.paths.popleft()))
        dialog.accept()


@pytest.fixture
def file_dialogs(running, answers, monkeypatch) -> FileDialogs:
    monkeypatch.setattr(dialogs, "ask_open_path", ASK_OPEN_PATH)
    monkeypatch.setattr(dialogs, "ask_save_path", ASK_SAVE_PATH)
    folder = running.store.path.parent
    for kind in (last_folders.EXCHANGE, last_folders.BACKUP, last_folders.IMPORT):
        last_folders.remember(kind, folder)  # each kind's dialog starts there (in the test's settings)
    made = FileDialogs(running.store.path)
    yield made
    assert not made.paths, "a file dialog was never shown"


def _another_program_opens_and_closes(db: Path) -> None:
    script = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1])\n"
              "c.execute('SELECT COUNT(*) FROM reports').fetchone()\n"
              "c.close()\n")
    subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=60)


def _section_seen_by_another_program(db: Path, report_id: int, key: str) -> str:
    script = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1])\n"
              "row = c.execute('SELECT data FROM sections WHERE report_id = ? AND key = ?',"
              " (int(sys.argv[2]), sys.argv[3])).fetchone()\n"
              "sys.stdout.buffer.write(row[0].encode('utf-8'))\n"
              "c.close()\n")
    return subprocess.run([sys.executable, "-c", script, str(db), str(report_id), key], check=True, timeout=60,
                          capture_output=True).stdout.decode("utf-8")


def _probe_then_type(running, report_id: int) -> None:
    """Another program opens and closes the file; the -wal stays; then an edit of the window is saved and
    another program reads it."""
    db = running.store.path
    _another_program_opens_and_closes(db)
    assert Path(f"{db}-wal").exists(), "another program deleted the -wal under the window"
    window = running.window
    if window.report_id != report_id:
        assert window.open_report(report_id)
    section = window.session.report.section("measures").copy_with(intro="探针之后输入的文字")
    window.session.edit_section("measures", lambda: section)
    assert window.flush()
    assert "探针之后输入的文字" in _section_seen_by_another_program(db, report_id, "measures")


def _exchange_file_from_a_copy(running, folder: Path) -> Path:
    """The 科室's exchange file: a copy of the database (through SQLite), a section changed there."""
    there = folder / "科室副本.db"
    source = sqlite3.connect(str(running.store.path))
    target = sqlite3.connect(str(there))
    source.backup(target)
    target.close()
    source.close()
    with Store.open(there) as copy:
        section = copy.load(1).section("problems")
        section.intro = "科室改过的问题"
        copy.apply(SetSection(1, section))
        return write_exchange(pack_report(copy, 1, None), folder / "科室.selfeval")


def test_merge_an_exchange_file(running, file_dialogs, answers):
    file = _exchange_file_from_a_copy(running, running.store.path.parent)
    file_dialogs.pick(file)
    assert exchange_actions.unpack(running.window, running.window.session) == (1, False)
    assert file_dialogs.types_seen  # the dialog looked at the database file
    assert [title for title, _ in answers.of("inform")] == ["已合并交换文件"]
    assert running.window.session.report.section("problems").intro == "科室改过的问题"
    _probe_then_type(running, 1)


def test_export_an_exchange_file(running, file_dialogs, answers, monkeypatch):
    monkeypatch.setattr(exchange_dialogs, "ask_sections", lambda parent, report: (True, None))
    target = running.store.path.parent / "本机.selfeval"
    file_dialogs.pick(target)
    assert exchange_actions.pack(running.window, running.window.session, 1) == target
    assert target.is_file()
    _probe_then_type(running, 1)


def test_back_up_to_a_file(running, file_dialogs, answers):
    target = running.store.path.parent / "备份.db"
    file_dialogs.pick(target)
    assert backup_actions.backup_to(running.window) == target
    _probe_then_type(running, 1)


def test_restore_a_backup(running, file_dialogs, answers):
    from selfeval.store.backups import backup_to

    backup = backup_to(running.store.path, running.store.path.parent / "以前的备份.db")
    file_dialogs.pick(backup)
    answers.yes_no.append(True)
    assert backup_actions.restore_backup(running.window)
    _probe_then_type(running, 1)


def test_import_a_previous_report(running, file_dialogs, answers, monkeypatch):
    folder = running.store.path.parent
    text = Path(__file__).resolve().parents[1] / "fixtures" / "basic-info-report.txt"
    source = folder / "以往的说明.txt"
    source.write_bytes(text.read_bytes())
    monkeypatch.setattr(import_preview_dialog, "review", lambda parent, preview: preview)
    answers.yes_no.append(True)  # asked only if that unit and year are there already
    dialog = ReportsDialog(running.window.session, running.window)
    file_dialogs.pick(source)
    dialog.import_text()
    dialog.deleteLater()
    assert [title for title, _ in answers.of("inform")] == ["导入完成"]
    if answers.yes_no:
        answers.yes_no.clear()
    _probe_then_type(running, 1)

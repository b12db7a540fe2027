"""Export from the window: path asked through dialogs, pending edits included, errors as Chinese dialogs."""

from __future__ import annotations

import errno
import os
import zipfile

import pytest

from helpers import answers, commit_text, env, first_text_box, focus_in, sample_db, running, script_export_check  # noqa: F401
from selfeval.domain.export_plan import TableChoice
from selfeval.ui.views import export_action
from selfeval.ui.views.export_action import default_file_name

from selfeval.ui.views.export_choice_dialog import ask as REAL_ASK  # before the tests' answers replace it

TEXT_ONLY = TableChoice.TEXT_ONLY


@pytest.fixture(autouse=True)
def export_anyway(monkeypatch) -> list:
    """The sample has open 警告, so export asks first (tests/ui/test_review_panel.py): 仍然导出."""
    return script_export_check(monkeypatch)


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_export_writes_a_docx_with_the_pending_edit(qtbot, running, answers, env, monkeypatch):
    window = running.window
    opened: list = []
    monkeypatch.setattr(export_action, "open_folder", opened.append)
    commit_text(first_text_box(window.editors["goals"]), "导出前刚输入")
    out_dir = env / "out"
    out_dir.mkdir()
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(out_dir / "自评说明")  # no suffix typed
    answers.yes_no.append(True)  # 打开所在文件夹

    window.actions.export.trigger()

    target = out_dir / "自评说明.docx"
    assert target.is_file()
    assert "导出前刚输入" in _document_xml(target)
    # Stamped with the report and the version just saved: an edited copy can be merged back.
    from selfeval.domain.export_stamp import report_version
    from selfeval.importers.docx_revisions import read_edited_docx

    stamp = read_edited_docx(target.read_bytes()).stamp
    assert stamp.report_id == window.report_id
    assert stamp.version == report_version(window.store.load(window.report_id).to_dict())
    assert opened == [out_dir]
    assert running.settings.last_export_dir() == out_dir
    assert not answers.of("error")
    assert [kind for kind, _, _ in answers.asked] == ["table_choice", "save", "yes_no"]
    kind, title, start = answers.asked[1]
    assert start.name == "2024年度昌华街道部门整体支出绩效自评表说明.docx"
    assert "导出" in window.statusBar().currentMessage()


def test_next_export_starts_in_the_last_folder(qtbot, running, answers, env):
    out_dir = env / "exports"
    out_dir.mkdir()
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(out_dir / "a.docx")
    answers.yes_no.append(False)
    running.window.export()
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(None)  # cancelled the second time
    running.window.export()
    assert answers.asked[-1][2].parent == out_dir


def test_cancel_writes_nothing(qtbot, running, answers, env):
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(None)
    running.window.export()
    assert not list(env.glob("**/*.docx"))
    assert not answers.shown


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_shows_an_error_and_leaves_the_report(qtbot, running, answers, env):
    folder = env / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        before = running.store.load(running.window.report_id).to_dict()
        answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
        answers.save_paths.append(folder / "x.docx")
        running.window.export()
        [(title, text)] = answers.of("error")
        assert title == "导出失败" and text
        assert not (folder / "x.docx").exists()
        assert running.store.load(running.window.report_id).to_dict() == before
    finally:
        folder.chmod(0o755)


def test_missing_folder_shows_an_error(qtbot, running, answers, env):
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(env / "不存在的文件夹" / "x.docx")
    running.window.export()
    [(title, text)] = answers.of("error")
    assert title == "导出失败" and "文件夹" in text
    assert not (env / "不存在的文件夹").exists()


def test_target_that_is_a_folder_shows_an_error(qtbot, running, answers, env):
    history = len(running.store.history(running.window.report_id))
    blocker = env / "占用.docx"
    blocker.mkdir()  # a folder where the file should go: cannot be replaced, like a locked file
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(blocker)
    running.window.export()
    [(title, text)] = answers.of("error")
    assert title == "导出失败"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert blocker.is_dir()
    assert len(running.store.history(running.window.report_id)) == history


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有权限"),
                                         (errno.EIO, "无法导出")])
def test_os_errors_become_chinese_dialogs(qtbot, running, answers, env, monkeypatch, code, words):
    def failing(report, files, **kwargs):
        raise OSError(code, os.strerror(code))

    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(env / "y.docx")
    report = running.store.load(running.window.report_id)
    assert export_action.export_report(running.window, report, running.settings, export=failing) is None
    [(title, text)] = answers.of("error")
    assert words in text


def test_default_file_name_drops_characters_windows_refuses():
    assert default_file_name('a/b:c*d?"e<f>g|h') == "abcdefgh.docx"
    assert default_file_name("   ") == "绩效自评表说明.docx"


SUFFIX_CASES = [
    ("说明.", "说明.docx"),  # not 说明..docx
    ("说明..", "说明.docx"),
    ("说明. ", "说明.docx"),
    ("说明", "说明.docx"),
    ("说明.txt", "说明.txt.docx"),
    ("说明.DOCX", "说明.DOCX"),
]


@pytest.mark.parametrize("asked, written", SUFFIX_CASES)
def test_the_save_dialog_name_gets_the_same_suffix_rule_as_the_cli(qtbot, running, answers, env, asked, written):
    from selfeval.export.docx_writer import docx_target

    out_dir = env / "out"
    out_dir.mkdir()
    answers.table_choices.append(TEXT_ONLY)  # the sample has a 自评表
    answers.save_paths.append(out_dir / asked)
    answers.yes_no.append(False)
    running.window.export()
    assert sorted(p.name for p in out_dir.iterdir()) == [written]
    assert docx_target(out_dir / asked) == out_dir / written  # the one rule, which the CLI uses


def _answer_choice_dialog(qtbot, choice, seen: list) -> None:
    """When the real 导出 choice dialog shows: note what it offers and preselects, pick ``choice`` (None:
    取消)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from selfeval.ui.views.export_choice_dialog import ExportChoiceDialog

    def pick():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportChoiceDialog):
            QTimer.singleShot(10, pick)
            return
        seen.append(([b.text() for b in dialog.buttons.values()], dialog.choice()))
        if choice is None:
            dialog.reject()
        else:
            dialog.buttons[choice].click()
            dialog.ok_button.click()

    QTimer.singleShot(0, pick)


def test_ctrl_e_asks_what_to_export_and_writes_both_files(qtbot, running, answers, env, monkeypatch):
    from PySide6.QtCore import Qt

    from selfeval.ui.views import export_choice_dialog

    monkeypatch.setattr(export_choice_dialog, "ask", REAL_ASK)  # the dialog itself, driven like a user
    window = running.window
    window.tabs.setCurrentIndex(window.tabs.keys.index("goals"))
    box = first_text_box(window.editors["goals"])
    focus_in(qtbot, box)  # a clerk typing in the window presses Ctrl+E
    out_dir = env / "out"
    out_dir.mkdir()
    seen: list = []
    _answer_choice_dialog(qtbot, TableChoice.SEPARATE, seen)
    answers.save_paths.append(out_dir / "自评说明")
    answers.yes_no.append(False)
    qtbot.keyClick(box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(answers.of("error")) or (out_dir / "自评说明（自评表）.docx").exists(), timeout=10_000)
    assert seen == [(["自评表和说明（同一文件，自评表在前）", "自评表和说明（两个文件）", "仅说明"], TableChoice.COMBINED)]
    text, table = out_dir / "自评说明.docx", out_dir / "自评说明（自评表）.docx"
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([text.name, table.name])
    assert "<w:tbl>" not in _document_xml(text) and "部门整体支出绩效自评表" in _document_xml(table)
    assert running.settings.export_table_choice() == "separate"
    # The next export offers the remembered choice; 取消 there writes nothing more.
    _answer_choice_dialog(qtbot, None, seen)
    window.actions.export.trigger()
    assert seen[-1][1] is TableChoice.SEPARATE and not answers.save_paths
    assert len(list(out_dir.iterdir())) == 2 and not answers.shown


def test_one_file_with_the_table_first(qtbot, running, answers, env):
    answers.table_choices.append(TableChoice.COMBINED)
    answers.save_paths.append(env / "全部.docx")
    answers.yes_no.append(False)
    running.window.export()
    assert [p.name for p in env.glob("*.docx")] == ["全部.docx"]
    xml = _document_xml(env / "全部.docx")
    assert xml.index("部门整体支出绩效自评表") < xml.index("绩效自评情况")


def test_a_report_whose_table_is_empty_is_exported_without_asking(qtbot, running, answers, env):
    from selfeval.store import SetField
    from selfeval.bundled.templates import get_template

    window = running.window
    window.session.run_op(SetField(window.report_id, "table", get_template().table.new_table()), "清空自评表")
    answers.save_paths.append(env / "说明.docx")
    answers.yes_no.append(False)
    window.export()
    assert [kind for kind, _, _ in answers.asked] == ["save", "yes_no"]
    assert "<w:tbl>" not in _document_xml(env / "说明.docx")


def test_the_other_files_stay_untouched_when_the_table_file_is_read_only(qtbot, running, answers, env):
    text, table = env / "说明.docx", env / "说明（自评表）.docx"
    text.write_bytes(b"old")
    table.write_bytes(b"old table")
    table.chmod(0o444)
    answers.table_choices.append(TableChoice.SEPARATE)
    answers.save_paths.append(text)
    running.window.export()
    [(title, message)] = answers.of("error")
    assert title == "导出失败" and "说明（自评表）.docx" in message and "只读" in message
    assert text.read_bytes() == b"old" and table.read_bytes() == b"old table"

"""Export from the window: path asked through dialogs, pending edits included, errors as Chinese dialogs."""

from __future__ import annotations

import errno
import os
import zipfile

import pytest

from helpers import answers, commit_text, env, first_text_box, sample_db, running  # noqa: F401
from selfeval.ui.views import export_action
from selfeval.ui.views.export_action import default_file_name


@pytest.fixture(autouse=True)
def export_anyway(monkeypatch) -> list:
    """The sample has open 警告, so export asks first (tests/ui/test_review_panel.py): 仍然导出."""
    from selfeval.ui.views import export_check_dialog

    asked: list = []
    monkeypatch.setattr(export_check_dialog, "ask", lambda parent, findings, report: (
        asked.append(findings) or (export_check_dialog.EXPORT, None)))
    return asked


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
    answers.save_paths.append(out_dir / "自评说明")  # no suffix typed
    answers.yes_no.append(True)  # 打开所在文件夹

    window.actions.export.trigger()

    target = out_dir / "自评说明.docx"
    assert target.is_file()
    assert "导出前刚输入" in _document_xml(target)
    assert opened == [out_dir]
    assert running.settings.last_export_dir() == out_dir
    assert not answers.of("error")
    kind, title, start = answers.asked[0]
    assert start.name == "2024年度昌华街道部门整体支出绩效自评表说明.docx"
    assert "导出" in window.statusBar().currentMessage()


def test_next_export_starts_in_the_last_folder(qtbot, running, answers, env):
    out_dir = env / "exports"
    out_dir.mkdir()
    answers.save_paths.append(out_dir / "a.docx")
    answers.yes_no.append(False)
    running.window.export()
    answers.save_paths.append(None)  # cancelled the second time
    running.window.export()
    assert answers.asked[-1][2].parent == out_dir


def test_cancel_writes_nothing(qtbot, running, answers, env):
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
        answers.save_paths.append(folder / "x.docx")
        running.window.export()
        [(title, text)] = answers.of("error")
        assert title == "导出失败" and text
        assert not (folder / "x.docx").exists()
        assert running.store.load(running.window.report_id).to_dict() == before
    finally:
        folder.chmod(0o755)


def test_missing_folder_shows_an_error(qtbot, running, answers, env):
    answers.save_paths.append(env / "不存在的文件夹" / "x.docx")
    running.window.export()
    [(title, text)] = answers.of("error")
    assert title == "导出失败" and "文件夹" in text
    assert not (env / "不存在的文件夹").exists()


def test_target_that_is_a_folder_shows_an_error(qtbot, running, answers, env):
    history = len(running.store.history(running.window.report_id))
    blocker = env / "占用.docx"
    blocker.mkdir()  # a folder where the file should go: cannot be replaced, like a locked file
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
    def failing(report, path):
        raise OSError(code, os.strerror(code))

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
    answers.save_paths.append(out_dir / asked)
    answers.yes_no.append(False)
    running.window.export()
    assert sorted(p.name for p in out_dir.iterdir()) == [written]
    assert docx_target(out_dir / asked) == out_dir / written  # the one rule, which the CLI uses

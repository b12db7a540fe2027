"""Paths that are hard to reach from outside: unexpected errors, a missing Qt."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from selfeval.cli import commands
from selfeval.cli import main as cli


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("SELFEVAL_DEBUG", raising=False)
    return tmp_path / "logs"


def _explode(args):
    raise RuntimeError("boom inside")


def test_unexpected_error_one_line_and_a_log(monkeypatch, capsys, log_dir: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(commands, "cmd_templates", _explode)
    code = cli.main(["templates"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "发生意外错误" in err and "Traceback" not in err
    log = log_dir / "selfeval.log"
    assert str(log) in err
    assert "RuntimeError: boom inside" in log.read_text(encoding="utf-8")


def test_debug_env_shows_the_traceback(monkeypatch, log_dir: Path) -> None:
    monkeypatch.setattr(commands, "cmd_templates", _explode)
    monkeypatch.setenv("SELFEVAL_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom inside"):
        cli.main(["templates"])


def test_missing_qt_gives_a_chinese_line(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("SELFEVAL_DEBUG", raising=False)
    monkeypatch.setitem(sys.modules, "selfeval.ui.app.start", None)  # "import selfeval.ui.app.start" raises ImportError
    code = cli.main(["--db", str(tmp_path / "x.db")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_NO_DESKTOP
    assert len(err.strip().splitlines()) == 1 and "无法启动桌面程序" in err


def test_desktop_gets_db_and_report(monkeypatch, tmp_path: Path) -> None:
    import types

    seen = {}
    fake = types.ModuleType("selfeval.ui.app.start")
    fake.run = lambda db_path, report_id, open_file=None: seen.update(db=db_path, report=report_id,
                                                                     open_file=open_file) or 0
    monkeypatch.setitem(sys.modules, "selfeval.ui.app.start", fake)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert cli.main(["--db", str(tmp_path / "x.db"), "--report", "7"]) == 0
    assert seen == {"db": tmp_path / "x.db", "report": 7, "open_file": None}
    assert cli.main([]) == 0 and seen == {"db": None, "report": None, "open_file": None}
    assert cli.main(["--open", str(tmp_path / "科室.selfeval")]) == 0
    assert seen["open_file"] == tmp_path / "科室.selfeval"


def test_table_lines_up_chinese() -> None:
    from selfeval.cli.table import display_width, format_table

    lines = format_table(["编号", "单位"], [["1", "昌华街道"], ["12", "x"]]).splitlines()

    def column(line: str, cell: str) -> int:
        return display_width(line[:line.index(cell)])

    assert column(lines[0], "单位") == column(lines[1], "昌华街道") == column(lines[2], "x") == 6


def test_read_commands_fall_back_to_read_only(monkeypatch, capsys, tmp_path: Path) -> None:
    import os

    from selfeval.store import Store

    db = tmp_path / "x.db"
    assert cli.main(["--db", str(db), "templates"]) == 0
    with Store.open(db) as store:
        from selfeval.bundled.templates import get_template

        store.create(get_template().new_report(unit_short="甲", year=2024))
    opened = []
    real_open = Store.open.__func__

    def spy(cls, path=None, *, read_only=False, **kwargs):
        opened.append(read_only)
        return real_open(cls, path, read_only=read_only, **kwargs)

    monkeypatch.setattr(Store, "open", classmethod(spy))
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # a file this user may not write
    assert cli.main(["--db", str(db), "list"]) == 0
    assert "甲" in capsys.readouterr().out
    assert opened == [True]
    cli.main(["--db", str(db), "sample"])
    assert opened[-1] is False  # commands that write never ask for read-only

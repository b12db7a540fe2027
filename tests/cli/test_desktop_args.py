"""A start without a subcommand (the desktop window) is read by a parser of its three options alone;
what it reads is what the full parser reads, and anything else goes to the full parser."""

import pytest

from selfeval.cli import main as cli


@pytest.mark.parametrize("argv", [
    [],
    ["--db", "报告/selfeval.db"],
    ["--report", "3"],
    ["--report=３"],  # full-width digits, as a Chinese input method types them
    ["--db=x.db", "--report", "12", "--open", "交换.selfeval"],
    ["--open", "a b.selfeval", "--db", "x.db"],
])
def test_desktop_options_read_as_the_full_parser_reads_them(argv):
    quick = cli.desktop_args(argv)
    assert quick is not None
    assert vars(quick) == {k: v for k, v in vars(cli.build_parser().parse_args(argv)).items()}


@pytest.mark.parametrize("argv", [
    ["list"], ["--db", "x.db", "list"], ["--help"], ["-h"], ["--version"], ["--rep", "3"],
    ["--db"],  # a value missing: the full parser says so
    ["--report", "3", "export", "3"],
])
def test_anything_else_goes_to_the_full_parser(argv):
    assert cli.desktop_args(argv) is None


def test_a_bad_value_gets_the_same_chinese_message(capsys):
    with pytest.raises(SystemExit) as quick:
        cli.desktop_args(["--report", "零"])
    quick_err = capsys.readouterr().err
    with pytest.raises(SystemExit) as full:
        cli.build_parser().parse_args(["--report", "零"])
    assert quick.value.code == full.value.code == cli.EXIT_USER_ERROR
    assert quick_err == capsys.readouterr().err
    assert "报告编号应为正整数" in quick_err


def test_the_desktop_start_pauses_garbage_collection_only_while_it_starts(monkeypatch):
    import gc
    import sys
    import types

    seen = {}

    def fake_run(db_path, report_id, open_file):
        seen["collecting"] = gc.isenabled()
        seen["args"] = (db_path, report_id, open_file)
        return 0

    monkeypatch.setattr(cli, "_no_display", lambda: False)
    monkeypatch.setitem(sys.modules, "selfeval.ui.app.start", types.SimpleNamespace(run=fake_run))
    assert gc.isenabled()
    try:
        assert cli.main(["--report", "5"]) == 0
        # paused while the window's code was imported and run (``run`` resumes it at the first paint),
        # and on in any case once the app has ended
        assert seen["collecting"] is False and seen["args"] == (None, 5, None)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_missing_qt_resumes_garbage_collection(monkeypatch, capsys):
    import gc
    import sys

    monkeypatch.setattr(cli, "_no_display", lambda: False)
    monkeypatch.setitem(sys.modules, "selfeval.ui.app.start", None)  # import fails: ImportError
    try:
        assert cli.main([]) == cli.EXIT_NO_DESKTOP
        assert gc.isenabled()
    finally:
        gc.enable()
    assert "无法启动桌面程序" in capsys.readouterr().err

"""The command line as a careless or hostile user types it: every refusal is one Chinese line."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from robust_support import CHINESE, PYTHON_WORDS, one_chinese_line, run, sample_text_file

import selfeval.cli.main as cli
from selfeval.cli import commands

# Every subcommand's name, as the parser knows it: a name alone on a help line says nothing in English.
ALL_NAMES = sorted(next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices,
                   key=len, reverse=True)
# Words of argparse's own English that must not show in the help ("usage:", "options:", …).
ENGLISH_HELP = re.compile(r"\b(usage|options|optional arguments|positional arguments|show this help|"
                          r"message and exit|program's version|default)\b", re.IGNORECASE)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data.db"
    result = run(tmp_path, "--db", str(path), "sample")
    assert result.code == 0, result.err
    return path


@pytest.mark.parametrize("args", [[], *[[name] for name in sorted(ALL_NAMES)]])
def test_every_help_is_chinese(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, *args, "--help")
    assert result.code == 0 and result.err == ""
    assert result.out.startswith("用法：selfeval")
    assert not ENGLISH_HELP.search(result.out), result.out
    # every line that says something says it in Chinese (option names and metavars aside)
    for line in result.out.splitlines():
        words = re.sub(r"--?[a-z][a-z-]*|\{[a-z0-9,-]+\}|selfeval|[\[\]{}.,|:：…\-_ ]|GB/T|9704-2012|\.docx|UTF-8|GBK|GB18030|"
                       r"SELFEVAL_DB|selfeval\.db|-o|-h|\.pdf|PDF|LibreOffice|" + "|".join(map(re.escape, ALL_NAMES)),
                       "", line)
        assert not re.search(r"[A-Za-z]{3,}", words) or CHINESE.search(line), line


@pytest.mark.parametrize("args, words", [
    (["export", "99999999999999999999", "-o", "x.docx"], "过大"),  # larger than SQLite's integers
    (["history", "99999999999999999999"], "过大"),
    (["--report", "99999999999999999999", "export", "-o", "x.docx"], "过大"),
    (["export", "1_0", "-o", "x.docx"], "正整数"),  # int() would read 10
    (["export", "١", "-o", "x.docx"], "正整数"),  # int() would read this Arabic-Indic digit as 1
    (["export", "-1", "-o", "x.docx"], "正整数"),
    (["--report", "abc", "list"], "正整数"),
    (["history", "1", "--limit", "0"], "正整数"),
    (["frobnicate"], "无效的选择"),
    (["export", "1"], "-o"),
    (["--db"], "需要一个值"),
])
def test_bad_numbers_and_usage_are_one_chinese_line(tmp_path: Path, db: Path, args: list[str], words: str) -> None:
    line = one_chinese_line(run(tmp_path, "--db", str(db), *args))
    assert words in line, line
    assert not (tmp_path / "x.docx").exists()


def test_full_width_digits_from_a_chinese_input_method_are_an_id(tmp_path: Path, db: Path) -> None:
    result = run(tmp_path, "--db", str(db), "export", "１", "-o", "全角.docx")
    assert result.code == 0, result.err
    assert (tmp_path / "全角.docx").exists()


def test_a_huge_limit_lists_the_whole_history(tmp_path: Path, db: Path) -> None:
    result = run(tmp_path, "--db", str(db), "history", "1", "--limit", "99999999999999999999")
    assert result.code == 0, result.err
    assert "示例报告" in result.out


def test_a_failed_import_prints_only_why_not_the_notices_of_the_text(tmp_path: Path) -> None:
    """The import notices (页码、接合、数据…) are for a report that was saved; when the database refuses
    it, the user reads one line saying why."""
    bad = tmp_path / "not-a-db.db"
    bad.write_text("这不是数据库", encoding="utf-8")
    line = one_chinese_line(run(tmp_path, "--db", str(bad), "import", str(sample_text_file())))
    assert "不是绩效自评编制工具的数据库" in line


def test_a_file_name_that_is_not_utf8_imports_and_its_history_shows_it(tmp_path: Path) -> None:
    """A GBK file name on a UTF-8 system (a USB stick from Windows): Python hands it over with lone
    surrogates, which SQLite and the log cannot take; the name is kept with 「\ufffd」 in their place."""
    import os
    import shutil

    if os.name != "posix":
        pytest.skip("byte file names are a POSIX thing")
    name = "说明".encode("gbk") + b".txt"
    target = os.path.join(os.fsencode(tmp_path), name)
    shutil.copyfile(sample_text_file(), target)
    db = tmp_path / "data.db"
    result = run(tmp_path, "--db", str(db), "import", os.fsdecode(target))
    assert result.code == 0, result.err
    assert not PYTHON_WORDS.search(result.err)
    history = run(tmp_path, "--db", str(db), "history", result.last_line)
    shown = re.search(r"由文本文件“(.*)”导入", history.out).group(1)
    assert shown.endswith("\ufffd.txt") and shown == os.fsdecode(name).encode(
        "utf-8", "surrogateescape").decode("utf-8", "replace")


def test_an_unexpected_error_names_no_python_exception_and_survives_an_undecodable_argument(
        monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("SELFEVAL_DEBUG", raising=False)

    def explode(args):
        raise KeyError("internal")

    monkeypatch.setattr(commands, "cmd_import", explode)
    code = cli.main(["import", "bad\udcff\udcfe.txt"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err  # no "--- Logging error ---" either
    assert "发生意外错误" in err and not PYTHON_WORDS.search(err)
    log = (tmp_path / "logs" / "selfeval.log").read_text(encoding="utf-8")
    assert "KeyError" in log and "bad\ufffd\ufffd.txt" in log


def test_a_template_id_is_taken_as_typed_or_pasted_and_an_unknown_one_lists_the_others(tmp_path: Path) -> None:
    db = tmp_path / "data.db"
    result = run(tmp_path, "--db", str(db), "import", str(sample_text_file()), "--template", " BASIC-info-2024 ")
    assert result.code == 0, result.err
    from selfeval.store import Store

    with Store.open(db, read_only=True) as store:
        assert store.info(int(result.last_line)).template_id == "basic-info-2024"
    line = one_chinese_line(run(tmp_path, "--db", str(db), "import", str(sample_text_file()),
                                "--template", "../../etc/passwd"))
    assert "找不到大纲模板" in line and "liwan-street-2024" in line and "basic-info-2024" in line


@pytest.mark.skipif(__import__("os").name != "posix", reason="closes the descriptor in the child (POSIX)")
def test_a_command_started_with_its_output_closed_still_does_its_work(tmp_path: Path) -> None:
    """Started from a scheduler with stdout closed (Python then has no sys.stdout), or by the windowed
    Windows build: the report is still added, nothing is reported as an unexpected error."""
    import subprocess

    from robust_support import clean_env, command

    db = tmp_path / "data.db"
    proc = subprocess.run(command("--db", str(db), "sample"), stdout=None, stderr=subprocess.PIPE,
                          env=clean_env(tmp_path), cwd=tmp_path, pass_fds=(), close_fds=True,
                          preexec_fn=lambda: __import__("os").close(1), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert "已添加示例报告" in proc.stderr.decode("utf-8")
    assert run(tmp_path, "--db", str(db), "list").out.count("昌华街道") == 1

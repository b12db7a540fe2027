"""``selfeval summary`` as users run it: real processes, a folder of mixed submissions."""

import subprocess
import sys
from pathlib import Path

import pytest

from selfeval.export.layout_check import check_layout, failures

EXE = Path(sys.executable).with_name("selfeval")


def run(*args, cwd=None):
    return subprocess.run([str(EXE), "summary", *map(str, args)], capture_output=True, text=True, timeout=300, cwd=cwd)


@pytest.mark.slow
def test_new_add_list_check_export(tmp_path, submissions):
    folder, written = submissions
    ws = tmp_path / "2024.db"
    assert run("new", ws).returncode == 0
    assert run("new", ws).returncode == 2  # exists: refused
    added = run("add", ws, folder)
    assert added.returncode == 1  # bad files were reported
    lines = added.stdout.splitlines()
    assert sum(1 for line in lines if line.startswith("导入")) == 36
    assert sum(1 for line in lines if line.startswith("未导入")) == 4
    assert "新加入 36 个" in added.stderr
    again = run("add", ws, folder / next(iter(written["units"])))
    assert again.returncode == 0 and "未改动" in again.stdout

    listed = run("list", ws, "--sort", "执行率", "--filter", "low-rate")
    assert listed.returncode == 0, listed.stderr
    assert "合计（筛选后" in listed.stdout
    assert run("list", ws, "--sort", "颜色").returncode == 2

    checked = run("check", ws)
    assert checked.returncode == 1  # a submission of another year is an 错误
    assert "[跨单位] 基本信息 · 年度" in checked.stdout and "批量审核完成" in checked.stderr

    xlsx = tmp_path / "汇总.xlsx"
    assert run("export", ws, "-o", xlsx).returncode == 0
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["单位", "审核结果", "合计"]
    assert wb["单位"].max_row == 37
    docx = tmp_path / "汇总.docx"
    exported = run("export", ws, "-o", docx, "--last-year", ws)
    assert exported.returncode == 0, exported.stderr
    assert not failures(check_layout(docx))
    import docx as python_docx

    document = python_docx.Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "本次汇总共收到 36 个单位" in text and "与上年比较" in text
    assert len(document.inline_shapes) == 3  # 执行率, 等级, 得分变化


def test_summary_commands_do_not_load_qt():
    code = ("import sys; from selfeval.cli.main import build_parser; build_parser();"
            "import selfeval.app.summary.exports, selfeval.export.summary_charts;"
            "bad=[m for m in sys.modules if m.startswith('PySide6')]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)

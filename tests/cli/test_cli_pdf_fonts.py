"""selfeval export -o x.pdf on a PC without the official fonts (issue 23, item 1): a stderr line names
each substitution before the PDF is written, and the PDF uses free fonts of the same kind (pdffonts), not
the office suite's sans font for everything."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_runner import clean_env, run
from selfeval.domain.official_fonts import missing_fonts
from selfeval.system.installed_fonts import installed_families

pytestmark = pytest.mark.slow


def _pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("soffice") is None,
                    reason="needs LibreOffice and poppler-utils (scripts/bootstrap.sh)")
def test_pdf_export_names_and_uses_substitute_fonts(tmp_path: Path, db: Path) -> None:
    families = installed_families()
    assert families is not None
    if not missing_fonts(families):
        pytest.skip("this PC has the official fonts")
    env = clean_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"), TMPDIR=str(tmp_path))
    result = run(tmp_path, "--db", str(db), "sample", env=env)
    assert result.code == 0, result.err
    rid = result.last_line
    out = tmp_path / "说明.pdf"
    result = run(tmp_path, "--db", str(db), "export", rid, "-o", str(out), "--table", env=env)
    assert result.code == 0, result.err
    line = next(line for line in result.err.splitlines() if "本机没有部分公文字体" in line)
    assert "“仿宋_GB2312”改用“Noto Serif CJK SC”" in line
    assert "“楷体_GB2312”改用“AR PL UKai CN”" in line
    fonts = _pdf_fonts(out)
    assert "NotoSerifCJK" in fonts  # the body's 仿宋 stand-in, not sans
    assert "UKai" in fonts  # the 楷体 headings
    assert "NotoSansCJK" in fonts  # 黑体 is a sans font

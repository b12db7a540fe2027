"""A long PDF (500 pages, made in the test) is read with progress and can be cancelled; the CLI prints
its progress on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run
from long_pdf import long_pdf

from selfeval.importers import ImportCancelled, preview_file


@pytest.fixture(scope="module")
def pdf_500(tmp_path_factory) -> Path:
    return long_pdf(tmp_path_factory.mktemp("long") / "长文件.pdf", pages=500)


@pytest.mark.slow
def test_a_500_page_pdf_reports_each_page_and_imports(pdf_500: Path):
    seen: list[tuple[int, int]] = []
    preview = preview_file(pdf_500, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 500) and seen[-1] == (500, 500)
    assert [d for d, _ in seen] == list(range(501))
    text = "\n".join(s.plain_text() for s in preview.report.sections)
    assert "page 500, line 30." in text and "page 250, line 15." in text


def test_reading_stops_when_the_progress_says_so(pdf_500: Path):
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 3

    with pytest.raises(ImportCancelled, match="已取消导入"):
        preview_file(pdf_500, progress=progress)
    assert seen == [0, 1, 2, 3]  # nothing read after the cancel


@pytest.mark.slow
def test_the_cli_import_prints_its_progress_on_stderr(tmp_path: Path, pdf_500: Path):
    result = run(tmp_path, "--db", str(tmp_path / "r.db"), "import", str(pdf_500), "--preview")
    assert result.code == 0, result.err
    progress = [line for line in result.err.splitlines() if line.startswith("正在读取")]
    assert progress[0] == "正在读取：第 0/500 页" and progress[-1] == "正在读取：第 500/500 页"
    assert 10 <= len(progress) <= 12
    assert "正在读取" not in result.out

"""Writing an export's files together (``plan_writer.export_planned``, ``atomic.write_all_atomic``): both
targets checked before either is written, and never half an export."""

from __future__ import annotations

import datetime as dt
import os

import docx
import pytest

from selfeval.export import atomic
from selfeval.export.errors import ExportError
from selfeval.domain.export_plan import TableChoice, plan_files
from selfeval.export.plan_writer import export_planned
from selfeval.bundled.report_table import table_of
from selfeval.bundled.samples import bundled_sample

WHEN = dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def sample():
    report = bundled_sample()
    return report, table_of(report)


def _tables(path) -> int:
    return len(docx.Document(str(path)).tables)


def test_two_files_hold_the_text_and_the_table(tmp_path, sample):
    report, table = sample
    files = plan_files(tmp_path / "说明.docx", TableChoice.SEPARATE, True)
    written = export_planned(report, files, table=table, when=WHEN)
    assert written == [tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"]
    assert _tables(written[0]) == 0 and _tables(written[1]) == 2
    assert docx.Document(str(written[0])).paragraphs[0].text.replace("\n", "") == report.title
    assert sorted(p.name for p in tmp_path.iterdir()) == ["说明.docx", "说明（自评表）.docx"]


def test_one_file_holds_the_table_first(tmp_path, sample):
    report, table = sample
    written = export_planned(report, plan_files(tmp_path / "a.docx", TableChoice.COMBINED, True), table=table,
                             when=WHEN)
    assert written == [tmp_path / "a.docx"] and _tables(written[0]) == 2


def test_a_read_only_second_file_stops_the_export_before_the_first_is_written(tmp_path, sample):
    report, table = sample
    first, second = tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"
    first.write_bytes(b"old text")
    second.write_bytes(b"old table")
    second.chmod(0o444)
    with pytest.raises(ExportError) as caught:
        export_planned(report, plan_files(first, TableChoice.SEPARATE, True), table=table, when=WHEN)
    assert "说明（自评表）.docx" in str(caught.value) and "只读" in str(caught.value)
    assert first.read_bytes() == b"old text" and second.read_bytes() == b"old table"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["说明.docx", "说明（自评表）.docx"]


def test_a_failed_second_rename_puts_the_first_file_back(tmp_path, sample, monkeypatch):
    report, table = sample
    first, second = tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"
    first.write_bytes(b"old text")
    real_replace = os.replace

    def replace(src, dst):
        if str(dst) == str(second):
            raise PermissionError(13, "locked")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(ExportError) as caught:
        export_planned(report, plan_files(first, TableChoice.SEPARATE, True), table=table, when=WHEN)
    assert "说明（自评表）.docx" in str(caught.value)
    assert first.read_bytes() == b"old text" and not second.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["说明.docx"]  # no temporary file left


def test_a_failed_second_rename_removes_a_first_file_that_was_new(tmp_path, sample, monkeypatch):
    report, table = sample
    first, second = tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"
    real_replace = os.replace
    monkeypatch.setattr(atomic.os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(5, "I/O error"))
                        if str(dst) == str(second) else real_replace(src, dst))
    with pytest.raises(ExportError):
        export_planned(report, plan_files(first, TableChoice.SEPARATE, True), table=table, when=WHEN)
    assert list(tmp_path.iterdir()) == []


def test_a_file_another_program_holds_is_named_before_anything_is_written(tmp_path, sample, monkeypatch):
    """Windows refuses to open a document Word holds; the check opens each existing target first."""
    report, table = sample
    first, second = tmp_path / "说明.docx", tmp_path / "说明（自评表）.docx"
    first.write_bytes(b"old text")
    second.write_bytes(b"old table")
    real_open = open

    def held_open(path, mode="r", *args, **kwargs):
        if str(path) == str(second) and mode == "r+b":
            raise PermissionError(13, "sharing violation")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", held_open)
    with pytest.raises(ExportError) as caught:
        export_planned(report, plan_files(first, TableChoice.SEPARATE, True), table=table, when=WHEN)
    assert str(caught.value) == ("文件“说明（自评表）.docx”正被其他程序（如 Word 或 WPS）打开，或没有写入权限；"
                                 "请关闭该文件后重试。")
    assert first.read_bytes() == b"old text"


def test_a_converter_turns_each_file(tmp_path, sample):
    report, table = sample
    files = plan_files(tmp_path / "说明.pdf", TableChoice.SEPARATE, True)
    written = export_planned(report, files, table=table, when=WHEN, convert=lambda data: b"PDF" + data[:2])
    assert [p.read_bytes() for p in written] == [b"PDFPK", b"PDFPK"]

"""The one export workflow (``app.export_report``): the choices the window and the CLI hand it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from selfeval.app.export_report import choice_for, export_report, page_plan
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.export_plan import Part, TableChoice
from selfeval.export.errors import ExportError


def test_each_choice_writes_its_files_with_the_suffix_rule(tmp_path):
    report = bundled_sample()
    assert export_report(report, tmp_path / "a", choice=TableChoice.TEXT_ONLY).files == (tmp_path / "a.docx",)
    two = export_report(report, tmp_path / "b.docx", choice=TableChoice.SEPARATE)
    assert two.files == (tmp_path / "b.docx", tmp_path / "b（自评表）.docx") and not two.renamed
    combined = export_report(report, tmp_path / "c.txt", choice=TableChoice.COMBINED)
    assert combined.files == (tmp_path / "c.txt.docx",) and combined.renamed
    assert docx.Document(str(combined.files[0])).tables and not docx.Document(str(two.files[0])).tables


def test_a_target_that_cannot_be_written_is_one_message_and_no_file(tmp_path):
    folder = tmp_path / "missing" / "x.docx"
    with pytest.raises(ExportError):
        export_report(bundled_sample(), folder, choice=TableChoice.SEPARATE)
    assert not list(tmp_path.rglob("*.docx"))


def test_the_preview_plan_and_the_choice_follow_the_table():
    report = bundled_sample()
    assert page_plan(report, TableChoice.SEPARATE).parts == (Part.TABLE, Part.TEXT)
    assert page_plan(report, TableChoice.TEXT_ONLY).parts == (Part.TEXT,)
    empty = report.copy()
    empty.table = type(report.table)()
    assert choice_for(empty, TableChoice.COMBINED) is TableChoice.TEXT_ONLY
    assert choice_for(report, TableChoice.SEPARATE) is TableChoice.SEPARATE


def test_the_table_alone_as_word_is_the_same_workflow_for_the_cli(tmp_path):
    """``export_table_docx`` (``selfeval export-table X.docx``): the suffix rule, the table only, landscape when
    asked, and one message with nothing written when the target cannot be written."""
    from selfeval.app.export_report import export_table_docx

    report = bundled_sample()
    written = export_table_docx(report, tmp_path / "表", landscape=True)
    assert written == tmp_path / "表.docx"
    document = docx.Document(str(written))
    assert document.tables and document.sections[0].page_width > document.sections[0].page_height
    with pytest.raises(ExportError):
        export_table_docx(report, tmp_path / "missing" / "表.docx")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["表.docx"]

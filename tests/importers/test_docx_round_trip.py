"""Property: any report exported to .docx and imported back is the same report, on the same outline
(found, not given)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from loop import examples
from test_round_trip import reports

from selfeval.domain.document import report_text
from selfeval.export import export_docx
from selfeval.importers import import_file, import_text


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_report_exported_to_word_imports_back_the_same(report):
    with tempfile.TemporaryDirectory() as folder:
        result = import_file(export_docx(report, Path(folder) / "说明.docx"))
    again = result.report
    assert again.template_id == report.template_id
    assert report_text(again) == report_text(report)
    assert (again.year, again.unit_short, again.title_override) == (report.year, report.unit_short, "")
    assert (again.signature, again.sign_date) == (report.signature, report.sign_date)
    assert not any(s.extra for s in again.sections)
    # the same report the text import makes of the same text: figures, leads, kinds and all
    assert again.to_dict() == import_text(report_text(report)).report.to_dict()

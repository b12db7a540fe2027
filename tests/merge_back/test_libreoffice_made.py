"""A file really made by LibreOffice: the export opened in LibreOffice (as flat ODF), 修订 and a 批注 added in
ODF's own markup, saved as .docx by LibreOffice itself — its tracked-change and comment conventions, and
its rewrite of the custom properties — then merged back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from selfeval.app.merge_back import plan_merge_back
from selfeval.bundled.report_table import table_landscape, table_of
from selfeval.bundled.samples import bundled_sample
from selfeval.domain.export_stamp import ExportStamp
from selfeval.domain.merge import Decision
from selfeval.export.package import docx_bytes

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")]

INFO = ('<office:change-info><dc:creator>张审核</dc:creator><dc:date>2025-03-02T10:15:00</dc:date>'
        '</office:change-info>')


def _convert(source: Path, to: str, out: Path, profile: Path) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", to,
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    made = out / (source.stem + "." + to.split(":")[0])
    assert made.is_file()
    return made


def _reviewed_in_odf(fodt: str) -> str:
    """「筑牢」 replaced by 「夯实」 (a deletion and an insertion) and a comment on 「零基预算」, in ODF markup."""
    changes = ('<text:tracked-changes text:track-changes="true">'
               f'<text:changed-region xml:id="ct1" text:id="ct1"><text:deletion>{INFO}<text:p>筑牢</text:p>'
               '</text:deletion></text:changed-region>'
               f'<text:changed-region xml:id="ct2" text:id="ct2"><text:insertion>{INFO}</text:insertion>'
               '</text:changed-region></text:tracked-changes>')
    opening = re.search(r"<office:text[^>]*>", fodt)
    fodt = fodt[:opening.end()] + changes + fodt[opening.end():]
    assert "筑牢基层党建根基" in fodt and "零基预算" in fodt
    fodt = fodt.replace("筑牢基层党建根基", '<text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>'
                        '夯实<text:change-end text:change-id="ct2"/>基层党建根基', 1)
    return fodt.replace("零基预算", '<office:annotation office:name="a1"><dc:creator>张审核</dc:creator>'
                        '<dc:date>2025-03-02T10:15:00</dc:date><text:p>请补充成效。</text:p></office:annotation>'
                        '零基预算<office:annotation-end office:name="a1"/>', 1)


def test_a_document_saved_by_libreoffice_with_its_tracked_changes_merges_back(store, tmp_path):
    report_id = store.create(bundled_sample())
    report = store.load(report_id)
    stamp = ExportStamp.of(report_id, store.info(report_id).created_at, report)
    exported = tmp_path / "导出.docx"
    exported.write_bytes(docx_bytes(report, table=table_of(report), landscape=table_landscape(report), stamp=stamp))
    profile = tmp_path / "profile"
    fodt = _convert(exported, "fodt", tmp_path / "odf", profile)
    fodt.write_text(_reviewed_in_odf(fodt.read_text(encoding="utf-8")), encoding="utf-8")
    saved = _convert(fodt, "docx:MS Word 2007 XML", tmp_path / "saved", profile)

    plan = plan_merge_back(store, saved.read_bytes(), saved.name)
    assert plan.edited.stamp == stamp  # LibreOffice rewrote the custom properties and kept ours
    assert {(r.kind, r.text, r.author) for r in plan.revisions} == {("del", "筑牢", "张审核"), ("ins", "夯实", "张审核")}
    assert [(c.author, c.text, c.anchor, key) for c, key in plan.comment_places] == \
        [("张审核", "请补充成效。", "零基预算", "efficiency")]
    assert {i.key: i.decision for i in plan.changes} == {"goals": Decision.THEIRS}  # its table reads as ours
    store.apply(plan.operation(keep_comments=True))
    merged = store.load(report_id)
    assert "夯实基层党建根基" in merged.section("goals").plain_text()
    assert merged.section("efficiency").notes == ["张审核（针对“零基预算”）：请补充成效。"]

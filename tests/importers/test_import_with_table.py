"""A 说明 exported with its 自评表 (``selfeval export … --table``: the 「部门整体支出绩效自评表」 pages first, then the
说明) imports back as the same report: the title and unit from the 说明's own title, the form into the 自评表.
Real processes: the CLI as users run it."""

import subprocess
import sys
from pathlib import Path

import pytest

from selfeval.domain.document import report_text
from selfeval.exchange.file_format import parse_bytes

EXE = Path(sys.executable).with_name("selfeval")


def run(db: Path, *args) -> str:
    result = subprocess.run([str(EXE), "--db", str(db), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def packed(db: Path, report_id: str, out: Path):
    run(db, "pack", report_id, "-o", out)
    return parse_bytes(out.read_bytes(), out.name).report


@pytest.mark.slow
def test_docx_exported_with_its_table_imports_back_the_same_report(tmp_path):
    db = tmp_path / "t.db"
    original_id = run(db, "sample").split()[-1]
    docx = tmp_path / "x.docx"
    run(db, "export", original_id, "-o", docx, "--table")
    imported = subprocess.run([str(EXE), "--db", str(db), "import", str(docx), "--duplicate"], capture_output=True,
                              text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.split()[-1]
    assert new_id != original_id
    assert "已从文档中的“部门整体支出绩效自评表”读入自评表" in imported.stderr
    original, again = packed(db, original_id, tmp_path / "a.selfeval"), packed(db, new_id, tmp_path / "b.selfeval")
    basics = ("unit_name", "unit_short", "year", "title_override", "contact_person", "contact_phone", "signature",
              "sign_date", "template_id")
    assert [getattr(again, k) for k in basics] == [getattr(original, k) for k in basics]
    assert again.unit_name == "广州市荔湾区人民政府昌华街道办事处"
    assert report_text(again) == report_text(original)
    # equal values (the printed form writes amounts with two decimals: 9170 reads back as 9170.00, the same Decimal)
    assert not again.table.is_blank and again.table == original.table
    assert {k: v for k, v in again.to_dict().items() if k != "table"} == \
        {k: v for k, v in original.to_dict().items() if k != "table"}
    listed = run(db, "list")
    assert "（未填写）" not in listed

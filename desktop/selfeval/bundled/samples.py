"""The bundled sample: the 2024 昌华街道 说明, as text and as the report importing it gives."""

from __future__ import annotations

import json
from pathlib import Path

from selfeval.domain.model import Report
from selfeval.system.paths import samples_dir

SAMPLE_TEXT_NAME = "2024-changhua-shuoming.txt"
SAMPLE_REPORT_NAME = "changhua-2024.json"


def sample_text_path() -> Path:
    """The shared sample text, bundled byte for byte."""
    return samples_dir() / SAMPLE_TEXT_NAME


def sample_report_path() -> Path:
    return samples_dir() / SAMPLE_REPORT_NAME


def bundled_sample() -> Report:
    """The sample report (a fresh copy on each call)."""
    data = json.loads(sample_report_path().read_text(encoding="utf-8"))
    return Report.from_dict(data)


def sample_json(report: Report) -> str:
    """The bundled JSON form of a report (how ``changhua-2024.json`` is written)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"

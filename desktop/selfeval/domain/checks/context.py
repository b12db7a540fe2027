"""What every rule family gets: the report, the settings, and what the caller knows about the world
(the fonts this PC has, last year's report). The domain never asks the OS or the database itself."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from selfeval.domain.checks.settings import CheckSettings
from selfeval.domain.model import Report, SectionKind
from selfeval.domain.text_fields import TextField, report_fields, section_fields


@dataclass
class CheckContext:
    report: Report
    settings: CheckSettings
    fonts: frozenset[str] | None = None  # font families on this PC; None: not known, not checked
    last_year: Report | None = None

    @cached_property
    def section_texts(self) -> list[TextField]:
        """Typed text of every section that prints text (not group headings' empty intros)."""
        return [f for s in self.report.sections for f in section_fields(s)
                if f.text and (s.kind is not SectionKind.GROUP or f.place.field == "intro")]

    @cached_property
    def all_texts(self) -> list[TextField]:
        """The report's own fields, then the sections' text."""
        return [f for f in report_fields(self.report) if f.text] + self.section_texts

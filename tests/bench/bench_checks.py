"""Check engine timings (not collected by pytest):  .venv/bin/python tests/bench/bench_checks.py

All rules over a 200,000-character section, side by side in the same run with a baseline that only
extracts the same section's text (``Section.plain_text()``, figures filled in) and with the export's
paragraph builder (``document.report_text``). The section is the bundled sample's text repeated: its
efficiency section (figures, the unit slip, the doubled word) with every entry of the sample appended
until it holds 200,000 characters; once as ~1,000 entries, once as a single entry of 200,000 characters.
With last year's report (the sample) for the cross-year rules and a font list for the font rule.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from selfeval.app.check import check_settings
from selfeval.domain.checks import RULE_FAMILIES, run_checks
from selfeval.domain.checks.context import CheckContext
from selfeval.domain.document import report_text
from selfeval.domain.model import Entry, Report
from selfeval.bundled.samples import bundled_sample

TARGET_CHARS = 200_000
FONTS = frozenset({"仿宋", "黑体", "楷体", "Times New Roman"})


def big_report(one_entry: bool) -> Report:
    report = bundled_sample()
    section = report.section("efficiency")
    pool = [e for s in report.content_sections() for e in s.entries]
    entries = list(section.entries)
    size = sum(len(e.lead) + len(e.text) for e in entries)
    i = 0
    while size < TARGET_CHARS:
        e = pool[i % len(pool)]
        entries.append(Entry(e.lead, e.text))
        size += len(e.lead) + len(e.text)
        i += 1
    if one_entry:
        entries = [Entry("", "".join(e.joined() for e in entries))]
    section.entries = entries
    report.sections = [s for s in report.sections if s.key in ("self_eval", "efficiency")]
    return report


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, float, float]:
    """Median, min and max wall milliseconds of ``fn`` over ``repeat`` runs (after one warm-up), and the
    median CPU milliseconds of this process (steadier than wall time on a shared machine)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), min(wall), max(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    last = bundled_sample()
    settings = check_settings("liwan-street-2024")
    sample = bundled_sample()
    print(f"== the sample report ({len(report_text(sample)):,} characters), as the app would check it")
    base = timed(lambda: [s.plain_text() for s in sample.sections], args.repeat)[0]
    for label, fn in (("baseline: plain_text() of every section", lambda: [s.plain_text() for s in sample.sections]),
                      ("all rules (run_checks)", lambda: run_checks(sample, settings, fonts=FONTS))):
        median, low, high, cpu = timed(fn, args.repeat)
        print(f"{label:42} median {median:8.2f} ms  (min {low:.2f}, max {high:.2f}; CPU {cpu:.2f})"
              f"  {median / base:6.1f}× baseline")
    for one_entry in (False, True):
        report = big_report(one_entry)
        section = report.section("efficiency")
        chars = sum(len(e.lead) + len(e.text) for e in section.entries)
        result = run_checks(report, settings, fonts=FONTS, last_year=last)
        shape = "1 entry" if one_entry else f"{len(section.entries)} entries"
        print(f"\n== section of {chars:,} characters ({shape}); {len(result.findings)} findings")
        rows = [
            ("baseline: Section.plain_text()", lambda: section.plain_text()),
            ("baseline: document.report_text()", lambda: report_text(report)),
            ("all rules (run_checks)", lambda: run_checks(report, settings, fonts=FONTS, last_year=last)),
            ("all rules, no last year's report", lambda: run_checks(report, settings, fonts=FONTS)),
        ]
        ctx_rows = []
        for family in RULE_FAMILIES:
            name = family.__name__.rsplit(".", 1)[-1]

            def one(family=family):
                return list(family.check(CheckContext(report, settings, FONTS, last)))
            ctx_rows.append((f"  rule family {name}", one))
        base = None
        for label, fn in rows + ctx_rows:
            median, low, high, cpu = timed(fn, args.repeat)
            if base is None:
                base = median
            print(f"{label:42} median {median:8.1f} ms  (min {low:.1f}, max {high:.1f}; CPU {cpu:.1f})"
                  f"  {median / base:6.1f}× baseline")


if __name__ == "__main__":
    main()

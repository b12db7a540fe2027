"""No text makes the engine crash or hang: arbitrary text in every field, and the adversarial shapes
that make careless patterns backtrack."""

from __future__ import annotations

import time

import pytest
from checks_support import SETTINGS, one_section_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loop import examples

from selfeval.domain.checks import run_checks
from selfeval.domain.model import SectionKind
from selfeval.domain.text_fields import field_text

# Characters the rules look at, so that generated text hits them often.
ALPHABET = st.sampled_from(list("公开的是一二三四是年度率元万亿%％.,，。；;:：()（）“”‘’《》{}\n 0123456789０１２"
                                "执行预算完成较同比原因2024"))
TEXT = st.text(alphabet=ALPHABET, max_size=300) | st.text(max_size=200)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, max_size=4), intro=TEXT, kind=st.sampled_from(list(SectionKind)),
       year=st.integers(min_value=0, max_value=3000))
def test_any_text_gives_findings_with_exact_spans(texts, intro, kind, year):
    report = one_section_report(*texts, kind=kind, year=year, intro=intro)
    last = one_section_report(*reversed(texts), year=year - 1)
    result = run_checks(report, SETTINGS, last_year=last, fonts={"黑体"})
    for f in result.findings:
        if f.place.field in ("intro", "lead", "text"):
            assert field_text(report, f.place)[f.place.start:f.place.end] == f.excerpt


# 40,000 characters each: a quadratic pattern would take minutes here, a linear one well under a second.
ADVERSARIAL = [
    "1" * 40_000,
    "1," * 20_000,
    "1.1" * 16_000,
    "的" * 40_000,
    "公开" * 24_000,
    "一是" * 24_000,
    "2024年" * 12_000,
    "（" * 40_000,
    "“" * 20_000 + "”" * 20_000,
    "率" * 40_000 + "1%",
    "{" * 40_000,
    "{a" * 20_000,
    "执行率1%" * 8_000,
    "12万元" * 12_000,
    ",公" * 24_000,
    "\n" * 40_000,
    "http://" + "a" * 40_000,
]


@pytest.mark.slow  # 40,000-character texts through every rule: a robustness guard for the full run
def test_adversarial_text_finishes_quickly():
    for text in ADVERSARIAL:
        report = one_section_report(text, year=2025)
        start = time.perf_counter()
        run_checks(report, SETTINGS, last_year=one_section_report(text, year=2024))
        elapsed = time.perf_counter() - start
        # Not a timing target (that is the bench): a generous bound that only catches a hang.
        assert elapsed < 30, (text[:20], elapsed)


@settings(max_examples=examples(200), deadline=None)
@given(texts=st.lists(TEXT, max_size=4), needle=st.text(alphabet=ALPHABET, min_size=1, max_size=3),
       replacement=st.text(alphabet=ALPHABET, max_size=4))
def test_replace_all_is_str_replace_on_every_text_field(texts, needle, replacement):
    from selfeval.domain.find_replace import find_all, replace_all

    report = one_section_report(*texts)
    new, count = replace_all(report, needle, replacement)
    assert count == len(find_all(report, needle)) == sum(t.count(needle) for t in texts)
    assert [e.text for e in new.sections[0].entries] == [t.replace(needle, replacement) for t in texts]
    assert [e.text for e in report.sections[0].entries] == texts  # the report passed in is unchanged

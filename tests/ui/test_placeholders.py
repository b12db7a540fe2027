"""The grey example text of empty fields comes from the section's outline, not one constant per kind:
「如：主要问题有：」 belongs to 存在的主要问题 only."""

from __future__ import annotations

import pytest

from helpers import answers, env, sample_db, running  # noqa: F401
from selfeval.domain.model import SectionKind
from selfeval.domain.outline import TemplateError, parse_template
from selfeval.bundled.templates import bundled_templates

PROBLEMS_EXAMPLE = "主要问题有："


def _shown(editor) -> dict[str, str]:
    if editor.section().kind is SectionKind.FIGURES or editor.section().kind is SectionKind.PARAGRAPHS:
        return {"text": editor.text.placeholderText()}
    row = editor.rows()[0]
    return {"intro": editor.intro.placeholderText(), "lead": row.lead.placeholderText(),
            "text": row.text.placeholderText()}


def test_each_tab_shows_its_own_sections_examples(qtbot, running):
    window = running.window
    report = running.store.load(window.report_id)
    for section in report.content_sections():
        shown = _shown(window.editors[section.key])
        assert section.prompts, section.key
        for field, text in section.prompts.items():
            assert shown[field] == text, (section.key, field)
        if section.key != "problems":
            assert not any(PROBLEMS_EXAMPLE in text for text in shown.values()), section.key
    assert PROBLEMS_EXAMPLE in _shown(window.editors["problems"])["intro"]


def test_a_new_entry_gets_the_sections_examples_too(qtbot, running):
    editor = running.window.editors["measures"]
    row = editor.add_entry()
    assert row.lead.placeholderText() == editor.section().prompts["lead"]


def test_a_report_saved_before_examples_existed_shows_no_other_sections_example(qtbot, running):
    window = running.window
    report = running.store.load(window.report_id)
    for section in report.content_sections():
        section.prompts = {}
        editor = window.editors[section.key]
        editor.set_section(section)
        shown = _shown(editor)
        assert all(shown.values()), section.key  # the kind's own neutral text
        assert not any("如：" in text for text in shown.values()), (section.key, shown)


def test_every_bundled_outline_gives_examples_to_every_section_with_text():
    for template in bundled_templates().values():
        for spec in template.sections:
            if spec.kind is SectionKind.GROUP:
                continue
            assert dict(spec.prompts).get("text"), (template.id, spec.key)
            assert spec.new_section().prompts == dict(spec.prompts)


def test_an_unknown_example_field_in_an_outline_is_refused():
    data = {"id": "t", "name": "t", "title": "{year}", "sections": [
        {"key": "a", "heading": "甲", "kind": "items", "prompts": {"intr": "x"}}]}
    with pytest.raises(TemplateError):
        parse_template(data)

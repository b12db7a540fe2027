"""Deltas (store/delta.py): exact both ways, checked against the value they are applied to, and small."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selfeval.store import delta
from selfeval.store.delta import Mismatch, apply, diff, invert, same

# Characters that exercise the text patch and its sentence split: CJK, sentence ends, line breaks.
ALPHABET = "甲乙丙丁。；\nab"
scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(-2, 2, allow_nan=False),
                    st.text(ALPHABET, max_size=80))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=6),
                            st.dictionaries(st.sampled_from(["lead", "text", "key", "x"]), inner, max_size=4)),
    max_leaves=25)


def roundtrip(d: list) -> list:
    """The delta as the log stores it (JSON text) and reads it back."""
    return json.loads(json.dumps(d, ensure_ascii=False))


def check_exact(a, b) -> list:
    d = roundtrip(diff(a, b))
    assert same(apply(a, d), b)
    assert same(apply(b, roundtrip(invert(d))), a)
    assert same(invert(invert(d)), d)
    return d


@settings(max_examples=200, deadline=None)
@given(a=json_values, b=json_values)
def test_any_two_values(a, b) -> None:
    check_exact(a, b)


@st.composite
def edited_lists(draw):
    """A list of entries and an edited copy: items changed, inserted, removed or reordered."""
    entries = draw(st.lists(st.fixed_dictionaries({"lead": st.text("甲乙", max_size=2),
                                                    "text": st.text(ALPHABET, max_size=60)}), max_size=8))
    edited = [dict(e) for e in entries]
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["text", "insert", "delete", "move", "shuffle"]))
        if action == "insert" or not edited:
            edited.insert(draw(st.integers(0, len(edited))), {"lead": "", "text": draw(st.text(ALPHABET))})
        elif action == "delete":
            del edited[draw(st.integers(0, len(edited) - 1))]
        elif action == "move":
            item = edited.pop(draw(st.integers(0, len(edited) - 1)))
            edited.insert(draw(st.integers(0, len(edited))), item)
        elif action == "shuffle":
            edited = draw(st.permutations(edited))
        else:
            i = draw(st.integers(0, len(edited) - 1))
            text = edited[i]["text"]
            at = draw(st.integers(0, len(text)))
            edited[i] = {**edited[i], "text": text[:at] + draw(st.text(ALPHABET, max_size=5)) + text[at + 1:]}
    return entries, edited


@settings(max_examples=300, deadline=None)
@given(pair=edited_lists())
def test_edited_entry_lists(pair) -> None:
    check_exact(*pair)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), size=st.integers(2500, 6000), edits=st.integers(0, 6))
def test_long_texts_edited_in_several_places(seed, size, edits) -> None:
    rnd = random.Random(seed)
    # Few distinct characters: many repeated sentences, the hard case for matching sentences.
    text = "".join(rnd.choices(ALPHABET, k=size))
    edited = text
    for _ in range(edits):
        cut = rnd.randrange(len(edited) + 1)
        edited = edited[:cut] + "".join(rnd.choices(ALPHABET, k=rnd.randrange(30))) + edited[cut + rnd.randrange(3):]
    check_exact(text, edited)


def sample_text(n: int) -> str:
    sentence = "街道党工委坚持以人民为中心，全年完成重点项目{}个；"
    return "".join(sentence.format(i) for i in range(n))


def test_a_small_edit_of_a_long_text_stores_only_the_edit() -> None:
    text = sample_text(8000)  # about 200,000 characters
    edited = text[:100_000] + "新增字" + text[100_000:]
    d = check_exact(text, edited)
    assert d == ["t", [100_000, "", "新增字"]]


def test_edits_far_apart_in_one_step_are_separate_hunks() -> None:
    text = sample_text(8000)
    edited = text[:1000] + "甲" + text[1001:150_000] + "乙乙" + text[150_000:]
    d = check_exact(text, edited)
    assert d[0] == "t" and len(d) == 3  # two hunks, not the 149,000 characters between them
    assert len(json.dumps(d, ensure_ascii=False)) < 200


def test_a_changed_entry_is_stored_by_index() -> None:
    section = {"key": "conclusion", "intro": "", "entries": [{"lead": "", "text": sample_text(50)} for _ in range(5)]}
    edited = json.loads(json.dumps(section))
    edited["entries"][3]["text"] = edited["entries"][3]["text"][:10] + "改" + edited["entries"][3]["text"][10:]
    assert check_exact(section, edited) == ["o", {"entries": ["l", [3, ["o", {"text": ["t", [10, "", "改"]]}]]]}]


def test_reorder_stores_the_order_only() -> None:
    entries = [{"lead": "", "text": sample_text(20) + str(i)} for i in range(4)]
    moved = [entries[2], entries[0], entries[1], entries[3]]
    assert check_exact(entries, moved) == ["m", 0, [2, 0, 1]]


def test_insert_and_delete_are_splices() -> None:
    entries = [{"text": str(i)} for i in range(5)]
    assert check_exact(entries, entries[:2] + [{"text": "新"}] + entries[2:]) == ["l", [2, [], [{"text": "新"}]]]
    assert check_exact(entries, entries[:1] + entries[3:]) == ["l", [1, [{"text": "1"}, {"text": "2"}], []]]


@pytest.mark.parametrize("a, b, wrong", [
    ("短", "长一点", "别的"),
    (sample_text(20), sample_text(20) + "尾", sample_text(19)),
    ({"a": 1}, {"a": 2, "b": 3}, {"a": 1, "b": 0}),
    ([1, 2, 3], [1, 3], [1, 4, 3]),
    ([{"t": 1}, {"t": 2}], [{"t": 2}, {"t": 1}], [{"t": 1}]),
    (None, {"key": "x"}, {"key": "y"}),
])
def test_a_delta_refuses_a_value_it_was_not_made_from(a, b, wrong) -> None:
    d = diff(a, b)
    with pytest.raises(Mismatch):
        apply(wrong, d)


def test_booleans_and_numbers_stay_apart() -> None:
    assert not same(True, 1) and not same(1, 1.0) and same({"a": [1]}, {"a": [1]})
    check_exact({"inline": True}, {"inline": 1})


def test_nothing_changed() -> None:
    assert diff({"a": [1, "x"]}, {"a": [1, "x"]}) == delta.NONE
    assert apply("x", delta.NONE) == "x"

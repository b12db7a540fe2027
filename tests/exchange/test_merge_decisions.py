"""The three-way decision per section, from the two sides' histories (domain, no store)."""

from __future__ import annotations

import pytest
from selfeval.domain.merge import Decision, base_version, decide, section_hash


def test_a_section_hash_ignores_key_order_but_not_content():
    assert section_hash({"key": "a", "intro": "x"}) == section_hash({"intro": "x", "key": "a"})
    assert section_hash({"key": "a", "intro": "x"}) != section_hash({"key": "a", "intro": "y"})


@pytest.mark.parametrize("mine, theirs, expected", [
    (None, ["v0"], Decision.NEW),
    (["v0", "v1"], ["v0", "v1"], Decision.SAME),
    (["v0", "v3"], ["v0", "v4", "v3"], Decision.SAME),  # same text reached apart
    (["v0", "v1"], ["v0", "v1", "v2"], Decision.THEIRS),  # changed only there
    (["v0", "v1", "v3"], ["v0", "v1"], Decision.MINE),  # changed only here
    (["v0", "v1", "v3"], ["v0", "v1", "v2"], Decision.CONFLICT),  # changed on both sides
    (["x0", "x1"], ["y0"], Decision.CONFLICT),  # nothing in common: never overwritten silently
    # Going back to older text (undo) after parting is a change, on either side:
    (["v0", "v1", "v3"], ["v0", "v1", "v0"], Decision.CONFLICT),
    (["v0", "v1", "v0"], ["v0", "v1", "v2"], Decision.CONFLICT),
    # The file carries what this side sent earlier, then edited there: taken.
    (["m0", "v1"], ["v1", "v2"], Decision.THEIRS),
])
def test_decide(mine, theirs, expected):
    assert decide(mine, theirs) is expected


def test_the_base_is_the_newest_version_both_had():
    assert base_version(["v0", "v1", "v3"], ["v0", "v1", "v2"]) == "v1"
    assert base_version(["a"], ["b"]) is None

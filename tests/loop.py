"""The fast loop and the full run (see README, "For developers").

``pytest -m "not slow"`` is the daily loop: the builds (tests/frozen, tests/installer) and the slow end-to-end
tests are left out, and the property tests that dominate their folder draw fewer examples (the hypothesis
profile "fast"). A run without that filter (the README's ``bash scripts/test.sh``, CI) is the full run: every
test, every example (profile "full"). ``tests/conftest.py`` chooses the profile before any test module loads."""

from __future__ import annotations

from hypothesis import settings

FAST_EXAMPLES = 25
settings.register_profile("full")
settings.register_profile("fast", max_examples=FAST_EXAMPLES)

fast = False  # set by tests/conftest.py for a "not slow" run


def examples(full: int) -> int:
    """A property test's ``max_examples``: ``full`` in the full run, a few in the fast loop."""
    return min(full, FAST_EXAMPLES) if fast else full

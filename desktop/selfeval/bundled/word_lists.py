"""The word lists the checks use, shipped in ``resources/checks/``: ``reduplication.toml`` (correct reduplication
and slip-doubled characters, for the doubled-word rule). Read once; handed to the rules in ``CheckSettings``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from selfeval.domain.checks.settings import WordLists
from selfeval.system.paths import resources_dir


def reduplication_path() -> Path:
    return resources_dir() / "checks" / "reduplication.toml"


@lru_cache(maxsize=1)
def reduplication() -> WordLists:
    return WordLists.from_toml(reduplication_path().read_text(encoding="utf-8"))

"""The numbers the checks use, with their defaults in one place. An outline template may set any of
them (``[settings]`` in ``resources/templates/*.toml``, and per section ``required``/``max_chars``):
another district's thresholds are data, not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from selfeval.domain.errors import InvalidNumber, TemplateError
from selfeval.domain.figures import parse_decimal
from selfeval.domain.outline import OutlineTemplate

# The defaults, used when a template does not say otherwise.
DEFAULTS: dict[str, str] = {
    # 执行率 below this (percent) needs a written reason (self-eval-table.md §2).
    "low_execution_percent": "90",
    # A rate above this (percent) needs a written reason.
    "high_execution_percent": "100",
    # A stated rate may differ from its figures' quotient by this much (percentage points).
    "rate_tolerance_points": "0.01",
    # A key figure changing by more than this (percent) from last year's report is pointed out.
    "year_change_percent": "30",
    # A rate (执行率 …) changing by more than this many percentage points from last year's is pointed out.
    "year_change_points": "10",
    # 全年预算数 differing from 年初预算数 by more than this (percent) needs a written reason (0: not checked).
    "budget_change_percent": "20",
    # Sentences at least this long that are word for word last year's are pointed out.
    "copied_sentence_min_chars": "15",
    # A section longer than this (characters, white space not counted) is pointed out; 0: no limit.
    "section_max_chars": "0",
}


def _decimal(settings: dict, name: str, where: str) -> Decimal:
    raw = settings.get(name, DEFAULTS[name])
    try:
        return parse_decimal(str(raw))
    except InvalidNumber:
        raise TemplateError(f"大纲模板 {where} 的设置 {name} = “{raw}” 不是有效的数值。") from None


@dataclass(frozen=True)
class WordLists:
    """The doubled-word rule's data (``resources/checks/reduplication.toml``): correct reduplication (常常, 研究研究),
    characters whose doubling is a slip, and two-character words holding such a character."""

    legit: frozenset[str]
    typo_chars: frozenset[str]
    words: frozenset[str] = frozenset()

    @classmethod
    def from_toml(cls, text: str) -> "WordLists":
        import tomllib  # on first use: not on the window's start path

        data = tomllib.loads(text)
        return cls(frozenset(data.get("legit", ())), frozenset(data.get("typo_chars", "")),
                   frozenset(data.get("words", ())))

    @cached_property
    def containing(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Each piece of a listed word (two characters or more) → (word, where the piece starts in it)."""
        index: dict[str, list[tuple[str, int]]] = {}
        for word in self.legit:
            for a in range(len(word)):
                for b in range(a + 2, len(word) + 1):
                    index.setdefault(word[a:b], []).append((word, a))
        return {piece: tuple(found) for piece, found in index.items()}


class MissingWordLists(ValueError):
    """Settings without the doubled-word rule's lists: a programming error (build them with
    ``app.check.check_settings``), never a rule silently skipped."""


def reduplication_of(settings: "CheckSettings") -> WordLists:
    if settings.reduplication is None:
        raise MissingWordLists("CheckSettings.reduplication is None: build the settings with app.check.check_settings")
    return settings.reduplication


@dataclass(frozen=True)
class CheckSettings:
    low_execution_percent: Decimal = Decimal(DEFAULTS["low_execution_percent"])
    high_execution_percent: Decimal = Decimal(DEFAULTS["high_execution_percent"])
    rate_tolerance_points: Decimal = Decimal(DEFAULTS["rate_tolerance_points"])
    year_change_percent: Decimal = Decimal(DEFAULTS["year_change_percent"])
    year_change_points: Decimal = Decimal(DEFAULTS["year_change_points"])
    copied_sentence_min_chars: int = int(DEFAULTS["copied_sentence_min_chars"])
    budget_change_percent: Decimal = Decimal(DEFAULTS["budget_change_percent"])
    # Section keys that must not be empty; None: every section of the report that holds text
    # and is not an import's extra.
    required_sections: frozenset[str] | None = None
    # Per section key, the most characters it should hold (0 or absent: no limit).
    max_chars: dict[str, int] = field(default_factory=dict)
    # The doubled-word rule's word lists (bundled data; ``app.check.check_settings`` fills them in).
    reduplication: WordLists | None = None

    @classmethod
    def from_template(cls, template: OutlineTemplate, reduplication: WordLists | None = None) -> "CheckSettings":
        where = template.path.name if template.path else template.id
        s = template.settings
        default_max = int(_decimal(s, "section_max_chars", where))
        return cls(
            low_execution_percent=_decimal(s, "low_execution_percent", where),
            high_execution_percent=_decimal(s, "high_execution_percent", where),
            rate_tolerance_points=_decimal(s, "rate_tolerance_points", where),
            year_change_percent=_decimal(s, "year_change_percent", where),
            year_change_points=_decimal(s, "year_change_points", where),
            copied_sentence_min_chars=int(_decimal(s, "copied_sentence_min_chars", where)),
            budget_change_percent=_decimal(s, "budget_change_percent", where),
            required_sections=frozenset(spec.key for spec in template.sections
                                        if spec.required and spec.kind.value != "group"),
            max_chars={spec.key: spec.max_chars or default_max for spec in template.sections
                       if spec.max_chars or default_max},
            reduplication=reduplication,
        )

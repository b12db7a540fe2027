"""What a check reports: a finding (rule, severity, Chinese message, exact place, the flagged text),
its stable key, and the explanation or dismissal a clerk may attach to a warning
(``domain.explanations``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import Enum

from selfeval.domain.explanations import Explanation, ExplanationError, clean_explanation
from selfeval.domain.text_fields import Place


class Severity(str, Enum):
    ERROR = "错误"  # must be fixed
    WARNING = "警告"  # fix it, or write an explanation
    HINT = "提示"  # worth a look

    @property
    def rank(self) -> int:
        return {"错误": 0, "警告": 1, "提示": 2}[self.value]


class Status(str, Enum):
    OPEN = "open"
    EXPLAINED = "explained"  # a written explanation stands for it
    DISMISSED = "dismissed"  # set aside with a reason

    @property
    def label(self) -> str:
        return {"open": "", "explained": "已说明", "dismissed": "已忽略"}[self.value]


@dataclass(frozen=True)
class Fix:
    """A suggested fix through the report-wide replace: ``replacement`` for ``find`` at ``places``."""

    find: str
    replacement: str
    places: tuple[Place, ...]

    @property
    def label(self) -> str:
        return f"将 {len(self.places)} 处“{self.find}”改为“{self.replacement}”"


@dataclass(frozen=True)
class Finding:
    rule: str  # "text.doubled_word"
    severity: Severity
    message: str  # what is wrong and how to fix it, in Chinese
    place: Place
    excerpt: str  # the flagged text as it stands in the field
    fix: Fix | None = None
    status: Status = Status.OPEN
    explanation: Explanation | None = None
    # Set by the engine: rule + section (or report field) + excerpt, and an ordinal for repeats.
    key: str = field(default="", compare=False)

    @property
    def counts(self) -> bool:
        """Explained or dismissed findings stay listed but no longer count."""
        return self.status is Status.OPEN

    @property
    def explainable(self) -> bool:
        """A 警告 or 提示 can be explained or dismissed; an 错误 must be fixed (``NOT_EXPLAINABLE``)."""
        return self.severity is not Severity.ERROR


NOT_EXPLAINABLE = "错误必须修改，不能填写说明或忽略。"


def base_key(finding: Finding) -> str:
    """Rule, where (a section key, or "@" and a report field), figure name and the flagged text: no entry
    index and no character offset, so typing elsewhere, adding an entry above or moving text between an
    entry's lead and text leaves it alone; only changing the flagged text itself does not."""
    p = finding.place
    where = p.section or f"@{p.field}"
    return "|".join((finding.rule, where, p.figure, finding.excerpt))


def with_keys(findings: list[Finding]) -> list[Finding]:
    """Each finding (in reading order) with its stable key; the n-th repeat of the same excerpt in the same
    section gets "#n" appended."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        key = base_key(f)
        n = seen[key]
        seen[key] += 1
        out.append(replace(f, key=key if n == 0 else f"{key}#{n}"))
    return out


def explain(finding: Finding, text: str, *, dismissed: bool = False, report=None) -> Explanation:
    """The clerk's explanation (or, ``dismissed``, reason for dismissing) of ``finding``, to be stored
    under ``finding.key``: the text cleaned, empty or over-long text refused; an 错误 cannot be explained
    away (ExplanationError, in Chinese). ``report`` names the place's section in the description (the
    place without its character span, which moves as the text is edited)."""
    if not finding.explainable:
        raise ExplanationError(NOT_EXPLAINABLE)
    return Explanation(text=clean_explanation(text, dismissed=dismissed), dismissed=dismissed,
                       severity=finding.severity.value, section=finding.place.section,
                       place=finding.place.at(0, 0).label(report), message=finding.message, excerpt=finding.excerpt)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    # Stored explanations that answer no finding any more (the text was corrected, or the finding is
    # now an 错误): (key, explanation), listed as 已失效 so that they can be removed, never lost silently.
    stale: tuple[tuple[str, Explanation], ...] = ()

    def count(self, severity: Severity) -> int:
        """Open findings of ``severity`` (explained and dismissed ones do not count)."""
        return sum(1 for f in self.findings if f.severity is severity and f.counts)

    @property
    def counts(self) -> dict[Severity, int]:
        return {s: self.count(s) for s in Severity}

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def open_findings(self, *severities: Severity) -> list[Finding]:
        wanted = severities or tuple(Severity)
        return [f for f in self.findings if f.counts and f.severity in wanted]

"""What a check reports: a finding (rule, severity, Chinese message, exact place, the flagged text),
its stable key, and the explanation or dismissal a clerk may attach to a warning."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import Enum

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
class Explanation:
    """The clerk's answer to a finding: an explanation (``dismissed=False``) or a dismissal with its
    reason. Stored with the report under the finding's :attr:`Finding.key`."""

    text: str
    dismissed: bool = False

    def to_dict(self) -> dict:
        return {"text": self.text, "dismissed": self.dismissed}

    @classmethod
    def from_dict(cls, data: dict) -> "Explanation":
        return cls(text=str(data.get("text", "")), dismissed=bool(data.get("dismissed", False)))


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
    # Set by the engine: rule + place (without the span) + excerpt, and an ordinal for repeats.
    key: str = field(default="", compare=False)

    @property
    def counts(self) -> bool:
        """Explained or dismissed findings stay listed but no longer count."""
        return self.status is Status.OPEN


def base_key(finding: Finding) -> str:
    p = finding.place
    entry = "" if p.entry is None else str(p.entry)
    return "|".join((finding.rule, p.section, entry, p.field, p.figure, finding.excerpt))


def with_keys(findings: list[Finding]) -> list[Finding]:
    """Each finding with its stable key; the n-th repeat of the same key gets "#n" appended, so the
    key does not move when text before it is edited."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        key = base_key(f)
        n = seen[key]
        seen[key] += 1
        out.append(replace(f, key=key if n == 0 else f"{key}#{n}"))
    return out


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]

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

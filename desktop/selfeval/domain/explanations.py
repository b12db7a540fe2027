"""The clerk's answers to the checks' findings: an explanation of a 警告 or 提示, or its dismissal with a
reason. Stored with the report (the report field ``"explanations"``: finding key → :class:`Explanation`)
and changed through the operations funnel; the check engine marks the findings they answer.

An explanation keeps a short description of the finding it answers (severity, place, message, the flagged
text), so that one whose finding has gone (the text was corrected) can still be listed as 已失效.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selfeval.domain.errors import UserError
from selfeval.domain.text import clean_text

MAX_EXPLANATION_CHARS = 500  # a few sentences; the 决算 software's explanation boxes hold about as much
MAX_KEY_CHARS = 2000  # a finding key holds the flagged excerpt, itself short


class ExplanationError(UserError):
    """An explanation that cannot be stored (the message says why, in Chinese)."""


@dataclass(frozen=True)
class Explanation:
    """An explanation (``dismissed=False``) or a dismissal with its reason (``dismissed=True``).

    ``severity``, ``section``, ``place``, ``message`` and ``excerpt`` describe the finding as it was
    when answered (``section``: its section key, "" for the report's own fields)."""

    text: str
    dismissed: bool = False
    severity: str = ""
    section: str = ""
    place: str = ""
    message: str = ""
    excerpt: str = ""

    @property
    def label(self) -> str:
        return "已忽略" if self.dismissed else "已说明"

    @property
    def subject(self) -> str:
        """The finding's flagged text (else its message) in a few words, for the history: 「“公开公开”」."""
        what = self.excerpt.strip() or self.message.strip()
        if len(what) > 20:
            what = what[:20] + "…"
        return f"“{what}”"

    def to_dict(self) -> dict:
        return {"text": self.text, "dismissed": self.dismissed, "severity": self.severity,
                "section": self.section, "place": self.place, "message": self.message, "excerpt": self.excerpt}

    @classmethod
    def from_dict(cls, data: dict) -> "Explanation":
        def text(name: str) -> str:
            value = data.get(name, "")
            return value if isinstance(value, str) else ""

        return cls(text=text("text"), dismissed=bool(data.get("dismissed", False)), severity=text("severity"),
                   section=text("section"), place=text("place"), message=text("message"),
                   excerpt=text("excerpt"))


def clean_explanation(text: str, *, dismissed: bool = False) -> str:
    """``text`` as it will be stored: control characters and invisible marks removed, trimmed; an empty
    or over-long text is refused (ExplanationError, in Chinese)."""
    cleaned = clean_text(text).text.strip()
    what = "忽略的理由" if dismissed else "说明"
    if not cleaned:
        raise ExplanationError(f"请填写{what}，内容不能为空。")
    if len(cleaned) > MAX_EXPLANATION_CHARS:
        raise ExplanationError(f"{what}不能超过 {MAX_EXPLANATION_CHARS} 个字（现有 {len(cleaned)} 个字）。")
    return cleaned


def validate_explanations(value: Any) -> dict[str, dict]:
    """The JSON form of a mapping of finding keys to explanations, every one checked."""
    if not isinstance(value, dict):
        raise TypeError("explanations need a dict of finding key -> Explanation")
    out = {}
    for key, explanation in value.items():
        if not isinstance(key, str) or not isinstance(explanation, Explanation):
            raise TypeError("explanations need a dict of finding key -> Explanation")
        if not key or len(key) > MAX_KEY_CHARS:
            raise ExplanationError("该问题的标识无效，无法保存说明。")
        if clean_explanation(explanation.text, dismissed=explanation.dismissed) != explanation.text:
            raise ExplanationError("说明中含有无法保存的字符，请重新填写。")
        out[key] = explanation.to_dict()
    return out


def load_explanations(data: Any) -> dict[str, Explanation]:
    """The model's mapping from the JSON form; entries that are not objects are skipped (stored data stays
    readable)."""
    if not isinstance(data, dict):
        return {}
    return {str(k): Explanation.from_dict(v) for k, v in data.items() if isinstance(v, dict)}

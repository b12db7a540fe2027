"""The report's own fields (基本信息, 版式设置, the 自评表, the 审核说明), each described once: name, Chinese label, kind, limits, JSON form.

The model serialises with it, the store validates ``SetField`` with it, the history names changes with its
labels, and the 基本信息 tab and the 新建 dialogs take their limits from it. A new field is one entry here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from selfeval.domain.errors import UserError
from selfeval.domain.layout import LayoutSettings

# Years a 说明 can be about: the funds system in its present form and a generous future.
MIN_YEAR = 2000
MAX_YEAR = 2100
# Longest 单位全称 seen is about 30 characters; leave ample room without allowing a pasted paragraph.
MAX_UNIT_NAME_CHARS = 80
MAX_UNIT_SHORT_CHARS = 30
MAX_LINE_CHARS = 200  # title, contact, signature: one line each

TEXT = "text"  # one line of text (str)
YEAR = "year"  # int, MIN_YEAR..MAX_YEAR when set (0: not known yet, e.g. an import without a year)
DATE = "date"  # datetime.date or None; JSON: ISO "2025-03-01" or null
LAYOUT = "layout"  # LayoutSettings; JSON: LayoutSettings.to_dict()
TABLE = "table"  # SelfEvalTable (the scored 自评表); JSON: SelfEvalTable.to_dict()
EXPLANATIONS = "explanations"  # dict finding key -> Explanation; JSON: {key: Explanation.to_dict()}

LAYOUT_FIELD = "layout"  # the report's layout settings, set as a whole
TABLE_FIELD = "table"  # the report's 自评表, set as a whole
EXPLANATIONS_FIELD = "explanations"  # the clerk's answers to the checks (审核说明), one per finding key


class FieldValueError(UserError):
    """A value the user gave for a report field cannot be used (the message says why, in Chinese)."""


class ReportField(NamedTuple):  # a named tuple: cheap to define at every start (issue 11)
    name: str
    label: str
    kind: str
    max_chars: int = MAX_LINE_CHARS  # TEXT only
    required: bool = False  # must be filled to create a report (empty is allowed while editing)

    @property
    def default(self) -> Any:
        if self.kind == TABLE:
            from selfeval.domain.table.model import SelfEvalTable  # not on the way to the window (model._TableSlot)

            return SelfEvalTable()
        return {TEXT: "", YEAR: 0, DATE: None, LAYOUT: LayoutSettings(), EXPLANATIONS: {}}[self.kind]

    def validate(self, value: Any) -> Any:
        """``value`` checked as a new value for this field (a ``SetField``): the JSON form.

        A wrong Python type is a programming error (TypeError); a value out of range is the user's
        (FieldValueError, in Chinese)."""
        if self.kind == TEXT:
            if not isinstance(value, str):
                raise TypeError(f"{self.name} needs a str")
            if len(value) > self.max_chars:
                raise FieldValueError(f"{self.label}不能超过 {self.max_chars} 个字。")
        elif self.kind == YEAR:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{self.name} needs an int")
            if not MIN_YEAR <= value <= MAX_YEAR:
                raise FieldValueError(f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。")
        elif self.kind == DATE:
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                raise TypeError(f"{self.name} needs a datetime.date or None")
        elif self.kind == LAYOUT:
            if not isinstance(value, LayoutSettings):
                raise TypeError(f"{self.name} needs a LayoutSettings")
        elif self.kind == TABLE:
            from selfeval.domain.table.model import SelfEvalTable
            from selfeval.domain.table.checks import table_errors

            if not isinstance(value, SelfEvalTable):
                raise TypeError(f"{self.name} needs a SelfEvalTable")
            errors = table_errors(value)
            if errors:
                raise FieldValueError(errors[0])
        elif self.kind == EXPLANATIONS:
            from selfeval.domain.explanations import validate_explanations  # a report without any: not imported

            return validate_explanations(value)
        return self.dump(value)

    def dump(self, value: Any) -> Any:
        """The JSON form of a value already in the model (no range check: stored data stays readable)."""
        if self.kind == DATE:
            return value.isoformat() if value else None
        if self.kind in (LAYOUT, TABLE):
            return value.to_dict()
        if self.kind == EXPLANATIONS:
            return {key: explanation.to_dict() for key, explanation in value.items()}
        if self.kind == YEAR:
            return int(value or 0)
        return value

    def load(self, data: Any) -> Any:
        """The model's value from the JSON form (missing or null: the default)."""
        if data is None:
            return self.default
        if self.kind == DATE:
            return dt.date.fromisoformat(data) if data else None
        if self.kind == LAYOUT:
            return LayoutSettings.from_dict(data)
        if self.kind == TABLE:
            from selfeval.domain.table.model import SelfEvalTable

            return SelfEvalTable.from_dict(data)
        if self.kind == EXPLANATIONS:
            if not data:  # none written: the module that reads them is not needed
                return {}
            from selfeval.domain.explanations import load_explanations

            return load_explanations(data)
        if self.kind == YEAR:
            return int(data or 0)
        return str(data)


REPORT_FIELDS: tuple[ReportField, ...] = (
    ReportField("unit_name", "单位全称", TEXT, MAX_UNIT_NAME_CHARS, required=True),
    ReportField("unit_short", "单位简称", TEXT, MAX_UNIT_SHORT_CHARS, required=True),
    ReportField("year", "年度", YEAR, required=True),
    ReportField("title_override", "标题", TEXT),
    ReportField("contact_person", "联系人", TEXT),
    ReportField("contact_phone", "联系电话", TEXT),
    ReportField("signature", "落款", TEXT),
    ReportField("sign_date", "成文日期", DATE),
    ReportField(LAYOUT_FIELD, "版式设置", LAYOUT),
    ReportField(TABLE_FIELD, "自评表", TABLE),
    ReportField(EXPLANATIONS_FIELD, "审核说明", EXPLANATIONS),
)
FIELDS: dict[str, ReportField] = {f.name: f for f in REPORT_FIELDS}
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in REPORT_FIELDS if f.kind == TEXT)


def report_field(name: str) -> ReportField:
    """The field called ``name``; ValueError for a name that is not a settable report field."""
    try:
        return FIELDS[name]
    except KeyError:
        raise ValueError(f"field {name!r} cannot be set (allowed: {', '.join(FIELDS)})") from None

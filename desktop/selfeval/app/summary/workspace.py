"""A 汇总 workspace opened: its submissions as reports, each checked alone with the single-report 审核 (the
findings cached in the file, checked again by a newer program), the overview rows and totals, the batch 审核
with the cross-unit checks, and last year's workspace beside it."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from selfeval import __version__
from selfeval.domain.errors import UserError
from selfeval.domain.model import Report
from selfeval.domain.summary import cross_checks
from selfeval.domain.summary.compare import YearChange, year_changes
from selfeval.domain.summary.overview import Totals, UnitRow, totals, unit_row
from selfeval.store.summary_db import Submission, SummaryDB
from selfeval.app.summary.reading import (AddPlan, Rejected, Replacement, collect_files, describe_changes,
                                          read_submission)

# Bumped when the check engine's rules change in a way cached findings must not survive.
CHECKS_REVISION = "1"
SEVERITIES = ("错误", "警告", "提示")


def _checked_with() -> str:
    return f"{__version__}/{CHECKS_REVISION}"


@dataclass(frozen=True)
class UnitFinding:
    """One finding of the batch 审核: a unit's own 审核 or a cross-unit check."""

    unit_id: int
    unit: str
    department: str
    severity: str  # 错误 / 警告 / 提示
    place: str
    message: str
    rule: str
    excerpt: str = ""
    cross: bool = False  # found by comparing units
    status: str = "open"  # open / explained / dismissed (the unit's own 审核说明)

    @property
    def counts(self) -> bool:
        return self.status == "open"


def check_report(report: Report) -> list[dict]:
    """The single-report 审核 of ``report`` alone (as ``selfeval check`` runs it, without last year), as JSON rows."""
    from selfeval.app.check import check_report as check

    result = check(report)
    return [{"rule": f.rule, "severity": f.severity.value, "status": f.status.value, "place": f.place.label(report),
             "message": f.message, "excerpt": f.excerpt} for f in result.findings]


class Workspace:
    def __init__(self, db: SummaryDB):
        self.db = db
        self._subs: list[Submission] | None = None
        self._reports: dict[int, Report] = {}
        self._findings: dict[int, list[dict]] = {}
        self._rows: list[UnitRow] | None = None
        self._cross: list[cross_checks.CrossFinding] | None = None

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def new(cls, path: Path) -> "Workspace":
        return cls(SummaryDB.create(Path(path)))

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> "Workspace":
        return cls(SummaryDB.open(Path(path), read_only=read_only))

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _reset(self) -> None:
        self._subs, self._rows, self._cross = None, None, None
        self._reports.clear()
        self._findings.clear()

    # -- reading ---------------------------------------------------------------------------------------
    @property
    def submissions(self) -> list[Submission]:
        if self._subs is None:
            self._subs = self.db.submissions()
        return self._subs

    def submission(self, sub_id: int) -> Submission:
        return next(s for s in self.submissions if s.id == sub_id)

    def report(self, sub_id: int) -> Report:
        if sub_id not in self._reports:
            self._reports[sub_id] = Report.from_dict(json.loads(self.submission(sub_id).report_json))
        return self._reports[sub_id]

    def unit_findings(self, sub_id: int) -> list[dict]:
        """The unit's own 审核 (cached in the file by the program version that checked it)."""
        if sub_id not in self._findings:
            self.ensure_checked()
        return self._findings[sub_id]

    def ensure_checked(self) -> int:
        """Check every submission whose cached findings are missing or from another program version; returns
        how many were checked."""
        fresh: dict[int, tuple[str, str]] = {}
        version = _checked_with()
        for s in self.submissions:
            if s.id in self._findings:
                continue
            if s.checked_with == version:
                self._findings[s.id] = json.loads(s.findings_json)
                continue
            rows = check_report(self.report(s.id))
            self._findings[s.id] = rows
            fresh[s.id] = (version, json.dumps(rows, ensure_ascii=False))
        self.db.set_findings(fresh)
        return len(fresh)

    def recheck(self) -> None:
        """Check every submission again (the batch 审核 of ``selfeval summary check``)."""
        self._findings = {s.id: check_report(self.report(s.id)) for s in self.submissions}
        self._rows, self._cross = None, None
        version = _checked_with()
        self.db.set_findings({i: (version, json.dumps(rows, ensure_ascii=False)) for i, rows in self._findings.items()})

    def rows(self) -> list[UnitRow]:
        if self._rows is None:
            self.ensure_checked()
            rows = []
            for s in self.submissions:
                counts = [sum(1 for f in self._findings[s.id] if f["severity"] == sev and f["status"] == "open")
                          for sev in SEVERITIES]
                rows.append(unit_row(s.id, self.report(s.id), s.department, s.submitted_at.astimezone().date(),
                                     tuple(counts), s.source_name))
            self._rows = rows
            self._cross = None
            cross = self.cross_findings()  # on the rows without them (far figures need the budgets)
            self._rows = [replace(r, cross_errors=sum(1 for c in cross if c.unit_id == r.id and c.severity == "错误"),
                                  cross_warnings=sum(1 for c in cross if c.unit_id == r.id and c.severity == "警告"))
                          for r in rows]
        return self._rows

    def totals(self) -> Totals:
        return totals(self.rows())

    def year(self) -> int | None:
        return cross_checks.main_year(s.year for s in self.submissions)

    def cross_findings(self) -> list[cross_checks.CrossFinding]:
        if self._cross is not None:
            return self._cross
        rows = self.rows()
        reports = {s.id: self.report(s.id) for s in self.submissions}
        found = cross_checks.copied_sentences(reports)
        found += cross_checks.far_from_department([(r.id, r.unit, r.department, r.budget) for r in rows])
        found += cross_checks.year_findings([(s.id, s.year, s.submitted_at.astimezone().year)
                                             for s in self.submissions], self.year())
        self._cross = found
        return found

    def findings(self, *, cross: bool = True) -> list[UnitFinding]:
        """The batch 审核: every unit's own findings, then the cross-unit ones, by 主管部门 and unit."""
        by_id = {s.id: s for s in self.submissions}
        self.ensure_checked()
        out = []
        for s in self.submissions:
            out += [UnitFinding(s.id, s.unit_name, s.department, f["severity"], f["place"], f["message"], f["rule"],
                                f.get("excerpt", ""), False, f["status"]) for f in self._findings[s.id]]
        if cross:
            for c in self.cross_findings():
                s = by_id[c.unit_id]
                out.append(UnitFinding(s.id, s.unit_name, s.department, c.severity, c.place, c.message, c.rule,
                                       c.excerpt, True))
        order = {s.id: i for i, s in enumerate(self.submissions)}
        return sorted(out, key=lambda f: (order[f.unit_id], f.cross, SEVERITIES.index(f.severity)))

    def changes(self, last: "Workspace") -> list[YearChange]:
        return year_changes(self.rows(), last.rows())

    # -- adding ----------------------------------------------------------------------------------------
    def plan_add(self, paths: list[Path], department: str = "") -> AddPlan:
        """Read every file (folders: every file in them) and plan what adding them does; nothing is stored."""
        files, missing = collect_files([Path(p) for p in paths])
        plan = AddPlan(rejected=list(missing))
        seen_hash: dict[str, str] = {}
        seen_key: dict[tuple[str, int], str] = {}
        for path in files:
            try:
                incoming = read_submission(path, department)
            except UserError as exc:
                plan.rejected.append(Rejected(path.name, str(exc).rstrip("。")))
                continue
            sub = incoming.submission
            if sub.source_sha256 in seen_hash:
                plan.rejected.append(Rejected(path.name, f"与“{seen_hash[sub.source_sha256]}”内容相同，重复报送"))
                continue
            if incoming.key in seen_key:
                plan.rejected.append(Rejected(path.name, f"与“{seen_key[incoming.key]}”是同一单位（{sub.unit_name}）"
                                                         f"同一年度（{sub.year}），本批只导入前一个"))
                continue
            seen_hash[sub.source_sha256] = path.name
            seen_key[incoming.key] = path.name
            old = self.db.find(sub.unit_name, sub.year)
            if old is None:
                plan.new.append(incoming)
            elif old.source_sha256 == sub.source_sha256:
                plan.unchanged.append(Rejected(path.name, f"与汇总中{sub.unit_name}（{sub.year} 年度）的报送相同，重复报送"))
            else:
                old_report = Report.from_dict(json.loads(old.report_json))
                plan.replacements.append(Replacement(incoming, old, describe_changes(old_report, incoming.report, old, sub)))
        return plan

    def apply(self, plan: AddPlan, *, replace: bool) -> int:
        """Store the new submissions (and with ``replace`` the replacements) in one transaction, checked; returns
        how many were stored."""
        incoming = plan.new + ([r.incoming for r in plan.replacements] if replace else [])
        if not incoming:
            return 0
        version = _checked_with()
        subs = []
        for i in incoming:
            rows = check_report(i.report)
            subs.append(_with_findings(i.submission, version, json.dumps(rows, ensure_ascii=False)))
        self.db.put_all(subs)
        self._reset()
        return len(subs)


def _with_findings(sub: Submission, version: str, findings_json: str) -> Submission:
    return replace(sub, checked_with=version, findings_json=findings_json)


def unit_database(ws: Workspace, sub_id: int, folder: Path) -> tuple[Path, int]:
    """A reports database in ``folder`` holding only the unit's report, for the usual window to show read-only
    (tabs and 审核 panel). Returns (file, report id)."""
    from selfeval.store import Store

    path = Path(folder) / f"unit-{sub_id}.db"
    path.unlink(missing_ok=True)
    store = Store.open(path)
    try:
        report_id = store.create(ws.report(sub_id), note="汇总中的报送（只读查看）")
    finally:
        store.close()
    return path, report_id

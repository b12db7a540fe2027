"""The 汇总 workspace: a SQLite file of its own (not the reports' database) holding one submission per unit and
year, as it came in: the report JSON the exchange file or the importer gave, the unit, its 主管部门, the year,
the submission's date, the source file's name and SHA-256, and the 审核 findings of the report as last checked
(with the program version that checked it, so that a newer program checks again).

Schema versions are ``PRAGMA user_version``; migrations are added at the end of ``MIGRATIONS``. A file that is
not SQLite, not a workspace, or from a newer program is refused with one Chinese sentence and left untouched.
Every change is one transaction: a batch of submissions is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from selfeval.domain.errors import os_error_reason
from selfeval.store.errors import StoreError

APPLICATION_ID = 0x53455653  # "SEVS": tells a workspace from the reports' database and other SQLite files
SUFFIXES = (".db", ".sqlite")

MIGRATIONS: tuple[str, ...] = (
    # 1: submissions, one per unit and year
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        unit_name TEXT NOT NULL,
        department TEXT NOT NULL DEFAULT '',
        year INTEGER NOT NULL,
        submitted_at TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        source_kind TEXT NOT NULL,
        report_json TEXT NOT NULL,
        notices TEXT NOT NULL DEFAULT '[]',
        added_at TEXT NOT NULL,
        checked_with TEXT NOT NULL DEFAULT '',
        findings_json TEXT NOT NULL DEFAULT '[]',
        UNIQUE (unit_name, year)
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class Submission:
    """One unit's report as handed in. ``report_json``: ``Report.to_dict()`` as JSON text."""

    unit_name: str
    department: str
    year: int
    submitted_at: dt.datetime
    source_name: str
    source_sha256: str
    source_kind: str  # "exchange" | "docx"
    report_json: str
    notices: tuple[str, ...] = ()
    id: int | None = None
    added_at: dt.datetime | None = None
    checked_with: str = ""
    findings_json: str = "[]"


_COLUMNS = ("id", "unit_name", "department", "year", "submitted_at", "source_name", "source_sha256", "source_kind",
            "report_json", "notices", "added_at", "checked_with", "findings_json")


def _row(values) -> Submission:
    d = dict(zip(_COLUMNS, values))
    return Submission(unit_name=d["unit_name"], department=d["department"], year=int(d["year"]),
                      submitted_at=dt.datetime.fromisoformat(d["submitted_at"]), source_name=d["source_name"],
                      source_sha256=d["source_sha256"], source_kind=d["source_kind"], report_json=d["report_json"],
                      notices=tuple(json.loads(d["notices"])), id=int(d["id"]),
                      added_at=dt.datetime.fromisoformat(d["added_at"]), checked_with=d["checked_with"],
                      findings_json=d["findings_json"])


class SummaryDB:
    """A 汇总 workspace file. ``SummaryDB.create(path)`` makes a new one, ``SummaryDB.open(path)`` opens one."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool):
        self.path = path
        self._conn = conn
        self.read_only = read_only

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path) -> "SummaryDB":
        path = Path(path)
        if path.exists():
            raise StoreError(f"文件“{path}”已存在。请换一个文件名，或用“打开汇总”打开它。")
        if not path.parent.is_dir():
            raise StoreError(f"文件夹“{path.parent}”不存在，请先创建该文件夹或选择其他位置。")
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error:
            raise StoreError(f"无法新建汇总文件“{path}”。") from None
        db = cls(path, conn, False)
        try:
            db._migrate(0)
            db._set_meta("created_at", _now().isoformat(timespec="seconds"))
        except (sqlite3.Error, OSError) as exc:
            conn.close()
            path.unlink(missing_ok=True)
            reason = os_error_reason(exc) if isinstance(exc, OSError) else "数据库错误"
            raise StoreError(f"无法新建汇总文件“{path}”（{reason}）。") from None
        return db

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> "SummaryDB":
        path = Path(path)
        try:
            if path.is_dir():
                raise StoreError(f"“{path}”是一个文件夹，请选择汇总文件。")
            if not path.is_file():
                raise StoreError(f"找不到汇总文件“{path}”。新建汇总请用 selfeval summary new。")
            with open(path, "rb") as f:
                header = f.read(16)
        except OSError as exc:
            raise StoreError(f"无法读取汇总文件“{path}”（{os_error_reason(exc)}）。") from None
        if header != b"SQLite format 3\x00":
            raise StoreError(f"“{path.name}”不是汇总文件（不是本程序的数据库文件），未作任何改动。")
        uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "?mode=rw")
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error:
            raise StoreError(f"汇总文件“{path.name}”已损坏或无法打开，未作任何改动。") from None
        if app_id != APPLICATION_ID:
            conn.close()
            raise StoreError(f"“{path.name}”不是汇总文件（可能是报告数据库或其他程序的文件），未作任何改动。")
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"汇总文件“{path.name}”由更新版本的程序建立（版本 {version}），请先升级本程序。")
        db = cls(path, conn, read_only)
        if version < SCHEMA_VERSION:
            if read_only:
                conn.close()
                raise StoreError(f"汇总文件“{path.name}”需要升级，请以可写方式打开一次。")
            db._migrate(version)
        return db

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "SummaryDB":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self, version: int) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for n in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[n].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _set_meta(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # -- reading ---------------------------------------------------------------------------------------
    def submissions(self) -> list[Submission]:
        """Every submission, by 主管部门, unit and year."""
        rows = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM submissions "
                                  "ORDER BY department, unit_name, year").fetchall()
        return [_row(r) for r in rows]

    def find(self, unit_name: str, year: int) -> Submission | None:
        row = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM submissions WHERE unit_name = ? AND year = ?",
                                 (unit_name, year)).fetchone()
        return _row(row) if row else None

    def get(self, submission_id: int) -> Submission:
        row = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM submissions WHERE id = ?",
                                 (submission_id,)).fetchone()
        if row is None:
            raise StoreError(f"汇总中没有编号为 {submission_id} 的报送。")
        return _row(row)

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM submissions").fetchone()[0]

    # -- writing ---------------------------------------------------------------------------------------
    def put_all(self, submissions: list[Submission]) -> list[int]:
        """Store ``submissions`` in one transaction, each replacing the one of its unit and year (the caller
        has shown what changes). All or none."""
        self._writable()
        conn = self._conn
        ids = []
        now = _now().isoformat(timespec="seconds")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for s in submissions:
                conn.execute("DELETE FROM submissions WHERE unit_name = ? AND year = ?", (s.unit_name, s.year))
                cur = conn.execute(
                    "INSERT INTO submissions (unit_name, department, year, submitted_at, source_name, source_sha256,"
                    " source_kind, report_json, notices, added_at, checked_with, findings_json)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (s.unit_name, s.department, s.year, s.submitted_at.isoformat(timespec="seconds"), s.source_name,
                     s.source_sha256, s.source_kind, s.report_json, json.dumps(list(s.notices), ensure_ascii=False),
                     now, s.checked_with, s.findings_json))
                ids.append(cur.lastrowid)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"无法写入汇总文件“{self.path.name}”（{_sqlite_reason(exc)}），汇总未作任何改动。") from None
        return ids

    def set_findings(self, results: dict[int, tuple[str, str]]) -> None:
        """Remember the 审核 findings per submission id: (checked_with, findings_json). A cache: a read-only
        workspace simply keeps none."""
        if self.read_only or not results:
            return
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("UPDATE submissions SET checked_with = ?, findings_json = ? WHERE id = ?",
                             [(v, f, i) for i, (v, f) in results.items()])
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")  # only a cache: checked again next time

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"汇总文件“{self.path.name}”以只读方式打开，不能修改。")


def _sqlite_reason(exc: sqlite3.Error) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "文件正被其他程序占用"
    if "readonly" in text or "read-only" in text:
        return "文件是只读的"
    if "full" in text:
        return "磁盘空间不足"
    return "数据库错误"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)

"""Backup and restore of the open session's database (``app.backup``), without Qt: the sequence the window's
从备份恢复… runs — pending typing saved, the report and the store closed, the file replaced, the store reopened."""

from __future__ import annotations

import pytest

from selfeval.app.backup import ReopenFailed, RestoreFailed, backup_session, restore_session
from selfeval.store.operations import RenameReport


def test_a_restore_brings_back_the_backup_and_the_store_stays_usable(session, store, report_id, tmp_path):
    session.open(report_id)
    (tmp_path / "u盘").mkdir()
    backup = backup_session(session, tmp_path / "u盘" / "备份.db")
    assert backup.is_file()
    session.run_op(RenameReport(report_id, "改过的单位全称", "改过"), "无法重命名")
    assert store.info(report_id).unit_name == "改过的单位全称"

    restored = restore_session(session, backup)

    assert session.report_id is None  # the open report was closed; the window opens restored.latest
    assert restored.reports == 1 and restored.latest == report_id
    assert restored.saved is not None and restored.saved.is_file()  # the replaced database, kept
    assert store.info(report_id).unit_name != "改过的单位全称"
    session.open(report_id)  # the same Store object, a new connection
    assert session.report.unit_name == store.load(report_id).unit_name


def test_a_bad_backup_is_refused_and_the_database_is_open_again_unchanged(session, store, report_id, tmp_path):
    session.open(report_id)
    bad = tmp_path / "备份.db"
    bad.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(RestoreFailed) as err:
        restore_session(session, bad)
    assert not isinstance(err.value, ReopenFailed) and str(err.value)
    assert [i.id for i in store.list_reports()] == [report_id]  # reopened, nothing replaced

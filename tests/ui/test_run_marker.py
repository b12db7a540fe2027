"""The run marker on its own (no Qt): written at start, removed at a clean end, reported once."""

from __future__ import annotations

import datetime as dt

from selfeval.ui.app.run_marker import RunMarker, unclean_end_message


def test_a_clean_end_leaves_nothing(tmp_path):
    marker = RunMarker(tmp_path / "a.db", tmp_path / "log")
    assert marker.begin() is None
    assert marker.path.exists()
    marker.end()
    assert not marker.path.exists()
    assert RunMarker(tmp_path / "a.db", tmp_path / "log").begin() is None


def test_an_unclean_end_is_found_once_and_per_file(tmp_path):
    RunMarker(tmp_path / "a.db", tmp_path / "log").begin()  # never ended: killed
    other = RunMarker(tmp_path / "b.db", tmp_path / "log")
    assert other.begin() is None  # another database file has its own marker
    again = RunMarker(tmp_path / "a.db", tmp_path / "log")
    found = again.begin()
    assert found is not None and found["db"] == str(tmp_path / "a.db")
    again.end()
    assert RunMarker(tmp_path / "a.db", tmp_path / "log").begin() is None


def test_a_marker_cut_off_by_the_crash_still_counts(tmp_path):
    marker = RunMarker(tmp_path / "a.db", tmp_path / "log")
    marker.path.parent.mkdir(parents=True)
    marker.path.write_text('{"pid": 12', encoding="utf-8")
    assert marker.begin() == {}


def test_no_log_folder_is_no_error(tmp_path):
    blocker = tmp_path / "log"
    blocker.write_text("a file where the folder should be")
    marker = RunMarker(tmp_path / "a.db", blocker)
    assert marker.begin() is None
    marker.end()


def test_the_message_names_the_last_save_in_local_time():
    when = dt.datetime(2026, 3, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    text = unclean_end_message(when)
    assert when.astimezone().strftime("%Y-%m-%d %H:%M:%S") in text
    assert "没有正常关闭" in text and "最后一秒" in text
    assert "之前保存的内容都在" in unclean_end_message(None)

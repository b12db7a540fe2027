"""Scenario 5 of issue 18 in the window: 报告管理 › 导入交换文件 on files crafted by hand with their checksum
computed again. Each is refused with one Chinese line naming its first bad field; nothing is stored."""

from __future__ import annotations

import pytest
from hostile_exchange import HOSTILE, craft, with_control_characters
from reports_helpers import answers  # noqa: F401 - a fixture

from selfeval.bundled.samples import bundled_sample
from selfeval.exchange import pack_report, write_exchange
from selfeval.session.edit_session import EditSession
from selfeval.store import Store
from selfeval.store.operations import CreateReport
from selfeval.ui.views import exchange_actions


@pytest.fixture(scope="module")
def packed_sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packed")
    with Store.open(folder / "source.db") as store:
        report_id = store.apply(CreateReport(bundled_sample())).report_id
        return write_exchange(pack_report(store, report_id), folder / "sample.selfeval")


@pytest.fixture
def session(tmp_path):
    from selfeval.ui.window.main_window import qt_timer

    store = Store.open(tmp_path / "here.db")
    yield EditSession(store, qt_timer(None))
    store.close()


def _state(store) -> tuple:
    return tuple(store.list_reports()), store._conn.execute("SELECT COUNT(*) FROM ops").fetchone()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_window_refuses_a_crafted_file_naming_its_first_bad_field(qtbot, tmp_path, answers, session,
                                                                        packed_sample, name):
    crafted = craft(packed_sample, tmp_path, name)
    before = _state(session.store)
    assert exchange_actions.unpack_file(None, session, crafted) is None
    (kind, title, text), = answers.shown
    assert kind == "error" and title == "无法导入交换文件"
    assert len(text.splitlines()) == 1 and HOSTILE[name][1] in text and "未导入" in text, text
    assert _state(session.store) == before


def test_the_window_imports_control_characters_cleaned(qtbot, tmp_path, answers, session, packed_sample):
    crafted = with_control_characters(packed_sample, tmp_path)
    answers.yes_no.append(True)  # 导入为新报告
    done = exchange_actions.unpack_file(None, session, crafted)
    assert done is not None
    report = session.store.load(done[0])
    assert report.unit_short == "昌华街道"
    assert report.sections[1].intro == "正文有控制字符。"

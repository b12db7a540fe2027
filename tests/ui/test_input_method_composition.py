"""An input method composing over selected text (an amount, a 基本信息 field, a lead phrase) neither saves
an empty value nor judges the text: only what it commits (or the field as a cancelled composition leaves
it) counts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent

from helpers import answers, env, running, sample_db  # noqa: F401
from selfeval.domain.figures import FigureKind
from selfeval.ui.widgets.amount_field import AmountField


def _preedit(widget, text: str) -> None:
    QCoreApplication.sendEvent(widget, QInputMethodEvent(text, []))


def _commit(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def _field(qtbot) -> tuple[AmountField, list]:
    field = AmountField(FigureKind.MONEY, "万元")
    qtbot.addWidget(field)
    field.set_amount(Decimal("7663.69"), "万元")
    edits: list = []
    field.edited.connect(lambda: edits.append(field.value()))
    field.edit.setFocus()
    field.edit.selectAll()
    return field, edits


def test_composing_over_a_selected_number_changes_nothing(qtbot):
    field, edits = _field(qtbot)
    _preedit(field.edit, "ba")
    _preedit(field.edit, "bawan")
    assert edits == [] and field.value() == Decimal("7663.69") and field.error() == ""


def test_a_committed_number_is_taken(qtbot):
    field, edits = _field(qtbot)
    _preedit(field.edit, "ba")
    _commit(field.edit, "８０００")  # full-width digits, as a Chinese input method gives them
    assert edits == [Decimal("8000")] and field.error() == ""


def test_committed_words_are_refused_once_and_the_number_kept(qtbot):
    field, edits = _field(qtbot)
    _preedit(field.edit, "wuqian")
    assert field.error() == ""
    _commit(field.edit, "五千")
    assert edits == [] and field.value() == Decimal("7663.69") and "五千" in field.error()


def test_a_cancelled_composition_leaves_the_field_as_it_shows(qtbot):
    field, edits = _field(qtbot)
    _preedit(field.edit, "ba")
    _preedit(field.edit, "")  # Esc: the selection it replaced stays removed
    assert field.edit.text() == "" and edits == [None]


def test_in_the_window_nothing_is_saved_while_composing(qtbot, running):
    window = running.window
    editor = window.editors["efficiency"]
    window.tabs.select("efficiency")
    name = editor.section().figures[0].name
    before = editor.section().figures[0].value
    field = editor.field(name)
    field.edit.setFocus()
    field.edit.selectAll()
    _preedit(field.edit, "wuqian")
    assert not window.session.pending
    assert "未采用" not in editor.status_text(name)
    assert window.flush()
    assert running.store.load(window.report_id).section("efficiency").figures[0].value == before
    _commit(field.edit, "5000")
    assert window.flush()
    assert running.store.load(window.report_id).section("efficiency").figures[0].value == Decimal("5000")


def test_a_basic_info_field_is_not_saved_empty_while_composing(qtbot, running):
    window = running.window
    tab = window.tabs.basic_info()
    before = running.store.load(window.report_id).unit_name
    tab.unit_name.setFocus()
    tab.unit_name.selectAll()
    _preedit(tab.unit_name, "guangzhou")
    assert not window.session.pending
    assert window.flush()
    assert running.store.load(window.report_id).unit_name == before
    _commit(tab.unit_name, "广州市荔湾区人民政府多宝街道办事处")
    assert window.flush()
    assert running.store.load(window.report_id).unit_name == "广州市荔湾区人民政府多宝街道办事处"


def test_a_lead_phrase_is_not_saved_while_composing(qtbot, running):
    window = running.window
    editor = window.editors["problems"]
    window.tabs.select("problems")
    lead = editor.rows()[0].lead
    before = running.store.load(window.report_id).section("problems").entries[0].lead
    lead.setFocus()
    lead.selectAll()
    _preedit(lead, "yusuan")
    assert not window.session.pending
    _preedit(lead, "")  # cancelled: the field shows the selection removed, and that is the edit
    assert window.session.pending
    assert window.flush()
    assert running.store.load(window.report_id).section("problems").entries[0].lead == "" != before

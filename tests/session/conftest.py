from __future__ import annotations

import pytest
from selfeval.bundled.samples import bundled_sample
from selfeval.session.edit_session import EditSession
from session_support import Recorder, Timers
from selfeval.store import Store


@pytest.fixture
def report_id(store: Store) -> int:
    return store.create(bundled_sample())


@pytest.fixture
def timers() -> Timers:
    return Timers()


@pytest.fixture
def session(store, timers) -> EditSession:
    return EditSession(store, timers)


@pytest.fixture
def events(session) -> Recorder:
    return Recorder(session)

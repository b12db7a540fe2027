import pytest

from selfeval.samples import sample_text_path


@pytest.fixture(scope="session")
def sample_text() -> str:
    return sample_text_path().read_text(encoding="utf-8")

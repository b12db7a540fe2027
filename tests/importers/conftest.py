from pathlib import Path

import pytest

from selfeval.bundled.samples import sample_text_path


@pytest.fixture(scope="session")
def sample_text() -> str:
    return sample_text_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def exported_sample(tmp_path_factory) -> Path:
    """The bundled sample exported to .docx by the app's own export."""
    from selfeval.export import export_docx
    from selfeval.bundled.samples import bundled_sample

    return export_docx(bundled_sample(), tmp_path_factory.mktemp("export") / "2024年度昌华街道说明.docx")

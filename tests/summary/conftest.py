import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summary_submissions import write_submissions  # noqa: E402


@pytest.fixture(scope="session")
def submissions(tmp_path_factory):
    """A folder of 40 submissions: 32 exchange files, 4 Word 说明, 4 bad files; with what was planted."""
    folder = tmp_path_factory.mktemp("subs")
    return folder, write_submissions(folder, 40, docx=4, bad=4)

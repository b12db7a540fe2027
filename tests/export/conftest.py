"""Fixtures for the .docx export tests: the bundled sample, signed and unsigned, exported once per module."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_helpers import Package, sample_report, signed_report

from selfeval.export import export_docx


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> Path:
    return export_docx(sample_report(), tmp_path_factory.mktemp("sample") / "sample.docx")


@pytest.fixture(scope="module")
def signed_docx(tmp_path_factory) -> Path:
    return export_docx(signed_report(), tmp_path_factory.mktemp("signed") / "signed.docx")


@pytest.fixture(scope="module")
def sample_pkg(sample_docx) -> Package:
    return Package(sample_docx)


@pytest.fixture(scope="module")
def signed_pkg(signed_docx) -> Package:
    return Package(signed_docx)

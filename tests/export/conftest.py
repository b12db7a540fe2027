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


FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


@pytest.fixture(scope="session")
def office_env(tmp_path_factory):
    """LibreOffice as the tests use it: the official font names mapped to the free look-alikes that
    scripts/bootstrap.sh installs (tests/export/fontconfig/fonts.conf; fontconfig caches that mapping in
    ~/.cache/selfeval-test-fontconfig, reused by the next run). XDG_CACHE_HOME stays as it is: the rest of
    the session builds the fcitx plugin and the toolchain into the machine's cache folder, once per machine
    (pointed at a temporary folder here, they were rebuilt on every full run)."""
    from selfeval.export.convert import find_converter

    converter = find_converter()
    assert converter is not None, "LibreOffice (soffice) is missing: run scripts/bootstrap.sh"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FONTCONFIG_FILE", str(FONTCONFIG))
        yield converter


@pytest.fixture(scope="session")
def sample_pdf(office_env, tmp_path_factory) -> bytes:
    """The sample exported and converted once for the whole run."""
    from selfeval.export.convert import docx_to_pdf
    from selfeval.export.package import docx_bytes

    return docx_to_pdf(docx_bytes(sample_report()), cache_dir=tmp_path_factory.mktemp("pdf-cache"))

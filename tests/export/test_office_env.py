"""The LibreOffice fixture changes only what LibreOffice needs: the rest of the session (the fcitx plugin's
and the toolchain's builds in tests/frozen) keeps the machine's cache folder, so they are built once per
machine, not on every full run."""

import os

XDG_CACHE_HOME_AT_IMPORT = os.environ.get("XDG_CACHE_HOME")


def test_office_env_keeps_the_cache_folder(office_env):
    assert os.environ.get("XDG_CACHE_HOME") == XDG_CACHE_HOME_AT_IMPORT
    assert os.environ["FONTCONFIG_FILE"].endswith("fonts.conf")

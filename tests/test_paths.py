"""The one function that picks the user folders (``selfeval.system.paths.user_dir``), portable mode (绿色版)
included: a ``portable`` file beside the program keeps database, backups, settings and logs in data/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cli_runner import clean_env, run
from selfeval.system import logfile, paths
from selfeval.cli import commands
from selfeval.cli import main as cli
from selfeval.store import Store, location

@pytest.fixture
def no_overrides(monkeypatch):
    for name in (paths.PORTABLE_DIR_ENV, *paths.USER_DIR_ENV.values(), location.DB_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def platform_dirs(tmp_path, monkeypatch, no_overrides) -> Path:
    """platformdirs answering with folders under tmp_path/platform."""
    base = tmp_path / "platform"
    for name in ("user_data_dir", "user_config_dir", "user_log_dir"):
        monkeypatch.setattr(f"platformdirs.{name}",
                            lambda app, appauthor=None, name=name: str(base / name / app))
    return base


def portable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "U盘" / "绩效自评"
    folder.mkdir(parents=True)
    (folder / paths.PORTABLE_MARKER).write_text("")
    return folder


def test_not_portable_uses_the_platform_folders(platform_dirs):
    assert paths.portable_data_dir() is None
    assert paths.user_dir(paths.DATA) == platform_dirs / "user_data_dir" / "selfeval"
    assert paths.user_dir(paths.CONFIG) == platform_dirs / "user_config_dir" / "selfeval"
    assert paths.user_dir(paths.LOGS) == platform_dirs / "user_log_dir" / "selfeval"
    assert location.default_path() == platform_dirs / "user_data_dir" / "selfeval" / "selfeval.db"
    with pytest.raises(ValueError):
        paths.user_dir("cache")


def test_portable_marker_moves_every_folder_into_data(tmp_path, monkeypatch, platform_dirs):
    folder = portable_folder(tmp_path)
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(folder))
    data = folder / "data"
    assert paths.portable_data_dir() == data
    assert paths.user_dir(paths.DATA) == data
    assert paths.user_dir(paths.CONFIG) == data
    assert paths.user_dir(paths.LOGS) == data / "logs"
    assert location.resolve_path(None) == (data / "selfeval.db", False)
    assert logfile.log_dir() == data / "logs"
    assert not platform_dirs.exists()


def test_portable_folder_without_the_marker_is_ignored(tmp_path, monkeypatch, platform_dirs):
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "portable.txt").write_text("")  # only a file named exactly "portable" counts
    (folder / "data").mkdir()
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(folder))
    assert paths.portable_data_dir() is None
    assert paths.user_dir(paths.DATA) == platform_dirs / "user_data_dir" / "selfeval"


def test_explicit_overrides_win_over_portable(tmp_path, monkeypatch, no_overrides):
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(portable_folder(tmp_path)))
    monkeypatch.setenv("SELFEVAL_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("SELFEVAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv(location.DB_ENV, str(tmp_path / "mine.db"))
    assert paths.user_dir(paths.LOGS) == tmp_path / "logs"
    assert paths.user_dir(paths.CONFIG) == tmp_path / "config"
    assert location.resolve_path(None) == (tmp_path / "mine.db", True)


def test_frozen_looks_beside_the_executable_not_at_the_environment(tmp_path, monkeypatch, no_overrides):
    folder = portable_folder(tmp_path)
    other = portable_folder(tmp_path / "other")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "selfeval.exe"))
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(other))  # ignored when frozen
    assert paths.program_dir() == folder
    assert paths.user_dir(paths.DATA) == folder / "data"


def test_portable_cli_keeps_the_database_in_data(tmp_path):
    """The real command, unfrozen: the database lands in data/ (its backups are made beside it:
    ``store.opening.backup_path``), and HOME with its XDG folders stays empty."""
    folder = portable_folder(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(tmp_path, HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"),
                    XDG_CONFIG_HOME=str(home / ".config"), XDG_STATE_HOME=str(home / ".local" / "state"),
                    XDG_CACHE_HOME=str(home / ".cache"), SELFEVAL_PORTABLE_DIR=str(folder))
    del env["SELFEVAL_LOG_DIR"]
    result = run(tmp_path, "sample", env=env)
    assert result.code == 0, result.err
    with Store.open(folder / "data" / "selfeval.db", read_only=True) as store:
        assert [info.id for info in store.list_reports()] == [int(result.last_line)]
    listed = run(tmp_path, "list", env=env)
    assert listed.code == 0 and result.last_line in listed.out
    assert list(home.rglob("*")) == []


def test_portable_unexpected_error_is_logged_in_data_logs(tmp_path, monkeypatch, capsys, no_overrides):
    folder = portable_folder(tmp_path)
    monkeypatch.setenv(paths.PORTABLE_DIR_ENV, str(folder))
    monkeypatch.delenv("SELFEVAL_DEBUG", raising=False)

    def explode(args):
        raise RuntimeError("boom in portable mode")

    monkeypatch.setattr(commands, "cmd_templates", explode)
    assert cli.main(["templates"]) == 1
    log = folder / "data" / "logs" / logfile.LOG_FILE_NAME
    assert str(log) in capsys.readouterr().err
    assert "boom in portable mode" in log.read_text(encoding="utf-8")

"""Portable mode (绿色版) through the FROZEN build: a copy of the bundle with a ``portable`` file beside
the executable keeps the database in ``data/`` beside it, and writes nothing anywhere else (HOME is an
empty folder, the working folder another one; both stay empty)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx

RUN_TIMEOUT_S = 60


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def _run(exe: Path, *args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(exe), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=RUN_TIMEOUT_S)


def test_portable_bundle_keeps_everything_in_data(frozen, env, home, tmp_path):
    stick = tmp_path / "U盘"
    app = stick / "selfeval"
    shutil.copytree(frozen.app_dir, app, symlinks=True)
    (app / "portable").write_text("", encoding="utf-8")
    before = _files(app)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in env.items() if not k.startswith("SELFEVAL_")}  # no log folder override
    cli = app / frozen.cli.name

    sample = _run(cli, "sample", env=env, cwd=work)
    assert sample.returncode == 0, sample.stderr
    report_id = sample.stdout.strip().splitlines()[-1]
    listed = _run(cli, "list", env=env, cwd=work)
    assert listed.returncode == 0 and report_id in listed.stdout, listed.stderr
    out = stick / "导出" / "说明.docx"
    out.parent.mkdir()
    exported = _run(cli, "export", report_id, "-o", str(out), env=env, cwd=work)
    assert exported.returncode == 0, exported.stderr
    assert docx.Document(str(out)).paragraphs

    assert (app / "data" / "selfeval.db").is_file()
    created = _files(app) - before
    assert created and all(name == "data" or name.startswith("data/") for name in created), sorted(created)
    assert sorted(_files(home)) == [] and sorted(_files(work)) == []


def test_without_the_marker_the_bundle_uses_the_user_folder(frozen, env, home, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in env.items() if not k.startswith("SELFEVAL_")}
    result = _run(frozen.cli, "sample", env=env, cwd=work)
    assert result.returncode == 0, result.stderr
    assert (Path(env["XDG_DATA_HOME"]) / "selfeval" / "selfeval.db").is_file()
    assert not (frozen.app_dir / "data").exists()
    assert os.listdir(work) == []

"""The glibc floor: every ELF file of the Linux bundle needs at most GLIBC_2.28 (Kylin V10, UOS 20) and no
GLIBCXX/CXXABI version newer than the libstdc++ the bundle carries (installer/linux/elf_floor.py, objdump -T).

The bundle is checked when the frozen build was made by installer/build-linux.sh, i.e. when the
glibc-2.28 toolchain is cached on this machine (see frozen_build.py); the checker itself is tested on
this machine's own binaries everywhere.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "linux"))
import elf_floor  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump（binutils）不可用")

TRUE = Path(shutil.which("true") or "/bin/true")
SITE = Path(__import__("PySide6").__file__).parent
QT_CORE = SITE / "Qt" / "lib" / "libQt6Core.so.6"


def _libstdcxx() -> Path:
    for folder in ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"):
        path = Path(folder) / "libstdc++.so.6"
        if path.exists():
            return path.resolve()
    pytest.skip("本机没有 libstdc++.so.6")


def test_the_newest_glibc_a_file_needs_is_found_and_judged(tmp_path):
    shutil.copy(TRUE, tmp_path / "true")
    (tmp_path / "notes.txt").write_text("不是 ELF 文件")
    (tmp_path / "link").symlink_to(tmp_path / "true")
    floor = elf_floor.measure(tmp_path)
    assert floor.files == 1  # the text file and the symlink are not counted
    needed = floor.newest["GLIBC"]
    assert floor.worst["GLIBC"] == ["true"]
    assert floor.violations(max_glibc=needed) == []
    lower = "2.2" if elf_floor.version_key(needed) > (2, 2) else "2.0"
    problems = floor.violations(max_glibc=lower)
    assert len(problems) == 1 and "true" in problems[0] and f"GLIBC_{needed}" in problems[0]


def test_a_file_made_for_another_processor_is_caught(tmp_path, capsys):
    """An x86_64 file in the arm64 bundle (a library PyInstaller took from the wrong place) fails the check."""
    shutil.copy(TRUE, tmp_path / "true")
    floor = elf_floor.measure(tmp_path)
    assert floor.machines == {"true": elf_floor.MACHINES["x86_64"]}
    assert floor.violations(max_glibc="9.99", machine="x86_64") == []
    problems = floor.violations(max_glibc="9.99", machine="aarch64")
    assert len(problems) == 1 and "不是 aarch64 的程序文件" in problems[0] and "true" in problems[0]
    assert elf_floor.main([str(tmp_path), "--max-glibc", "9.99", "--machine", "aarch64"]) == 1
    assert "不是 aarch64" in capsys.readouterr().err
    # an aarch64 header (e_machine 183), however the rest of the file looks
    arm = bytearray((tmp_path / "true").read_bytes())
    arm[18:20] = (183).to_bytes(2, "little")
    (tmp_path / "arm").write_bytes(bytes(arm))
    assert elf_floor.elf_machine(tmp_path / "arm") == elf_floor.MACHINES["aarch64"]


def test_cxx_versions_are_judged_against_the_bundled_libstdcxx(tmp_path):
    shutil.copy(QT_CORE, tmp_path / QT_CORE.name)
    without = elf_floor.measure(tmp_path)
    assert "GLIBCXX" in without.newest and "CXXABI" in without.newest
    assert any("libstdc++" in problem for problem in without.violations(max_glibc="9.99"))

    shutil.copy(_libstdcxx(), tmp_path / "libstdc++.so.6")
    with_runtime = elf_floor.measure(tmp_path)
    assert with_runtime.libstdcxx is not None
    assert elf_floor.version_key(with_runtime.libstdcxx["GLIBCXX"]) >= elf_floor.version_key(with_runtime.newest["GLIBCXX"])
    assert with_runtime.violations(max_glibc="9.99") == []


def test_the_command_prints_the_figures_and_fails_above_the_floor(tmp_path, capsys):
    shutil.copy(TRUE, tmp_path / "true")
    assert elf_floor.main([str(tmp_path), "--max-glibc", "2.0"]) == 1
    out, err = capsys.readouterr()
    assert "所需最高版本：GLIBC_" in out and "超出下限" in err
    assert elf_floor.main([str(tmp_path), "--max-glibc", "9.99"]) == 0
    assert "符合下限" in capsys.readouterr().out


def test_bundle_needs_at_most_glibc_2_28(frozen, note):
    if not frozen.glibc_floor:
        pytest.skip("本机没有缓存的 glibc 2.28 工具链（installer/build-linux.sh 首次运行时编译），"
                    "冻结测试用的是 installer/build.sh 的本机构建，不检查下限")
    floor = elf_floor.measure(frozen.app_dir)
    report = elf_floor.report(floor)
    note(f"glibc floor of {frozen.app_dir}:\n{report}")
    assert floor.files > 50  # executables, libpython, extension modules, Qt, plugins
    assert floor.libstdcxx is not None, "the bundle carries its own libstdc++.so.6"
    assert floor.violations("2.28") == [], report
    assert elf_floor.version_key(floor.newest["GLIBC"]) <= (2, 28)

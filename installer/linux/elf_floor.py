"""The glibc floor of a Linux bundle: the newest GLIBC / GLIBCXX / CXXABI symbol versions its ELF files need.

Runs ``objdump -T`` over every ELF file under a folder (executables, libpython, extension modules,
Qt's libraries and plugins, the C++ runtime) and takes the versions of the symbols each one imports
(``*UND*``). GLIBCXX and CXXABI are compared with what the bundle's own libstdc++.so.6 defines.

    python3 installer/linux/elf_floor.py dist/selfeval [--max-glibc 2.28] [--machine x86_64|aarch64]

prints the figures (and the worst files) and exits 1 when a file needs more than the floor, or (with
``--machine``) is made for another processor than the bundle's (an x86_64 file in the arm64 bundle). Used by
installer/build-linux.sh and tests/frozen/test_glibc_floor.py. Plain Python, standard library only.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_GLIBC = "2.28"  # Kylin V10, UOS 20
_VERSION = re.compile(r"\b(GLIBC|GLIBCXX|CXXABI)_(\d+(?:\.\d+)*)\b")
FAMILIES = ("GLIBC", "GLIBCXX", "CXXABI")


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


# ELF e_machine numbers (the header's 16-bit field at offset 18) of the processors the bundles are made for.
MACHINES = {"x86_64": 62, "aarch64": 183}


def elf_machine(path: Path) -> int:
    with open(path, "rb") as handle:
        header = handle.read(20)
    little = header[5] == 1  # EI_DATA: 1 little-endian, 2 big-endian
    return int.from_bytes(header[18:20], "little" if little else "big")


def elf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p))


def _objdump_t(path: Path) -> str:
    result = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        raise RuntimeError(f"objdump -T {path} failed: {result.stderr.strip()}")
    return result.stdout


def needed_versions(path: Path) -> dict[str, str]:
    """The newest version of each family among the symbols ``path`` imports."""
    newest: dict[str, str] = {}
    for line in _objdump_t(path).splitlines():
        if "*UND*" not in line:
            continue
        for family, number in _VERSION.findall(line):
            if family not in newest or version_key(number) > version_key(newest[family]):
                newest[family] = number
    return newest


def defined_versions(path: Path) -> dict[str, str]:
    """The newest version of each family that ``path`` itself defines (for libstdc++.so.6)."""
    newest: dict[str, str] = {}
    for line in _objdump_t(path).splitlines():
        if "*UND*" in line:
            continue
        for family, number in _VERSION.findall(line):
            if family not in newest or version_key(number) > version_key(newest[family]):
                newest[family] = number
    return newest


@dataclass
class Floor:
    files: int = 0
    newest: dict[str, str] = field(default_factory=dict)  # family -> version
    worst: dict[str, list[str]] = field(default_factory=dict)  # family -> files needing the newest
    needs: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> family -> version
    libstdcxx: dict[str, str] | None = None  # what the bundled libstdc++ defines, if one is bundled
    machines: dict[str, int] = field(default_factory=dict)  # file -> ELF e_machine

    def limit(self, family: str, max_glibc: str) -> str | None:
        if family == "GLIBC":
            return max_glibc
        return None if self.libstdcxx is None else self.libstdcxx.get(family)

    def violations(self, max_glibc: str = DEFAULT_MAX_GLIBC, machine: str | None = None) -> list[str]:
        problems = []
        if machine is not None:
            foreign = [rel for rel, number in self.machines.items() if number != MACHINES[machine]]
            if foreign:
                problems.append(f"不是 {machine} 的程序文件：" + "、".join(foreign[:10])
                                + (f" 等 {len(foreign)} 个" if len(foreign) > 10 else ""))
        for family in FAMILIES:
            if family not in self.newest:
                continue
            limit = self.limit(family, max_glibc)
            if limit is None:
                problems.append(f"{family}_{self.newest[family]}：程序包中没有 libstdc++.so.6 来提供它")
            else:
                over = [f"{rel}（{family}_{needs[family]}）" for rel, needs in self.needs.items()
                        if family in needs and version_key(needs[family]) > version_key(limit)]
                if over:
                    problems.append(f"高于 {family}_{limit}：" + "、".join(over))
        return problems


def measure(folder: Path) -> Floor:
    floor = Floor()
    for path in elf_files(folder):
        floor.files += 1
        rel = path.relative_to(folder).as_posix()
        floor.machines[rel] = elf_machine(path)
        floor.needs[rel] = needed_versions(path)
        for family, number in floor.needs[rel].items():
            current = floor.newest.get(family)
            if current is None or version_key(number) > version_key(current):
                floor.newest[family] = number
                floor.worst[family] = [rel]
            elif number == current:
                floor.worst[family].append(rel)
        if path.name == "libstdc++.so.6":
            floor.libstdcxx = defined_versions(path)
    return floor


def report(floor: Floor) -> str:
    parts = [f"{family}_{floor.newest[family]}" for family in FAMILIES if family in floor.newest]
    lines = [f"{floor.files} 个 ELF 文件，所需最高版本：{'，'.join(parts) or '无'}"]
    if floor.libstdcxx is not None:
        lines.append("自带的 libstdc++.so.6 提供："
                     + "，".join(f"{f}_{floor.libstdcxx[f]}" for f in ("GLIBCXX", "CXXABI") if f in floor.libstdcxx))
    for family in FAMILIES:
        if family in floor.worst:
            shown = floor.worst[family][:5]
            more = len(floor.worst[family]) - len(shown)
            lines.append(f"  需要 {family}_{floor.newest[family]}：{'、'.join(shown)}" + (f" 等 {more + len(shown)} 个" if more else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="elf_floor.py", description="检查程序包中 ELF 文件所需的 glibc/libstdc++ 版本")
    parser.add_argument("folder", type=Path, help="程序文件夹（如 dist/selfeval）")
    parser.add_argument("--max-glibc", default=DEFAULT_MAX_GLIBC, help=f"允许的最高 GLIBC 版本（默认 {DEFAULT_MAX_GLIBC}）")
    parser.add_argument("--machine", choices=sorted(MACHINES), help="每个 ELF 文件都应是这种处理器的（x86_64 或 aarch64）")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"elf_floor.py：找不到文件夹 {args.folder}", file=sys.stderr)
        return 2
    floor = measure(args.folder)
    print(report(floor))
    problems = floor.violations(args.max_glibc, args.machine)
    for problem in problems:
        print(f"超出下限：{problem}", file=sys.stderr)
    if not problems:
        machine = f"，全部是 {args.machine} 的文件" if args.machine else ""
        print(f"符合下限：GLIBC ≤ {args.max_glibc}，GLIBCXX/CXXABI 不高于自带的 libstdc++{machine}。")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

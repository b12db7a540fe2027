"""ICU's data for the Linux bundle, cut down to what Qt and the program's users need (about 6 of 31 MB).

PySide6's Linux wheels bring ICU 73, whose ``libicudata.so.73`` is one symbol, ``icudt73_dat``: a common
data package of 3,900 items for every language and script (31 MB, a quarter of the program folder).
Qt 6 calls ICU for four things only (the ``*_73`` symbols libQt6Core imports): collation (``ucol_*``:
QCollator, so the file dialog sorts Chinese names by pinyin), case mapping (``u_strToUpper/Lower``),
time zones and their names (``ucal_*``) and legacy text encodings (``ucnv_*``: QStringConverter). It never
breaks text with ICU (Qt has its own Unicode tables), never transliterates and never spells numbers.

What is kept (the rules below are data; ``keep(item)`` applies them):
- every item that is not a locale's: the alias tables, normalization, time zone rules, plural and
  likely-subtag data, ``res_index``/``pool`` of every tree;
- the locales of the languages in ``KEPT_LANGUAGES`` (root, Chinese in all its scripts and regions,
  English), in every tree (collation, zone names, currencies, units, languages, regions); a locale left
  out falls back to root, as ICU does for any locale it lacks (German time zone names come out in English);
- the text encodings in ``KEPT_CONVERTERS``: the Chinese ones and the Windows code pages (UTF-8/16/32,
  Latin-1 and ASCII are built into ICU's code, not data).
Left out: break iteration (its dictionaries alone are 2 MB), transliteration and rule-based number
formatting, which Qt does not call.

How: the package is cut with ICU's own ``icupkg`` (Debian: icu-devtools), which checks that no kept item
depends on a removed one, and linked back into a ``libicudata.so.NN`` that defines the same one symbol
(an assembler ``.incbin`` of the package, built with ``$CC``: the glibc-2.28 toolchain's zig in
installer/build-linux.sh). Called by installer/selfeval.spec for every Linux build; also by hand:

    python3 installer/linux/icu_data.py PySide6/Qt/lib/libicudata.so.73 OUT_DIR
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Languages whose locales are kept in every tree (with all their scripts and regions: zh_Hans_CN, zh_Hant_TW,
# en_001, ...): the users' Chinese, English (Qt's own fallback, and the C locale's names), and root.
KEPT_LANGUAGES = frozenset({"root", "zh", "en"})
# Trees no Qt call reads.
DROPPED_TREES = frozenset({"brkitr", "translit", "rbnf"})
# Items of every tree that are not a locale of their own.
NOT_LOCALES = frozenset({"pool", "res_index"})
# Text encodings kept (converter tables, ``name.cnv``): GB18030, GBK (Windows 936), GB2312 (IBM 1383),
# IBM's GBK (1386), Big5 (Windows 950, IBM 1373), Big5-HKSCS (IBM 1375), EUC-TW, and the Windows code
# pages 1250-1258 (IBM 5346-5354).
KEPT_CONVERTERS = re.compile(
    r"(gb18030|windows-936-2000|windows-950-2000|euc-tw-2014"
    r"|ibm-(1383|1386|1373|1375|534[6-9]|535[0-4])_[A-Za-z0-9_-]+)\.cnv"
)
# A locale's item: a language (2-3 letters) or root, then script, region and variant parts (``de_.res``
# and the like, with an empty part, are ICU's alias items).
_LOCALE = re.compile(r"([a-z]{2,3}|root)(_[A-Za-z0-9]*)*\.res")
_LIBRARY = re.compile(r"libicudata\.so\.(\d+)")

INSTALL_ICUPKG = "缺少 ICU 的 icupkg 工具（裁剪 ICU 数据用）：sudo apt-get install icu-devtools"


class IcuDataError(Exception):
    """The data could not be cut down; the message says why, in Chinese."""


def keep(item: str) -> bool:
    """Whether the package item ``item`` (``coll/zh.res``, ``gb18030.cnv``, ``root.res``) stays."""
    tree, _, name = item.rpartition("/")
    if tree in DROPPED_TREES:
        return False
    if name.endswith(".cnv"):
        return KEPT_CONVERTERS.fullmatch(name) is not None
    match = _LOCALE.fullmatch(name)
    if match is None or name[:-len(".res")] in NOT_LOCALES:
        return True
    return match.group(1) in KEPT_LANGUAGES


def _run(args: list[str], what: str) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, errors="replace")
    except FileNotFoundError as exc:
        raise IcuDataError(INSTALL_ICUPKG if args[0].endswith("icupkg") else f"找不到{what}所需的程序：{args[0]}") from exc
    if result.returncode != 0:
        raise IcuDataError(f"{what}失败（{shlex.join(args)}）：\n{result.stdout}{result.stderr}")
    return result.stdout


def data_symbol(library: Path) -> tuple[str, bytes]:
    """The library's ``icudtNN_dat`` symbol: its name and its bytes, the common data package.

    ``nm -D -S`` gives the symbol's size; the package is found in the file by its header (ICU's magic
    bytes 0xda 0x27, then the data format ``CmnD``), which is where the symbol's bytes begin."""
    out = _run(["nm", "-D", "-S", "--defined-only", str(library)], "读取 ICU 数据库的符号")
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            name, size = parts[3], int(parts[1], 16)
            break
    else:
        raise IcuDataError(f"{library} 中没有 ICU 数据符号 icudtNN_dat")
    data = library.read_bytes()
    start = data.find(b"\xda\x27")
    while start != -1 and data[start + 10:start + 14] != b"CmnD":
        start = data.find(b"\xda\x27", start + 1)
    if start < 2 or start - 2 + size > len(data):  # the header's size field comes before the magic
        raise IcuDataError(f"{library} 中找不到完整的 ICU 数据包")
    return name, data[start - 2:start - 2 + size]


def trim(library: Path, out_dir: Path, cc: str | None = None, icupkg: str | None = None) -> Path:
    """A cut-down copy of ``library`` (``libicudata.so.NN``) in ``out_dir``; returns its path."""
    match = _LIBRARY.fullmatch(library.name)
    if match is None:
        raise IcuDataError(f"不是 ICU 数据库：{library}")
    icupkg = icupkg or shutil.which("icupkg") or shutil.which("icupkg", path="/usr/sbin:/sbin")
    if icupkg is None:
        raise IcuDataError(INSTALL_ICUPKG)
    cc_args = shlex.split(cc or os.environ.get("CC") or "cc")
    symbol, blob = data_symbol(library)
    package = f"{symbol[:-len('_dat')]}l"  # icudt73l: ICU names a little-endian package so, inside and out
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="icu-", dir=out_dir) as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        (work / "out").mkdir()
        whole = work / "in" / f"{package}.dat"
        whole.write_bytes(blob)
        items = _run([icupkg, "-l", str(whole)], "列出 ICU 数据").split()
        dropped = [item for item in items if not keep(item)]
        (work / "dropped.txt").write_text("".join(f"{item}\n" for item in dropped), encoding="utf-8")
        cut = work / "out" / f"{package}.dat"  # the package's own name: ICU finds items by it
        _run([icupkg, "-r", str(work / "dropped.txt"), str(whole), str(cut)], "裁剪 ICU 数据")
        source = work / "icudata.S"
        source.write_text(
            "    .section .rodata\n"
            f"    .globl {symbol}\n"
            f"    .type {symbol}, @object\n"
            "    .balign 16\n"
            f"{symbol}:\n"
            f"    .incbin \"{cut}\"\n"
            f"    .size {symbol}, . - {symbol}\n"
            "    .section .note.GNU-stack,\"\",@progbits\n",
            encoding="utf-8",
        )
        target = out_dir / library.name
        _run([*cc_args, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(target), str(source)],
             "生成 ICU 数据库")
    print(f"icu_data: {library.name}: {len(items) - len(dropped)} of {len(items)} items kept, "
          f"{library.stat().st_size / 2**20:.1f} MiB → {target.stat().st_size / 2**20:.1f} MiB")
    return target


def replace_in_toc(binaries: list[tuple], work_dir: Path) -> list[tuple]:
    """PyInstaller's binaries with every ``libicudata.so.NN`` taken from a cut-down copy built in ``work_dir``."""
    out = []
    for dest, src, kind in binaries:
        if _LIBRARY.fullmatch(os.path.basename(dest)) and kind != "SYMLINK":
            src = str(trim(Path(src), work_dir))
        out.append((dest, src, kind))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：python3 installer/linux/icu_data.py libicudata.so.NN 输出文件夹", file=sys.stderr)
        return 2
    try:
        trim(Path(argv[0]), Path(argv[1]))
    except IcuDataError as exc:
        print(f"icu_data：{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

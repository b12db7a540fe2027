"""ICU's data cut down for the Linux bundle (installer/linux/icu_data.py): the rules; a cut of this venv's own
libicudata with which Qt still sorts Chinese by pinyin, names time zones in Chinese and decodes GBK exactly as
with the whole data; and the bundle's copy, which must do the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import PySide6

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "linux"))

import icu_data  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ICU 数据只随 Linux 版打包")

NAMES = ["重庆", "北京", "阿里", "长沙", "上海", "广州"]
# What Qt asks ICU for, run in a child whose ICU data library is chosen with LD_LIBRARY_PATH (searched
# before the RUNPATH that points libicuuc at its own folder).
PROBE = r"""
import functools, json, sys
from PySide6.QtCore import QCollator, QDateTime, QLocale, QStringDecoder, QTimeZone
zh = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
names = json.loads(sys.argv[1])
maps = open("/proc/self/maps").read()
print(json.dumps({
    "icudata": sorted({line.split()[-1] for line in maps.splitlines() if "libicudata" in line}),
    "pinyin": sorted(names, key=functools.cmp_to_key(QCollator(zh).compare)),
    "zone": QTimeZone(b"Asia/Shanghai").displayName(QDateTime.currentDateTime(), QTimeZone.NameType.LongName, zh),
    "codecs": {name: QStringDecoder(name).isValid()
               for name in ("GBK", "GB18030", "GB2312", "Big5", "windows-1252", "Shift_JIS")},
    "upper": zh.toUpper("straße"),
}, ensure_ascii=False))
"""


def venv_icu_data() -> Path:
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    assert found, "PySide6 brings no libicudata"
    return found[0]


def probe(library_dir: Path | None) -> dict:
    env = dict(os.environ)
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(NAMES, ensure_ascii=False)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_as_with_whole_data(cut_dir: Path) -> None:
    whole, cut = probe(None), probe(cut_dir)
    assert cut["icudata"] == [str(cut_dir / venv_icu_data().name)]
    assert whole["icudata"] == [str(venv_icu_data())]
    assert cut["pinyin"] == whole["pinyin"]
    assert cut["pinyin"][:2] == ["阿里", "北京"] and cut["pinyin"] != sorted(NAMES)  # pinyin, not code points
    assert cut["zone"] == whole["zone"] == "中国标准时间"
    assert cut["upper"] == whole["upper"] == "STRASSE"
    assert {name: ok for name, ok in cut["codecs"].items() if name != "Shift_JIS"} == dict.fromkeys(
        ["GBK", "GB18030", "GB2312", "Big5", "windows-1252"], True)
    assert cut["codecs"]["Shift_JIS"] is False and whole["codecs"]["Shift_JIS"] is True  # Japanese: left out


def need_tools() -> None:
    missing = [tool for tool in ("icupkg", "nm", "cc") if shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin")
               is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)} (Debian: icu-devtools binutils gcc; scripts/bootstrap.sh installs them)")


@pytest.mark.parametrize("item, kept", [
    ("coll/zh.res", True), ("coll/zh_Hant_TW.res", True), ("zone/zh_Hans_CN.res", True), ("en_001.res", True),
    ("root.res", True), ("zh.res", True), ("coll/root.res", True),
    ("coll/res_index.res", True), ("zone/pool.res", True), ("pool.res", True), ("res_index.res", True),
    ("zoneinfo64.res", True), ("metaZones.res", True), ("timezoneTypes.res", True), ("supplementalData.res", True),
    ("likelySubtags.res", True), ("cnvalias.icu", True), ("uts46.nrm", True), ("nfkc.nrm", True),
    ("gb18030.cnv", True), ("windows-936-2000.cnv", True), ("ibm-1383_P110-1999.cnv", True),
    ("windows-950-2000.cnv", True), ("ibm-5348_P100-1997.cnv", True),
    ("coll/de.res", False), ("coll/de_.res", False), ("yue.res", False), ("zone/fr_CA.res", False),
    ("curr/ja.res", False), ("brkitr/root.res", False), ("brkitr/cjdict.dict", False),
    ("translit/root.res", False), ("rbnf/zh.res", False), ("ibm-943_P15A-2003.cnv", False),
    ("euc-jp-2007.cnv", False), ("ibm-37_P100-1995.cnv", False),
])
def test_what_stays(item, kept):
    assert icu_data.keep(item) is kept


def test_the_cut_data_gives_qt_what_the_whole_data_gives(tmp_path):
    need_tools()
    out = icu_data.trim(venv_icu_data(), tmp_path / "cut")
    assert out == tmp_path / "cut" / venv_icu_data().name
    assert out.stat().st_size < 8 * 2**20 < 25 * 2**20 < venv_icu_data().stat().st_size
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # the work files are gone
    assert_as_with_whole_data(out.parent)


def test_a_file_that_is_not_icu_data_is_refused_in_chinese(tmp_path):
    other = tmp_path / "libfoo.so.1"
    other.write_bytes(b"\x7fELF")
    with pytest.raises(icu_data.IcuDataError, match="不是 ICU 数据库"):
        icu_data.trim(other, tmp_path / "out")
    fake = tmp_path / "libicudata.so.73"
    fake.write_bytes(b"\x7fELF not really")
    need_tools()
    with pytest.raises(icu_data.IcuDataError, match="ICU"):
        icu_data.trim(fake, tmp_path / "out")


def test_without_icupkg_the_build_says_what_to_install(tmp_path):
    need_tools()
    with pytest.raises(icu_data.IcuDataError) as caught:
        icu_data.trim(venv_icu_data(), tmp_path / "out", icupkg=str(tmp_path / "no" / "icupkg"))
    assert str(caught.value) == icu_data.INSTALL_ICUPKG
    assert "apt-get install icu-devtools" in str(caught.value)


def test_the_command_line(tmp_path, capsys):
    need_tools()
    assert icu_data.main([]) == 2
    assert icu_data.main([str(venv_icu_data()), str(tmp_path)]) == 0
    assert "items kept" in capsys.readouterr().out
    assert icu_data.main([str(tmp_path / "missing.so"), str(tmp_path)]) == 1
    assert "不是 ICU 数据库" in capsys.readouterr().err


def test_the_bundle_carries_the_cut_data_and_qt_works_with_it(linux_build, tmp_path):
    bundled = sorted((linux_build.internal / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    assert [p.name for p in bundled] == [venv_icu_data().name]
    assert bundled[0].stat().st_size < 8 * 2**20
    copy = tmp_path / "lib"
    copy.mkdir()
    shutil.copy2(bundled[0], copy / bundled[0].name)
    assert_as_with_whole_data(copy)

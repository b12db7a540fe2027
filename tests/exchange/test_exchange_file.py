"""The .selfeval file: written whole, read back equal; damaged, tampered, newer and foreign files refused
in one Chinese sentence."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from selfeval.exchange import ExchangeError, pack_report, read_exchange, write_exchange
from selfeval.exchange.file_format import FORMAT_VERSION


@pytest.fixture
def packed(two_copies, tmp_path: Path) -> Path:
    a, _b, report_id = two_copies
    return write_exchange(pack_report(a, report_id), tmp_path / "昌华街道")


def test_written_with_the_suffix_and_read_back_equal(two_copies, packed: Path):
    a, _b, report_id = two_copies
    assert packed.name == "昌华街道.selfeval"
    back = read_exchange(packed)
    assert back.report.to_dict() == a.load(report_id).to_dict()
    assert back.whole and back.name == "昌华街道.selfeval"
    assert back.origin.unit_name == "广州市荔湾区人民政府昌华街道办事处" and back.origin.year == 2024
    assert back.origin.computer and back.base_op_id == a.history(report_id, limit=1)[0].id
    assert set(back.histories) == {s.key for s in back.report.sections}


def _rewrite(path: Path, change) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ExchangeError) as info:
        read_exchange(path)
    message = str(info.value)
    assert "\n" not in message and all(w in message for w in words), message
    return message


def test_a_tampered_file_fails_its_checksum(packed: Path):
    _rewrite(packed, lambda d: d["content"]["report"]["sections"][1].update(intro="改过的文字"))
    _refused(packed, "校验和不符")


def test_a_newer_format_is_refused(packed: Path):
    _rewrite(packed, lambda d: d.update(format_version=FORMAT_VERSION + 1))
    _refused(packed, "更新版本", "升级")


def test_a_truncated_file_is_damaged(packed: Path):
    data = packed.read_bytes()
    packed.write_bytes(data[: len(data) // 2])
    _refused(packed, "损坏")


def test_a_zip_is_not_an_exchange_file(tmp_path: Path):
    path = tmp_path / "别的.selfeval"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.json", "{}")
    _refused(path, "压缩包")


@pytest.mark.parametrize("data", [b"\xff\xfe\x00garbage", b"just text", b'{"format": "other"}'])
def test_other_files_are_not_exchange_files(tmp_path: Path, data: bytes):
    path = tmp_path / "x.selfeval"
    path.write_bytes(data)
    _refused(path, "不是本程序的交换文件")


def test_a_checksummed_file_with_a_broken_structure_is_damaged(packed: Path):
    import hashlib

    def change(d):
        del d["content"]["base"]["sections"]
        text = json.dumps(d["content"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        d["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()

    _rewrite(packed, change)
    _refused(packed, "损坏")


def test_missing_file_and_folder(tmp_path: Path):
    _refused(tmp_path / "没有.selfeval", "找不到")
    _refused(tmp_path, "文件夹")


def test_writing_into_a_missing_folder_says_so(two_copies, tmp_path: Path):
    a, _b, report_id = two_copies
    with pytest.raises(ExchangeError, match="不存在"):
        write_exchange(pack_report(a, report_id), tmp_path / "没有" / "x.selfeval")


def test_a_file_cut_inside_a_chinese_character_is_damaged(packed: Path):
    data = packed.read_bytes()
    packed.write_bytes(data[: data.index("街".encode()) + 1])
    _refused(packed, "损坏")

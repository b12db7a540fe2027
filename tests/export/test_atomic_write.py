"""The write is atomic and every failure is one Chinese sentence: folder, missing folder, read-only,
locked, disk full, a crash mid-way. The old file survives every failure and no temporary file is left."""

import errno
import os
import stat

import pytest
from export_helpers import sample_report

from selfeval.domain.errors import UserError
from selfeval.export import ExportError, export_docx
from selfeval.export import atomic, docx_writer

OLD = b"old contents"


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message) and "Traceback" not in message


def test_export_error_is_a_user_error():
    assert issubclass(ExportError, UserError)


def test_writes_a_new_file_and_adds_the_suffix(tmp_path):
    out = export_docx(sample_report(), tmp_path / "说明")
    assert out == tmp_path / "说明.docx" and out.exists()
    assert out.read_bytes()[:2] == b"PK"
    assert _leftovers(tmp_path) == []


def test_replaces_an_existing_file_with_normal_permissions(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)
    export_docx(sample_report(), target)
    assert target.read_bytes()[:2] == b"PK"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_target_is_a_folder(tmp_path):
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), folder)
    assert "文件夹" in str(err.value) and _chinese(str(err.value))
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_folder_missing(tmp_path):
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), tmp_path / "没有" / "out.docx")
    assert "不存在" in str(err.value)
    assert not (tmp_path / "没有").exists()


def test_parent_is_a_file(tmp_path):
    (tmp_path / "file").write_bytes(OLD)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), tmp_path / "file" / "out.docx")
    assert "不是文件夹" in str(err.value)


def test_read_only_target_real(tmp_path):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)
    target.chmod(0o444)
    try:
        with pytest.raises(ExportError) as err:
            export_docx(sample_report(), target)
        assert "只读" in str(err.value)
        assert target.read_bytes() == OLD
        assert _leftovers(tmp_path) == []
    finally:
        target.chmod(0o644)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_real(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as err:
            export_docx(sample_report(), folder / "out.docx")
        assert "权限" in str(err.value)
    finally:
        folder.chmod(0o755)


def test_read_only_folder_simulated(tmp_path, monkeypatch):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "open", refuse)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), tmp_path / "out.docx")
    assert "没有写入文件夹" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_locked_target_like_word_on_windows(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)

    def locked(src, dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), target)
    assert "正被其他程序" in str(err.value) and "Word" in str(err.value)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_disk_full(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)

    class Full:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "open", Full, raising=False)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), target)
    assert "磁盘空间不足" in str(err.value)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_other_os_errors_are_still_one_chinese_sentence(tmp_path, monkeypatch):
    def broken(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), tmp_path / "out.docx")
    assert _chinese(str(err.value)) and "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_crash_while_building_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)

    def crash(report, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(docx_writer, "docx_bytes", crash)
    with pytest.raises(RuntimeError):
        export_docx(sample_report(), target)
    assert target.read_bytes() == OLD
    assert list(tmp_path.iterdir()) == [target]


def test_an_interrupt_while_writing_removes_the_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(OLD)

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export_docx(sample_report(), target)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_missing_base_template_is_a_user_error(tmp_path, monkeypatch):
    from selfeval.export import package

    monkeypatch.setattr(package, "docx_base_template", lambda: tmp_path / "missing.docx")
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), tmp_path / "out.docx")
    assert "重新安装" in str(err.value)
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need no privilege only on POSIX")
def test_a_link_to_a_document_is_written_through_and_stays_a_link(tmp_path):
    real_folder = tmp_path / "documents"
    real_folder.mkdir()
    document = real_folder / "说明.docx"
    document.write_bytes(OLD)
    link = tmp_path / "快捷方式.docx"
    link.symlink_to(document)
    assert export_docx(sample_report(), link) == link
    assert link.is_symlink() and os.readlink(link) == str(document)
    assert document.read_bytes()[:2] == b"PK"
    assert _leftovers(tmp_path) == [] and _leftovers(real_folder) == []


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need no privilege only on POSIX")
def test_a_relative_link_chain_is_followed_to_the_document(tmp_path):
    (tmp_path / "a").mkdir()
    document = tmp_path / "a" / "doc.docx"
    document.write_bytes(OLD)
    (tmp_path / "middle.docx").symlink_to("a/doc.docx")
    (tmp_path / "link.docx").symlink_to("middle.docx")
    export_docx(sample_report(), tmp_path / "link.docx")
    assert (tmp_path / "link.docx").is_symlink() and (tmp_path / "middle.docx").is_symlink()
    assert document.read_bytes()[:2] == b"PK"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need no privilege only on POSIX")
def test_a_dangling_link_creates_the_document_it_names(tmp_path):
    real_folder = tmp_path / "documents"
    real_folder.mkdir()
    link = tmp_path / "新说明.docx"
    link.symlink_to(real_folder / "新说明.docx")
    export_docx(sample_report(), link)
    assert link.is_symlink()
    assert (real_folder / "新说明.docx").read_bytes()[:2] == b"PK"
    assert _leftovers(tmp_path) == [] and _leftovers(real_folder) == []


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need no privilege only on POSIX")
def test_a_dangling_link_into_a_missing_folder_is_refused_naming_that_folder(tmp_path):
    link = tmp_path / "说明.docx"
    link.symlink_to(tmp_path / "gone" / "说明.docx")
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), link)
    assert "gone" in str(err.value) and _chinese(str(err.value))
    assert link.is_symlink() and not (tmp_path / "gone").exists()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need no privilege only on POSIX")
def test_a_link_loop_is_refused_and_left_alone(tmp_path):
    link = tmp_path / "环.docx"
    link.symlink_to(link)
    with pytest.raises(ExportError) as err:
        export_docx(sample_report(), link)
    assert _chinese(str(err.value))
    assert link.is_symlink() and _leftovers(tmp_path) == []

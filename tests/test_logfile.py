from selfeval.system import logfile


def test_cli_and_app_share_one_rotating_log(tmp_path, monkeypatch):
    monkeypatch.setenv(logfile.LOG_DIR_ENV, str(tmp_path / "logs"))
    assert logfile.log_dir() == tmp_path / "logs"
    try:
        raise RuntimeError("出错了")
    except RuntimeError as exc:
        path = logfile.write_error("selfeval export 1", exc)
    text = path.read_text(encoding="utf-8")
    assert path == tmp_path / "logs" / logfile.LOG_FILE_NAME
    assert "selfeval export 1" in text and "RuntimeError: 出错了" in text and "Traceback" in text

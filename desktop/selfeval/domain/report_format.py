"""The version of a report's JSON form (``"format"`` in ``Report.to_dict()``) and its upgrades.

Every reader of report JSON (the store, the bundled sample, exchange files) goes through ``upgrade``:
an older form is brought up to ``FORMAT_VERSION`` by the registered steps, one version at a time; a
newer form, written by a later release of the program, is refused with a message saying so.

Changing the form: raise ``FORMAT_VERSION``, register ``@upgrade_step(old)`` that turns a dict of the old
form into the new one, and add a store migration that rewrites stored reports with ``upgrade`` (the
store keeps report JSON in pieces and patches; they must all be in one form).
"""

from __future__ import annotations

from collections.abc import Callable

from selfeval.domain.errors import UserError

FORMAT_VERSION = 1
FIRST_VERSION = 1  # reports written before the field existed count as this

Step = Callable[[dict], dict]
STEPS: dict[int, Step] = {}  # version N -> the function that turns a version-N dict into version N+1


class ReportFormatError(UserError):
    """Report data this program cannot read (a newer program wrote it, or it is damaged)."""


def upgrade_step(from_version: int) -> Callable[[Step], Step]:
    def register(fn: Step) -> Step:
        if from_version in STEPS:
            raise ValueError(f"two upgrade steps from format {from_version}")
        STEPS[from_version] = fn
        return fn

    return register


def format_of(data: dict) -> int:
    version = data.get("format", FIRST_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < FIRST_VERSION:
        raise ReportFormatError(f"报告数据的格式版本“{version}”无法识别，文件可能已损坏。")
    return version


def upgrade(data: dict, *, steps: dict[int, Step] | None = None, current: int = FORMAT_VERSION) -> dict:
    """``data`` in the current form (a new dict when a step ran; ``data`` itself when already current)."""
    steps = STEPS if steps is None else steps
    version = format_of(data)
    if version > current:
        raise ReportFormatError(
            f"此报告由较新版本的本程序保存（数据格式 {version}），当前版本只能读取格式 {current} 及以前的报告。"
            "请升级本程序后再打开。")
    while version < current:
        step = steps.get(version)
        if step is None:
            raise ReportFormatError(f"无法把格式 {version} 的报告升级到格式 {current}。")
        data = step(dict(data))
        version += 1
        data["format"] = version
    return data

"""The indicator frameworks bundled in ``resources/frameworks/`` (one TOML file each, issue 20): read and
checked here, handed to the domain as data (``domain.table.template.parse_framework``)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from selfeval.domain.table.model import DEFAULT_FRAMEWORK
from selfeval.domain.table.template import FrameworkError, TableTemplate, parse_framework
from selfeval.system.paths import resources_dir


def frameworks_dir() -> Path:
    return resources_dir() / "frameworks"


def load_framework(path: Path) -> TableTemplate:
    """One framework file; ``FrameworkError`` (Chinese, naming the file) when it cannot be used."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkError(f"无法读取指标框架 {path.name}：{exc.strerror or exc}。") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"指标框架 {path.name} 不是 UTF-8 编码的文本。") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"指标框架 {path.name} 不是有效的 TOML：{exc}。") from None
    framework = parse_framework(raw, path.name)
    if framework.framework != path.stem:
        raise FrameworkError(f"指标框架 {path.name} 的 id “{framework.framework}”应与文件名“{path.stem}”相同。")
    return framework


def load_frameworks(folder: Path) -> dict[str, TableTemplate]:
    return {p.stem: load_framework(p) for p in sorted(folder.glob("*.toml"))}


@lru_cache(maxsize=1)
def bundled_frameworks() -> dict[str, TableTemplate]:
    return load_frameworks(frameworks_dir())


def get_framework(framework_id: str | None = None) -> TableTemplate:
    frameworks = bundled_frameworks()
    fid = framework_id or DEFAULT_FRAMEWORK
    if fid not in frameworks:
        raise FrameworkError(f"找不到指标框架“{fid}”。")
    return frameworks[fid]

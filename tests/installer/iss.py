"""A reader for the subset of Inno Setup script syntax installer/windows/selfeval.iss uses: ISPP's
``#ifndef``/``#define``/``#error``/``#endif`` and ``{#Name}``, ``[Section]`` headers, ``Key=Value`` lines of
[Setup], ``Param: "value"; Param: value`` entries of the other sections, and [Code] kept as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_INLINE = re.compile(r"\{#(\w+)\}")
_DEFINE = re.compile(r'#define\s+(\w+)\s+"((?:[^"]|"")*)"\s*$')


class IssError(Exception):
    pass


@dataclass
class Script:
    defines: dict[str, str]
    setup: dict[str, str] = field(default_factory=dict)
    entries: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    code: str = ""
    comments: str = ""

    def section(self, name: str) -> list[dict[str, str]]:
        return self.entries.get(name, [])


def _expand(text: str, defines: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        name = match.group(1)
        if name not in defines:
            raise IssError(f"{{#{name}}} is not defined")
        return defines[name]

    return _INLINE.sub(one, text)


def _split_params(line: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('""', '"')
    return value


def parse_entry(line: str) -> dict[str, str]:
    entry = {}
    for part in _split_params(line):
        key, sep, value = part.partition(":")
        if not sep:
            raise IssError(f"not a parameter: {part!r} in {line!r}")
        entry[key.strip()] = _unquote(value)
    return entry


def parse(path: Path, defines: dict[str, str]) -> Script:
    """The script as ISCC would see it with ``/D`` ``defines``."""
    defines = dict(defines)
    script = Script(defines)
    section = None
    active = [True]
    comments = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            directive = line.split(None, 1)[0]
            if directive == "#ifndef":
                active.append(active[-1] and line.split()[1] not in defines)
            elif directive == "#endif":
                active.pop()
            elif not active[-1]:
                continue
            elif directive == "#error":
                raise IssError(line[len("#error"):].strip())
            elif directive == "#define":
                match = _DEFINE.match(line)
                if not match:
                    raise IssError(f"unsupported define: {line}")
                defines[match.group(1)] = _expand(match.group(2).replace('""', '"'), defines)
            else:
                raise IssError(f"unsupported directive: {line}")
            continue
        if not active[-1]:
            continue
        if section == "Code":
            script.code += raw + "\n"
            continue
        if not line:
            continue
        if line.startswith(";"):
            comments.append(line)
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
            continue
        line = _expand(line, defines)
        if section == "Setup":
            key, _, value = line.partition("=")
            script.setup[key.strip()] = value.strip()
        elif section in ("Messages", "CustomMessages"):
            key, _, value = line.partition("=")
            script.entries.setdefault(section, []).append({"Name": key.strip(), "Value": value.strip()})
        else:
            script.entries.setdefault(section, []).append(parse_entry(line))
    script.defines = defines
    script.comments = "\n".join(comments)
    if len(active) != 1:
        raise IssError("unbalanced #ifndef/#endif")
    return script

"""Regular expressions compiled on first use, so that importing a module compiles none of them.

The app imports the domain before its window first paints; most patterns (number parsing, checks, import)
are not needed by then. ``LazyPattern`` has the ``re.Pattern`` interface (``match``, ``sub``, ``finditer``…).
"""

from __future__ import annotations

import re


class LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r})"

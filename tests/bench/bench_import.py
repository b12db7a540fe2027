"""Benchmark of the text importer (not collected by pytest; run by hand):

    .venv/bin/python tests/bench/bench_import.py
"""

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from selfeval.importers import import_text, import_text_file
from selfeval.importers.text_import import MAX_IMPORT_CHARS
from selfeval.bundled.samples import sample_text_path

TITLE = "2024年度昌华街道部门整体支出绩效自评表说明"


def timed(label: str, func, repeat: int = 1) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    for _ in range(repeat):
        func()
    elapsed = (time.perf_counter() - start) / repeat
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<52} {elapsed * 1000:9.1f} ms   peak {peak / 1024 / 1024:6.1f} MB")


def main() -> None:
    sample = sample_text_path()
    timed("sample file (5.5k characters)", lambda: import_text_file(sample), repeat=50)
    body = ("推进基层治理精准高效，落实社区微改造" * 10 + "。") * 1050
    timed("200k-character figures + items sections", lambda: import_text(
        f"{TITLE}\n（四）管理效率分析\n{body}\n二、存在的主要问题\n一是{body}"))
    themes = "\n".join(["党建引领激发动能。依托品牌项目，形成研学地图。"] * 20_000)
    timed("20,000 theme paragraphs (~500k characters)", lambda: import_text(f"{TITLE}\n（三）履职效能分析\n{themes}"))
    cut = "\n".join(["推进基层治理精准高效落实社区微改造"] * (MAX_IMPORT_CHARS // 20))
    timed("text at the size limit, every line cut (1M characters)", lambda: import_text(f"{TITLE}\n{cut}"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importers"))
    from long_pdf import long_pdf

    from selfeval.importers import import_file

    with tempfile.TemporaryDirectory() as tmp:
        pdf = long_pdf(Path(tmp) / "long.pdf", pages=500)
        timed("a 500-page PDF (30 lines a page)", lambda: import_file(pdf))


if __name__ == "__main__":
    main()

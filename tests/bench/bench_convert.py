#!/usr/bin/env python3
"""Benchmark of the PDF conversion (issue 10), side by side in one run (not collected by pytest).

    .venv/bin/python tests/bench/bench_convert.py [--repeat N]

For the bundled sample's .docx, medians of N runs, interleaved:
  (a) first     export.convert.docx_to_pdf with an empty cache: LibreOffice in a fresh throwaway
                profile, as the app's preview and `selfeval export -o OUT.pdf` convert an edited report;
  (b) soffice   the baseline: the same LibreOffice command run directly (throwaway profile, --convert-to
                pdf), as a user or a script would run it by hand;
  (c) cached    docx_to_pdf again on the same bytes (the PDF from the cache, no conversion);
  (d) estimate  domain.pagination.estimate_report_pages (the count shown when no office suite exists);
  (e) pages     export.pdf_pages.pdf_pages (page count and last-page fill from the PDF) and render_page
                of page 1 at 96 dpi (pypdfium2).
Targets (issue 10): preview ready in < 3 s first, < 1 s unchanged.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from selfeval.domain.pagination import estimate_report_pages  # noqa: E402
from selfeval.export.convert import docx_to_pdf, find_converter  # noqa: E402
from selfeval.export.package import docx_bytes  # noqa: E402
from selfeval.export.pdf_pages import pdf_pages, render_page  # noqa: E402
from selfeval.bundled.samples import bundled_sample  # noqa: E402


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def plain_soffice(program: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-soffice-") as tmp:
        work = Path(tmp)
        (work / "in.docx").write_bytes(data)
        subprocess.run([str(program), "--headless", "--norestore", "--nolockcheck",
                        f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to",
                        "pdf:writer_pdf_Export", "--outdir", str(work), str(work / "in.docx")],
                       check=True, capture_output=True, timeout=300)
        assert (work / "in.pdf").stat().st_size > 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    converter = find_converter()
    if converter is None:
        raise SystemExit("LibreOffice is not installed")
    version = subprocess.run([str(converter.program), "--version"], capture_output=True, text=True).stdout.strip()
    report = bundled_sample()
    data = docx_bytes(report)
    first, baseline, cached = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-convert-") as tmp:
        for i in range(args.repeat):
            cache = Path(tmp) / f"cache-{i}"
            pair = [(first, lambda: docx_to_pdf(data, cache_dir=cache)),
                    (baseline, lambda: plain_soffice(converter.program, data))]
            for bucket, fn in (pair if i % 2 == 0 else pair[::-1]):
                bucket.append(timed(fn))
            cached.append(timed(lambda: docx_to_pdf(data, cache_dir=cache)))
        pdf = docx_to_pdf(data, cache_dir=Path(tmp) / "cache-0")
    estimate = [timed(lambda: estimate_report_pages(report)) for _ in range(args.repeat)]
    info = [timed(lambda: pdf_pages(pdf)) for _ in range(args.repeat)]
    render = [timed(lambda: render_page(pdf, 0, 96)) for _ in range(args.repeat)]
    pages, approx = pdf_pages(pdf), estimate_report_pages(report)

    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"

    print(f"PDF conversion benchmark — {version}; the sample; median of {args.repeat}; {os.cpu_count()} CPU(s)")
    print(f"(a) docx_to_pdf, first (fresh throwaway profile) | {ms(first)}")
    print(f"(b) soffice --convert-to pdf directly (baseline)   | {ms(baseline)}")
    print(f"    ratio (a)/(b)                                  | {statistics.median(first) / statistics.median(baseline):.2f}")
    print(f"(c) docx_to_pdf, same bytes (cached)               | {statistics.median(cached) * 1000:.2f} ms")
    print(f"(d) estimate_report_pages (no office suite)        | {statistics.median(estimate) * 1000:.2f} ms")
    print(f"(e) pdf_pages / render_page(page 1, 96 dpi)        | {statistics.median(info) * 1000:.1f} ms / "
          f"{statistics.median(render) * 1000:.1f} ms")
    print(f"pages: LibreOffice {pages.count} (last page {pages.last_page_fill:.0%} full), "
          f"estimate {approx.pages} (last page {approx.last_page_fill:.0%} full)")
    ok = statistics.median(first) < 3 and statistics.median(cached) < 1
    print(f"targets (first < 3 s, unchanged < 1 s): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

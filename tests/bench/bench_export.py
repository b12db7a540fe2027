#!/usr/bin/env python3
"""Benchmark of the .docx export, run side by side in one run (not collected by pytest).

    .venv/bin/python tests/bench/bench_export.py [--repeat N] [--copies N] [--render]

Cases: the bundled sample (6 pages) and a generated report of the sample's sections repeated
(18 copies ≈ 100 pages on the 22 × 28 grid). For each case, whole processes, timed from start to exit:
  (a) selfeval   the CLI, `selfeval --db DB export ID -o OUT` (falls back to `python -c export_docx(...)`
                 when the CLI is not installed);
  (b) python-docx a plain python-docx script writing the same paragraphs with the same formatting
                 (page, margins, fonts incl. eastAsia, sizes, bold, indents, exact spacing, odd/even
                 footers with a PAGE field).
Prints the median wall time of N runs, the ratio (a)/(b), each process's peak RSS (os.wait4), and the
in-process export time and tracemalloc peak of export_docx alone. --render counts pages through the
product's converter (LibreOffice; slow).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "desktop"))

from selfeval.domain.document import Role, report_blocks  # noqa: E402
from selfeval.domain.model import Report, Section  # noqa: E402
from selfeval.bundled.samples import bundled_sample  # noqa: E402

PYTHON = Path(sys.executable)
CLI = PYTHON.parent / "selfeval"

# The plain python-docx script: the same paragraphs (read from JSON) with the same formatting, through
# python-docx's high-level API plus the few XML attributes it has no API for (eastAsia, odd/even footers).
PLAIN_SCRIPT = r'''
import json, sys
import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

blocks = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.argv[2]
doc = docx.Document()
sec = doc.sections[0]
sec.page_width, sec.page_height = Mm(210), Mm(297)
sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
sec.footer_distance = Mm(23.06)
doc.settings.odd_and_even_pages_header_footer = True

FONTS = {"title": ("方正小标宋简体", 22), "heading1": ("黑体", 16), "heading2": ("楷体_GB2312", 16),
         "heading3": ("仿宋_GB2312", 16)}

def font(run, east_asia, size, bold=False):
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.font.bold = bold or None
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size == 16:  # condensed 0.4 pt: 28 characters a line
        spacing = OxmlElement("w:spacing"); spacing.set(qn("w:val"), "-8")
        rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz")

def footer(part, align):
    p = part.paragraphs[0]
    p.alignment = align
    p.paragraph_format.first_line_indent = Pt(0)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(14)
    else:
        p.paragraph_format.left_indent = Pt(14)
    font(p.add_run("— "), "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = p.add_run()
        font(r, "宋体", 14)
        if kind:
            fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), kind); r._element.append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText"); it.text = text; r._element.append(it)
        else:
            r.text = text
    font(p.add_run(" —"), "宋体", 14)

footer(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
footer(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

for b in blocks:
    role, runin, text = b["role"], b["runin"], b["text"]
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(b["spacing"])
    pf.space_before = pf.space_after = Pt(0)
    east_asia, size = FONTS.get(role, ("仿宋_GB2312", 16))
    if role == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.space_after = Pt(b["spacing"])
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if role in ("signature", "date") else WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Pt(31.2)
    if runin:
        font(p.add_run(runin), "仿宋_GB2312", 16, b["runin_bold"])
    if text:
        font(p.add_run(text), east_asia, size, b["bold"])
doc.save(out)
'''

CLI_FALLBACK = ("import json, sys; from selfeval.domain.model import Report; from selfeval.export import export_docx;"
                "export_docx(Report.from_dict(json.load(open(sys.argv[1], encoding='utf-8'))), sys.argv[2])")


def big_report(copies: int) -> Report:
    report = bundled_sample()
    base = list(report.sections)
    for i in range(1, copies):
        for section in base:
            data = section.to_dict()
            data["key"] = f"{data['key']}-{i}"
            report.sections.append(Section.from_dict(data))
    return report


def blocks_json(report: Report) -> list[dict]:
    lay = report.layout
    out = []
    for b in report_blocks(report):
        bold = (b.role is Role.HEADING2 and lay.level2_bold) or (b.role is Role.HEADING3 and lay.level3_bold)
        out.append({"role": b.role.value, "runin": b.runin, "text": b.text, "bold": bold,
                    "runin_bold": lay.level3_bold, "spacing": float(lay.line_spacing_pt)})
    return out


def run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    rss_mib = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
    return wall, rss_mib


def in_process(report: Report, out: Path) -> tuple[float, float]:
    from selfeval.export import export_docx

    export_docx(report, out)  # warm: imports, base template cache
    tracemalloc.start()
    start = time.perf_counter()
    export_docx(report, out)
    wall = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return wall, peak


def pages(path: Path, work: Path) -> str:
    from selfeval.export.convert import ConvertError, docx_to_pdf
    from selfeval.export.pdf_pages import pdf_pages

    try:
        return str(pdf_pages(docx_to_pdf(path.read_bytes(), cache_dir=work / "pdf-cache")).count)
    except ConvertError:
        return "?"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=18, help="sample copies in the big report (18 ≈ 100 pages)")
    ap.add_argument("--render", action="store_true", help="count pages with LibreOffice (slow)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        db = work / "bench.db"
        env = dict(os.environ, SELFEVAL_DB=str(db))
        cases = {"sample": bundled_sample(), f"{args.copies}× sample": big_report(args.copies)}
        use_cli = CLI.exists()
        ids = {}
        if use_cli:
            from selfeval.store import Store

            store = Store.open(db)
            for name, report in cases.items():
                ids[name] = store.create(report)
            store.close()
        plain = work / "plain.py"
        plain.write_text(PLAIN_SCRIPT, encoding="utf-8")

        rows = []
        for n, (name, report) in enumerate(cases.items()):
            blocks = work / f"blocks-{n}.json"
            blocks.write_text(json.dumps(blocks_json(report), ensure_ascii=False), encoding="utf-8")
            data = work / f"report-{n}.json"
            data.write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
            ours_out, plain_out = work / f"selfeval-{n}.docx", work / f"plain-{n}.docx"
            if use_cli:
                ours_cmd = [str(CLI), "--db", str(db), "export", str(ids[name]), "-o", str(ours_out)]
            else:
                ours_cmd = [str(PYTHON), "-c", CLI_FALLBACK, str(data), str(ours_out)]
            plain_cmd = [str(PYTHON), str(plain), str(blocks), str(plain_out)]
            ours, theirs = [], []
            run(ours_cmd, env), run(plain_cmd, env)  # warm the file cache
            for i in range(args.repeat):  # interleaved, so that load on the machine hits both alike
                pair = [(ours, ours_cmd), (theirs, plain_cmd)]
                for bucket, cmd in (pair if i % 2 == 0 else pair[::-1]):
                    bucket.append(run(cmd, env))
            ip_wall, ip_peak = in_process(report, work / f"inproc-{n}.docx")
            row = {
                "case": name,
                "paragraphs": len(report_blocks(report)),
                "chars": sum(len(b.full_text) for b in report_blocks(report)),
                "ours_s": statistics.median(w for w, _ in ours),
                "plain_s": statistics.median(w for w, _ in theirs),
                "ours_rss": max(r for _, r in ours),
                "plain_rss": max(r for _, r in theirs),
                "inproc_ms": ip_wall * 1000,
                "inproc_peak": ip_peak,
                "pages": pages(ours_out, work) if args.render else "-",
                "pages_plain": pages(plain_out, work) if args.render else "-",
            }
            rows.append(row)

    print(f"selfeval export benchmark — {'CLI ' + str(CLI) if use_cli else 'python -c export_docx'}; "
          f"median of {args.repeat} runs per process; {os.cpu_count()} CPU(s)")
    head = ("case", "paras", "chars", "pages", "selfeval s", "python-docx s", "ratio", "selfeval RSS MiB",
            "python-docx RSS MiB", "export_docx ms", "export_docx peak MiB")
    print(" | ".join(head))
    print(" | ".join("-" * len(h) for h in head))
    for r in rows:
        print(" | ".join([
            r["case"], str(r["paragraphs"]), str(r["chars"]), f"{r['pages']}/{r['pages_plain']}",
            f"{r['ours_s']:.3f}", f"{r['plain_s']:.3f}", f"{r['ours_s'] / r['plain_s']:.2f}",
            f"{r['ours_rss']:.1f}", f"{r['plain_rss']:.1f}", f"{r['inproc_ms']:.1f}", f"{r['inproc_peak']:.1f}",
        ]))
    big = rows[-1]
    ok = big["ours_s"] < 1.0 and all(r["ours_s"] / r["plain_s"] <= 1.5 for r in rows)
    print(f"targets (100 pages < 1 s, ratio ≤ 1.5): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

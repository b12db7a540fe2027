"""A PDF of many pages with a text layer, written by hand (a few lines of PDF syntax a page), for the
tests of reading a long PDF: progress, cancel, off the GUI thread."""

from __future__ import annotations

from pathlib import Path

_WORDS = ["budget", "execution", "targets", "services", "roads", "schools", "clinics", "audits", "grants",
          "reviews", "plans", "assets", "payments"]


def long_pdf(path: Path, pages: int = 500, lines_per_page: int = 30) -> Path:
    """``pages`` pages of numbered lines in Helvetica (a standard font: no font file needed)."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>".encode())
    font_id = 3 + 2 * pages
    for n in range(pages):
        words = [_WORDS[(7 * n + i) % len(_WORDS)] for i in range(lines_per_page)]
        lines = [f"(The {w} of page {n + 1}, line {i + 1}.) Tj 0 -20 Td" for i, w in enumerate(words)]
        stream = ("BT /F1 11 Tf 72 780 Td " + " ".join(lines) + " ET").encode()
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * n} 0 R "
                       f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path

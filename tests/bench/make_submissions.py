"""Write a folder of test submissions for the 汇总 (see tests/summary_submissions.py).

    .venv/bin/python tests/bench/make_submissions.py /tmp/subs [--count 300] [--year 2024] [--docx 10] [--bad 6]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from summary_submissions import write_submissions  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--docx", type=int, default=10)
    parser.add_argument("--bad", type=int, default=6)
    args = parser.parse_args()
    written = write_submissions(args.folder, args.count, year=args.year, docx=args.docx, bad=args.bad)
    print(f"{len(written['units'])} good ({len(written['docx'])} .docx), {len(written['bad'])} bad -> {args.folder}")


if __name__ == "__main__":
    main()

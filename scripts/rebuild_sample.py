"""Rewrite resources/samples/changhua-2024.json by importing the bundled text.

Never edit the JSON by hand: when it is wrong, the importer is.
    .venv/bin/python scripts/rebuild_sample.py
"""

from selfeval.bundled.samples import sample_json, sample_report_path, sample_text_path
from selfeval.importers import import_text_file


def rebuild_sample_json():
    path = sample_report_path()
    path.write_text(sample_json(import_text_file(sample_text_path()).report), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(rebuild_sample_json())

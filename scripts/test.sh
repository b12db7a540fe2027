#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite (domain, store, export, importers, CLI, UI offscreen).
#   bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
# Qt must load: if it cannot, fail here loudly instead of letting GUI tests vanish.
.venv/bin/python -c 'from PySide6.QtWidgets import QApplication; app = QApplication([]); print("Qt", __import__("PySide6").__version__, "loads", file=__import__("sys").stderr)'
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
fi
# The whole suite in two runs: everything but the builds on both cores (pytest-xdist), then the folders that
# build and install the frozen program one after the other (they share one build folder and its caches).
BUILDS=(tests/frozen tests/installer)
.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 "${BUILDS[@]/#/--ignore=}"
exec .venv/bin/python -m pytest -q -p no:cacheprovider "${BUILDS[@]}"

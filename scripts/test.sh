#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite (domain, store, export, importers, CLI, UI offscreen).
#   bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
# Qt must load: if it cannot, fail here loudly instead of letting GUI tests vanish.
.venv/bin/python -c 'from PySide6.QtWidgets import QApplication; app = QApplication([]); print("Qt", __import__("PySide6").__version__, "loads", file=__import__("sys").stderr)'
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

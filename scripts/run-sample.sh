#!/usr/bin/env bash
# Sets up the machine, adds the bundled 2024 昌华街道 sample to a demo database and opens the app on it.
#   bash scripts/run-sample.sh            # the database is build/sample/sample.db (kept between runs)
# The database and the daily backups the program makes beside it (build/sample/backups/) stay in build/,
# which git ignores: nothing new appears in the checkout. SELFEVAL_DB names another database file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
DB="${SELFEVAL_DB:-$PWD/build/sample/sample.db}"
mkdir -p "$(dirname "$DB")"
ID="$(.venv/bin/selfeval --db "$DB" sample | tail -n 1)"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "没有检测到图形界面，使用虚拟屏幕（xvfb-run）启动。" >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/selfeval --db "$DB" --report "$ID"
fi
exec .venv/bin/selfeval --db "$DB" --report "$ID"

#!/usr/bin/env bash
# Sets up the machine, adds the bundled 2024 昌华街道 sample to a demo database and opens the app on it.
#   bash scripts/run-sample.sh            # the database is ./sample.db (kept between runs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
DB="${SELFEVAL_DB:-$PWD/sample.db}"
ID="$(.venv/bin/selfeval --db "$DB" sample | tail -n 1)"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "没有检测到图形界面，使用虚拟屏幕（xvfb-run）启动。" >&2
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/selfeval --db "$DB" --report "$ID"
fi
exec .venv/bin/selfeval --db "$DB" --report "$ID"

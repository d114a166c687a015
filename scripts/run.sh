#!/usr/bin/env bash
# `make run`: install, migrate the SQLite database under var/, load the demo once, print the demo
# accounts, and serve at http://127.0.0.1:8000. Run again, it reuses all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export DEBUG="${DEBUG:-true}"
unset DATABASE_URL
.venv/bin/jianfu migrate --no-input -v0
.venv/bin/jianfu demo
echo
echo "减负通已启动：http://127.0.0.1:8000 （Ctrl-C 停止）"
exec .venv/bin/jianfu runserver 127.0.0.1:8000

#!/usr/bin/env bash
# `make run`: install, migrate the SQLite database under var/, load the demo once, print the demo
# accounts, and serve at http://127.0.0.1:8000. Run again, it reuses all of it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Certificates and lists are PDF with Chinese text: without the Noto CJK fonts every character is a box.
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null
  else
    echo "Note: install fonts-noto-cjk (apt-get install fonts-noto-cjk) so that PDF documents show Chinese." >&2
  fi
fi
export DEBUG="${DEBUG:-true}"
unset DATABASE_URL
.venv/bin/jianfu migrate --no-input -v0
.venv/bin/jianfu demo
echo
echo "减负通已启动：http://127.0.0.1:8000 （Ctrl-C 停止）"
exec .venv/bin/jianfu runserver 127.0.0.1:8000

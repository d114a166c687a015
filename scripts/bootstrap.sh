#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12 and installs the locked dependencies into it.
# Usage: scripts/bootstrap.sh [--dev]   (--dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  rm -rf .venv
  python=$(scripts/find-python.sh)
  echo "Creating .venv with $python"
  "$python" -m venv .venv
fi
if ! .venv/bin/python -m uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
groups=(--no-dev)
[ "${1:-}" = "--dev" ] && groups=()
# Bytecode is compiled here, once: a process started where PYTHONDONTWRITEBYTECODE is set (as on these
# machines) would otherwise compile every module it imports from source at each start, about 1.1 s of the
# 1.9 s `jianfu screen` took to begin.
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/python -m uv sync --frozen --quiet --compile-bytecode "${groups[@]}"
.venv/bin/python -m compileall -q jianfu

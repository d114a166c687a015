#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 that really runs (3.13 first, then 3.12).
# pyenv shims exist on PATH even when the version is not selected, so every candidate is executed.
set -u
candidates=(python3.13 python3.12)
for root in "${PYENV_ROOT:-$HOME/.pyenv}" /usr/local /usr; do
  for v in 3.13 3.12; do
    for p in "$root"/versions/"$v"*/bin/python"$v" "$root"/bin/python"$v"; do
      [ -x "$p" ] && candidates+=("$p")
    done
  done
done
for c in "${candidates[@]}"; do
  if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$c" 2>/dev/null || echo "$c"
    exit 0
  fi
done
echo "Jianfu needs Python 3.12 or newer (3.13 preferred); none was found on PATH or under ~/.pyenv/versions." >&2
echo "Install one (e.g. 'pyenv install 3.13' or Debian's python3.13) and run the command again." >&2
exit 1

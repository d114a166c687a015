#!/usr/bin/env bash
# `make test`: installs what the tests need, then runs the whole suite on SQLite and again on a
# throwaway PostgreSQL server started here on a free port (stopped on exit, whatever happens).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

missing=()
for pkg in postgresql chromium fonts-noto-cjk poppler-utils gettext; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
scripts/bootstrap.sh --dev

echo "== lint and migrations"
.venv/bin/ruff check .
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
  || { echo "Models and migrations disagree: run 'manage.py makemigrations'." >&2; exit 1; }

echo "== tests on SQLite"
env -u DATABASE_URL .venv/bin/pytest "$@"

echo "== tests on PostgreSQL"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d)
PGPORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chown postgres "$PGDATA"
stop_pg() { su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
trap stop_pg EXIT
su postgres -c "$PGBIN/initdb -D $PGDATA -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/log -w -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE ROLE jianfu LOGIN PASSWORD 'jianfu' CREATEDB"
DATABASE_URL="postgres://jianfu:jianfu@127.0.0.1:$PGPORT/jianfu" .venv/bin/pytest "$@"

echo "== all tests passed on SQLite and PostgreSQL in $(( $(date +%s) - started )) s"

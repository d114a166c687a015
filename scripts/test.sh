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

# Both cores: pytest-xdist, one worker per core, each worker taking whole files (--dist loadfile) so that a
# module's fixture (a demo loaded once, a server started once) stays in one process. Files go out in the
# order tests/conftest.py sorts them (the slow ones first, --no-loadscope-reorder keeps that order), so the
# run does not end with one worker finishing a demo while the other idles. pytest-django gives each worker
# its own test database (test.sqlite3_gw0, test_jianfu_gw1, ...). Arguments still pass through ("$@", after
# these, so `-n 0` runs serially); a plain `.venv/bin/pytest` stays serial.
PARALLEL=(-n "${JIANFU_TEST_WORKERS:-auto}" --dist loadfile --no-loadscope-reorder)

echo "== tests on SQLite"
# SQLite also runs on both cores. Under xdist it once answered "disk I/O error" to every test of one worker
# after test_lockout.py: two `python -c` processes on that worker's test database ended as what SQLite took
# for its last connections, checkpointed it and deleted its -wal and -shm, which the worker's own process
# still held open. Other processes now reach a copy of the SQLite test database (tests/other_processes.py).
env -u DATABASE_URL .venv/bin/pytest "${PARALLEL[@]}" "$@"

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
DATABASE_URL="postgres://jianfu:jianfu@127.0.0.1:$PGPORT/jianfu" .venv/bin/pytest "${PARALLEL[@]}" "$@"

echo "== all tests passed on SQLite and PostgreSQL in $(( $(date +%s) - started )) s"

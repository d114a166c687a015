#!/usr/bin/env bash
# `make run`: install, migrate the SQLite database under var/, load the demo once, print the demo
# accounts, and serve at http://127.0.0.1:8000 the way production serves. Run again, it reuses all of it.
#
# Usage: scripts/run.sh [--no-install]   (--no-install: .venv and the fonts are already there)
# Environment: PORT (default 8000); JIANFU_VAR_DIR (default var/: database, keys, collected static
# files); JIANFU_DEMO_TEACHERS (default 40000).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-install" ]; then
  scripts/bootstrap.sh
  # Certificates and lists are PDF with Chinese text: without the Noto CJK fonts every character is a box.
  if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null
    else
      echo "Note: install fonts-noto-cjk (apt-get install fonts-noto-cjk) so that PDF documents show Chinese." >&2
    fi
  fi
fi
port="${PORT:-8000}"

# DEBUG off, as in production: a mistake shows the Chinese error page, never Django's debug page
# (which prints settings and source). The secret keys are generated once under var/ by the settings.
export DEBUG=false
# This is plain http on one's own machine: no redirect to https (nothing answers there), cookies not
# marked https-only (the browser would never send them back, and no one could sign in), and no HSTS
# (a browser would refuse http on 127.0.0.1 for a year). Production sets none of these.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
unset DATABASE_URL DJANGO_SETTINGS_MODULE
# Certificates and lists print this address and put it in their QR codes; on one's own machine it is
# the address served here. An address set on purpose (a real server name) is used as given.
export JIANFU_PUBLIC_URL="${JIANFU_PUBLIC_URL:-http://127.0.0.1:$port}"
# The demo's reminders and notifications are mailed to the console (the worker's output), not sent.
export JIANFU_MAIL_BACKEND="${JIANFU_MAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"

.venv/bin/jianfu migrate --no-input -v0
# With DEBUG off, whitenoise serves the collected, fingerprinted and compressed files (its manifest).
.venv/bin/jianfu collectstatic --no-input -v0
.venv/bin/jianfu demo --i-know-this-is-not-production --teachers "${JIANFU_DEMO_TEACHERS:-40000}"
echo
echo "减负通已启动：http://127.0.0.1:$port （Ctrl-C 停止）"
# gunicorn, not `runserver --insecure`: it is the server production runs (README, docs/operations.md),
# so a local run takes the same path — whitenoise's manifest, several requests at once, no reloader —
# and Django itself warns that runserver is not made for serving.
# The deadlines worker (reminders, notifications, escalations) runs beside the web server and stops
# with it: whichever of the two ends, the other is stopped too.
.venv/bin/jianfu worker &
worker=$!
# The complaint pages are logged without the sender's address and agent (jianfu/complaints/access_log.py).
.venv/bin/gunicorn -c python:jianfu.config.gunicorn_conf jianfu.config.wsgi \
  --bind "127.0.0.1:$port" --workers 2 --threads 4 --timeout 120 --max-requests 500 --max-requests-jitter 50 \
  --access-logfile - --log-level warning \
  --logger-class jianfu.complaints.access_log.ComplaintsBlindLogger &
server=$!
trap 'kill "$worker" "$server" 2>/dev/null; wait' EXIT INT TERM
wait -n "$worker" "$server"

#!/usr/bin/env bash
# Start the web server and a Celery worker (with the periodic-job scheduler) side by side.
# Ctrl-C, or a TERM to this script, stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
DATA_DIR=${OPENWEIGH_DATA_DIR:-.data}
mkdir -p "$DATA_DIR"

# DEBUG stays off, as in production (real error pages, no settings dump); DEBUG=true make run
# for Django's debug pages. Without a SECRET_KEY, the settings make one once and keep it in
# the data folder.
export DEBUG=${DEBUG:-false}

"$PY" manage.py migrate --no-input
"$PY" manage.py load_catalog
"$PY" manage.py seed_demo
# Hashed, compressed copies of the static files, which WhiteNoise serves with a year's cache.
"$PY" manage.py collectstatic --no-input -v0

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping openweigh…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

broker="filesystem broker in $DATA_DIR/broker (no server needed)"
[[ -n ${REDIS_URL:-} ]] && broker="Redis at $REDIS_URL"
database="SQLite at $DATA_DIR/openweigh.sqlite3"
[[ -n ${DATABASE_URL:-} ]] && database="$DATABASE_URL"

# The worker runs in a session of its own: a signal to this terminal's whole group (Ctrl-C,
# or a TERM to the group) would otherwise reach its pool processes too, and a pool process
# killed while it holds the pool's result lock leaves the others hung in a warm shutdown.
# The trap above stops it, through its main process, which stops its pool in order.
setsid "$PY" -m celery -A config worker --loglevel=INFO --concurrency=2 >"$DATA_DIR/worker.log" 2>&1 &
pids+=($!)
"$PY" -m celery -A config beat --loglevel=INFO --schedule "$DATA_DIR/celerybeat-schedule" \
  >"$DATA_DIR/beat.log" 2>&1 &
pids+=($!)

# gunicorn, as in production: threads that live on keep their database connections, which
# the development server's thread per request cannot.
"$PY" -m gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
  --worker-class gthread --graceful-timeout 5 --no-control-socket \
  --access-logfile "$DATA_DIR/web.log" &
pids+=($!)

cat <<MSG

  openweigh is running at http://127.0.0.1:$PORT/

  Sign in as one of the demo users (password: openweigh-demo):
    editor    answers questionnaires and starts decisions
    approver  also approves or rejects decision records (not their own)
    admin     also approves, and manages the organisation: members, quorum, policy rules
    viewer    reads only

  Database: $database
  Worker:   Celery, $broker (logs: $DATA_DIR/worker.log, beat.log)
  Web log:  $DATA_DIR/web.log
  Stop with Ctrl-C.

MSG

# Exit (and stop the other) as soon as either process ends.
wait -n "${pids[@]}"

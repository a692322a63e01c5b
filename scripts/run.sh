#!/usr/bin/env bash
# Start the development web server and the task worker side by side.
#
# Usage: scripts/run.sh   (normally via `make run`; expects .venv, migrated DB)
#
# Both processes stay in our process group, so killing the group (e.g. the
# `make` process group) kills both. Ctrl-C / SIGTERM / SIGHUP to this script
# stops both as well; if either process exits, the other one is stopped too.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PY:-.venv/bin/python}"
HOST="${RUN_HOST:-127.0.0.1}"
PORT="${RUN_PORT:-8000}"
export PYTHONUNBUFFERED=1

cat <<BANNER

  MSO-Förderung (development) -> http://$HOST:$PORT/

  Demo logins (password for all: demo)
    verein1, verein2   Verein (applicant)
    pruefung           Prüfung
    leitung            Leitung / Bewilligung
    kasse              Kasse
    admin              Administrator

  Press Ctrl-C to stop web server and task worker.

BANNER

pids=()
stop_all() {
    # A second Ctrl-C while stopping kills immediately.
    trap 'kill -KILL "${pids[@]}" 2>/dev/null' INT TERM HUP
    # Background jobs of a non-interactive shell ignore SIGINT, so use SIGTERM.
    # (runserver's autoreloader kills its child process on SIGTERM.)
    kill -TERM "${pids[@]}" 2>/dev/null
    for _ in $(seq 1 50); do            # up to ~10 s for a graceful stop
        kill -0 "${pids[@]}" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null
    wait 2>/dev/null
}
signal=0
trap 'signal=130' INT
trap 'signal=143' TERM
trap 'signal=129' HUP

"$PY" manage.py runserver "$HOST:$PORT" &
pids+=($!)
"$PY" manage.py db_worker &
pids+=($!)

# Returns when one of them exits or when we get a signal (the trap runs first).
wait -n
rc=$?
if [ "$signal" -ne 0 ]; then
    echo "run.sh: stopping web server and task worker." >&2
    stop_all
    exit "$signal"
fi
echo "run.sh: a process exited (status $rc); stopping the other one." >&2
stop_all
exit "$rc"

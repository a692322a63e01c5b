#!/usr/bin/env bash
# Run the pytest suite twice: on SQLite, then on a throwaway PostgreSQL cluster.
# Browser and accessibility suites (marker "e2e"), the API suite and the
# letters' PDF layout (marker "once", see tests/conftest.py) run once, on
# PostgreSQL only: they test pages, HTTP and typesetting, not the database
# engine.
#
# Usage: scripts/run-tests.sh             (normally via `make test`)
# Environment:
#   PYTEST_ARGS     extra pytest arguments, shell-quoted, e.g. '-k "antrag and not e2e"'
#   TEST_DATABASES  which runs to do, default "sqlite postgres"
#   TEST_WORKERS    pytest-xdist worker processes per run, default: the number
#                   of cores (at most 4); 0 runs everything in this process
# Both runs always happen (unless interrupted); exit status is non-zero if any
# run failed. Output of each run is also kept in var/test-<db>.log.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTEST="${PYTEST:-.venv/bin/pytest}"
TEST_DATABASES="${TEST_DATABASES:-sqlite postgres}"

export DJANGO_ALLOW_ASYNC_UNSAFE=true     # Playwright + live_server in one process
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 # we use Debian's /usr/bin/chromium
export CHROMIUM_EXECUTABLE="${CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
export PYTHONDONTWRITEBYTECODE=1

# Each run spreads its tests over worker processes (pytest-xdist), each with
# its own test database. "--dist load" hands the tests out in collection
# order, in which pytest-django puts the transactional tests last: their
# flush empties the migrations' data, so on every worker they must come after
# the others. The browser suites are all transactional; the accessibility
# gate is one test per role, so the workers share it.
workers="${TEST_WORKERS:-$(n=$(nproc 2>/dev/null || echo 2); [ "$n" -gt 4 ] && n=4; echo "$n")}"
if [ "$workers" -gt 0 ] 2>/dev/null; then
    XDIST=(-n "$workers" --dist load)
    XDIST_WORKERS="$workers"
else
    XDIST=()
    XDIST_WORKERS=""
fi

# Split PYTEST_ARGS with shell quoting rules into "$@".
eval "set -- ${PYTEST_ARGS:-}"
# The slowest tests of each run, so a CI log shows where the time goes.
set -- --durations=25 "$@"
# Output goes through tee; keep colours when a person is watching.
[ -t 1 ] && set -- --color=yes "$@"

interrupted=0
trap 'interrupted=1' INT TERM

describe() {   # pytest exit status -> word for the summary
    case "$1" in
        0) echo passed ;;
        1) echo failed ;;
        2) echo interrupted ;;
        5) echo "failed (no tests collected)" ;;
        125) echo "error (could not start the throwaway cluster)" ;;
        *) echo "failed (exit $1)" ;;
    esac
}

# Add the counts from pytest's closing line ("3 failed, 120 passed, 2 errors in 9s").
total_passed=0 total_failed=0 total_skipped=0
count() {   # count <logfile>
    local line n
    # every pytest run in the log (the PostgreSQL run is several)
    while read -r line; do
        n="$(grep -oE '[0-9]+ passed' <<<"$line" | cut -d' ' -f1)";   total_passed=$((total_passed + ${n:-0}))
        n="$(grep -oE '[0-9]+ failed' <<<"$line" | cut -d' ' -f1)";   total_failed=$((total_failed + ${n:-0}))
        n="$(grep -oE '[0-9]+ errors?' <<<"$line" | cut -d' ' -f1)";  total_failed=$((total_failed + ${n:-0}))
        n="$(grep -oE '[0-9]+ skipped' <<<"$line" | cut -d' ' -f1)";  total_skipped=$((total_skipped + ${n:-0}))
    done < <(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^=* *[0-9]+ (passed|failed|errors?|skipped|deselected)|no tests ran')
}

mkdir -p var
runs=$(echo $TEST_DATABASES | wc -w)
n=0
summary=()
overall=0

for db in $TEST_DATABASES; do
    n=$((n + 1))
    if [ "$interrupted" -eq 1 ]; then
        summary+=("$db: skipped (interrupted)"); overall=1; continue
    fi
    log="var/test-$db.log"
    case "$db" in
        sqlite)
            rm -f var/test.sqlite3 var/test_*.sqlite3
            echo
            echo "=== Test run $n/$runs: SQLite (var/test.sqlite3) ==="
            DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" "$PYTEST" -m "not e2e and not once" "${XDIST[@]}" "$@" 2>&1 | tee -i "$log"
            rc=${PIPESTATUS[0]}
            summary+=("SQLite: $(describe "$rc")")
            ;;
        postgres)
            echo
            scripts/pg-throwaway bash -c '
                echo "=== Test run '"$n/$runs"': PostgreSQL $PG_MAJOR ($PGHOST:$PGPORT) ==="
                pytest="$0"; workers="$1"; shift; rc=0
                "$pytest" -m "not e2e" ${workers:+-n "$workers" --dist load} "$@" || rc=1
                echo "--- browser, accessibility and API suites (tests/e2e)"
                "$pytest" -m e2e tests/e2e ${workers:+-n "$workers" --dist load} "$@"; status=$?
                [ "$status" -eq 0 ] || [ "$status" -eq 5 ] || rc=1
                exit "$rc"' "$PYTEST" "${XDIST_WORKERS}" "$@" 2>&1 | tee -i "$log"
            rc=${PIPESTATUS[0]}
            summary+=("PostgreSQL: $(describe "$rc")")
            ;;
        *)
            echo "run-tests: unknown database '$db'" >&2
            rc=2
            summary+=("$db: unknown")
            ;;
    esac
    [ -f "$log" ] && count "$log"
    [ "$rc" -eq 0 ] || overall=1
done

echo
echo "=== Summary ==="
line="${summary[0]}"
for s in "${summary[@]:1}"; do line="$line / $s"; done
echo "$line"
echo "Total: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$overall"

#!/usr/bin/env bash
# Compile the project's .po files to .mo (the .mo files are not in git).
# Skips gracefully when the project has no locale directory yet.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY="${PY:-.venv/bin/python}"

# Project locale dirs only (never the virtualenv's, var/ or .git).
locale_dirs="$(find . \( -path ./.venv -o -path ./var -o -path ./.git -o -path ./node_modules \) -prune \
               -o -type d -name locale -print)"
if [ -z "$locale_dirs" ]; then
    echo "compilemessages: no locale directory in the project yet, skipping."
    exit 0
fi

# DEBUG=1 only so that settings load without a production SECRET_KEY;
# compilemessages itself does not depend on it.
DEBUG=1 exec "$PY" manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules

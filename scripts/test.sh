#!/usr/bin/env bash
# The whole suite: once on the embedded default (SQLite), then the database-facing tests on
# PostgreSQL. Each run gets a throw-away data home.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Each pass has a data home of its own: what one pass leaves there (a queued upload, a snapshot
# file) must not be seen by the other.
HOMES="$(mktemp -d)"
trap 'rm -rf "$HOMES"' EXIT
unset STATUSBRIDGE_DATABASE_URL

echo "== statusbridge tests on SQLite"
STATUSBRIDGE_HOME="$HOMES/sqlite" $BIN/python -m pytest "$@"

echo "== statusbridge tests on PostgreSQL"
bash scripts/postgres.sh
export STATUSBRIDGE_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test"
STATUSBRIDGE_HOME="$HOMES/postgresql" $BIN/python -m pytest -m "not sqlite_only" \
  --ignore=tests/world --ignore=tests/engine "$@"

#!/usr/bin/env bash
# The whole suite: once on the embedded default (SQLite), then the database-facing tests on
# PostgreSQL. Each run gets a throw-away data home.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export STATUSBRIDGE_HOME="$(mktemp -d)"
trap 'rm -rf "$STATUSBRIDGE_HOME"' EXIT
unset STATUSBRIDGE_DATABASE_URL

echo "== statusbridge tests on SQLite"
$BIN/python -m pytest "$@"

echo "== statusbridge tests on PostgreSQL"
bash scripts/postgres.sh
export STATUSBRIDGE_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test"
$BIN/python -m pytest -m "not sqlite_only" --ignore=tests/world --ignore=tests/engine "$@"

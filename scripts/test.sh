#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian machine with Swift, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
swift build --build-tests
# The store contract tests run against SQLite files and a private PostgreSQL + PostGIS cluster,
# started here on a free port and stopped (and removed) however the run ends.
source scripts/postgres.sh
# Files a machine keeps for a database server (the locator's image) go to a folder of the run's own.
WANGGE_CACHE_DIR=$(mktemp -d /tmp/wangge-cache.XXXXXX)
export WANGGE_CACHE_DIR
trap 'postgres_stop; rm -rf "$WANGGE_CACHE_DIR"' EXIT
postgres_start
swift test --skip-build
# A short bounded fuzzing run of every outside-input reader (scripts/fuzz.sh; longer runs: give seconds).
bash scripts/fuzz.sh 12

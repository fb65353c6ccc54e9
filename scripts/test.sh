#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian machine with Swift, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
swift build --build-tests
swift test --skip-build
# A short bounded fuzzing run of every outside-input reader (scripts/fuzz.sh; longer runs: give seconds).
bash scripts/fuzz.sh 12

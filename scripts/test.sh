#!/usr/bin/env bash
# Sets up what the tests need on a fresh Debian machine with Swift, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
swift build --build-tests
swift test --skip-build

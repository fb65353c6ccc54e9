#!/usr/bin/env bash
# Fuzzes what Wangge reads from outside with libFuzzer (address normaliser and resolver, JSON
# parser and request decoders, CSV reader, GeoJSON feature reader, query parameters, CQL2 filters), each
# target for SECONDS (default 20) from its seed corpus in fuzz/corpus/, under AddressSanitizer.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]   — exits non-zero on the first crash, leaving the
# input that caused it in fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(address json csv geojson params cql2)
# Debian's gold linker fails on sanitizer objects with debug info; the toolchain's lld does not.
toolset=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$toolset" "$work"' EXIT
printf '{"schemaVersion":"1.0","linker":{"path":"%s/ld.lld"}}' "$(dirname "$(readlink -f "$(command -v swiftc)")")" > "$toolset"
swift build --package-path fuzz -c release --toolset "$toolset" -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -Ev "^warning: 'swift-distributed-tracing'|CMakeLists.txt$" || true
fuzzer=fuzz/.build/release/wangge-fuzz
[ -x "$fuzzer" ] || { echo "fuzz: the harness did not build" >&2; exit 1; }
mkdir -p fuzz/crashes
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  if ! WANGGE_FUZZ=$t "$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="fuzz/crashes/$t-" "$work/$t" "fuzz/corpus/$t" > "$work/$t.log" 2>&1; then
    tail -n 40 "$work/$t.log" >&2
    echo "fuzz: $t crashed; the input is in fuzz/crashes/" >&2
    exit 1
  fi
  runs=$(grep -Eo 'Done [0-9]+ runs' "$work/$t.log" | grep -Eo '[0-9]+' || echo "?")
  echo "fuzz: $t — $runs executions in ${seconds}s, no crash"
done

#!/usr/bin/env bash
# /locate under wrk on loopback, next to the floor under it on the same machine: Hummingbird
# and SwiftNIO alone answering "hello" (bench/http-floor). Prints requests/s, p99 and the
# server's CPU time per request (from /proc) for each. Needs a release build of wangge and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-/tmp/wangge-load.db}
[ -f "$DB" ] || .build/release/wangge import --db "$DB" all geodata >/dev/null
(cd bench/http-floor && swift build -c release 2>&1 | grep -E '^error' || true)

measure() { # name pid url [wrk args]
    local name=$1 pid=$2 url=$3; shift 3
    local t0 t1 out
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t2 -c64 -d10s --latency "$@" "$url")
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    local rps p99 n
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    printf '%-28s %10s req/s  p99 %8s  server CPU %s µs/request\n' "$name" "$rps" "$p99" \
        "$(echo "($t1-$t0)*1000000/$(getconf CLK_TCK)/$n" | bc)"
}

.build/release/wangge serve --db "$DB" --port 18090 >/dev/null 2>&1 & WANGGE=$!
bench/http-floor/.build/release/hummingbird-hello 18091 >/dev/null 2>&1 & HELLO=$!
bench/http-floor/.build/release/nio-hello 18092 >/dev/null 2>&1 & NIO=$!
trap 'kill $WANGGE $HELLO $NIO 2>/dev/null' EXIT
sleep 3
for run in 1 2 3; do
    measure "swiftnio hello" $NIO http://127.0.0.1:18092/hello
    measure "hummingbird hello" $HELLO http://127.0.0.1:18091/hello
    measure "wangge /conformance" $WANGGE http://127.0.0.1:18090/conformance
    measure "wangge /locate" $WANGGE http://127.0.0.1:18090 -s bench/locate.lua
done

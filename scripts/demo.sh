#!/usr/bin/env bash
# Sets up Wangge on a fresh Debian machine with Swift and runs it on the demo district:
# builds, loads geodata/ into wangge.db (first run only), checks the data, places a few points
# from the CLI, prints a token per role, then serves the HTTP API on http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product wangge
bin=.build/release/wangge
db=${WANGGE_DB:-wangge.db}
if [ ! -f "$db" ]; then
  "$bin" import --db "$db" all geodata
fi
"$bin" check --db "$db"
echo "--- locate 101.7186 26.5802 (WGS-84):"
"$bin" locate --db "$db" 101.7186 26.5802
echo "--- resolve an address as typed:"
"$bin" resolve --db "$db" --limit 1 '东区紫荆新村一幢1-601'
echo "--- locate --batch (GCJ-02 points from a phone map):"
printf '101.7231,26.5842\n101.7050,26.5700\n101.7400,26.5950\n' | "$bin" locate --db "$db" --crs gcj02 --batch
echo "--- tokens to try the API with, one per role (a fresh set each run; the last run's are revoked):"
tokens=$("$bin" token demo --db "$db")
printf '%s\n' "$tokens"
dispatcher=$(printf '%s\n' "$tokens" | awk -F'\t' '$1 == "dispatcher" { print $2 }')
echo "--- people to sign in to the desk with, one per role (fresh passwords each run):"
"$bin" user demo --db "$db"
port=${WANGGE_PORT:-8080}
echo "--- serving on http://127.0.0.1:$port (Ctrl-C stops); open http://127.0.0.1:$port/desk and sign in"
echo "    as demo-dispatcher (or another user above) for the desk (工单台); open it in a browser for the map page"
echo "    (paste a token into its box, or open http://127.0.0.1:$port/#token=$dispatcher), or try:"
echo "    curl 'http://127.0.0.1:$port/locate?lon=101.7186&lat=26.5802'"
echo "    curl 'http://127.0.0.1:$port/heatmap?bin=hex&size=300&status=open'"
echo "    curl -H 'Authorization: Bearer $dispatcher' 'http://127.0.0.1:$port/collections/petitions/items?datetime=2026-11-01/..&limit=5'"
echo "    curl -H 'Authorization: Bearer $dispatcher' -X POST 'http://127.0.0.1:$port/petitions' -H 'Content-Type: application/json' -d '{\"channel\":\"miniapp\",\"kind\":\"request\",\"category\":\"water\",\"text\":\"楼下水管爆裂\",\"location\":{\"lon\":101.7231,\"lat\":26.5842,\"crs\":\"gcj02\"}}'"
echo "    curl -H 'Authorization: Bearer $dispatcher' 'http://127.0.0.1:$port/petitions?status=overdue&limit=5'"
echo "    curl 'http://127.0.0.1:$port/stats?by=unit&from=2026-01-01'"
echo "    ogrinfo OAPIF:http://127.0.0.1:$port    # GDAL reads it as an OGC API Features service (public layers)"
exec "$bin" serve --db "$db" --port "$port"

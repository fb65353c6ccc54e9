#!/usr/bin/env bash
# The scale benchmark (issue #19): the synthetic city (104,044 areas, 1 M buildings) with 10 M
# history petitions over two years, on SQLite and on PostgreSQL + PostGIS (a private cluster
# started here, unless WANGGE_BENCH_POSTGRES gives a server): import time and memory, database
# size, server start, server memory, /locate, /heatmap (500 m hexagons, one year), the petitions
# layer paged deep, /stats by street for a month, petitions posted per second (two servers over
# PostgreSQL). Usage: bench/scale.sh [--petitions N] [--buildings N] [--stores sqlite,postgres]
# The files (about 4.3 GB for 10 M petitions) and databases go to $WANGGE_BENCH_DIR
# (default /tmp/wangge-scale); each database is removed after its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WANGGE_BENCH_DIR:-/tmp/wangge-scale}
mkdir -p "$work"
swift build -c release --product wangge >/dev/null
swift build -c release --product wangge-bench >/dev/null
postgres=${WANGGE_BENCH_POSTGRES:-}
if [ -z "$postgres" ]; then
  source scripts/postgres.sh
  postgres_start
  trap postgres_stop EXIT
  postgres=$WANGGE_TEST_POSTGRES
  export WANGGE_CACHE_DIR="$work/cache"
fi
python3 bench/scale.py --dir "$work" --postgres "$postgres" "$@"

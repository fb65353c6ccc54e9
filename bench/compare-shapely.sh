#!/usr/bin/env bash
# Whole-process race on a real-world-like map: `wangge locate --batch` (start, load, parse,
# place, write) against shapely 2 (STRtree over prepared polygons, vectorized) on the same
# 200 complex polygons (~300,000 vertices, some self-intersecting) and 1,000,000 points.
# Prints each side's best of 3 wall-clock runs, the ratio, and how far the answers agree.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WANGGE_BENCH_DIR:-/tmp/wangge-complex}
mkdir -p "$work"
source bench/shapely-env.sh
.build/release/wangge-bench complex-map --out "$work"
rm -f "$work/complex.db" "$work/complex.db-wal" "$work/complex.db-shm"
.build/release/wangge import --db "$work/complex.db" areas "$work/complex-areas.geojson" 2>/dev/null
"$work/venv/bin/python" - "$work" <<'PY'
import subprocess, sys, time
work = sys.argv[1]
def best(cmd, out):
    times = []
    for _ in range(3):
        with open(f"{work}/points.csv", "rb") as stdin, open(out, "wb") as stdout:
            t = time.perf_counter()
            subprocess.run(cmd, stdin=stdin, stdout=stdout, check=True)
            times.append(time.perf_counter() - t)
    return min(times)
w = best([".build/release/wangge", "locate", "--db", f"{work}/complex.db", "--batch"], f"{work}/out-wangge.csv")
s = best([f"{work}/venv/bin/python", "bench/shapely_locate.py", f"{work}/complex-areas.geojson", f"{work}/points.csv", f"{work}/out-shapely.csv"], f"{work}/shapely-stdout.txt")
ours = [l.split(",")[3] for l in open(f"{work}/out-wangge.csv")]
theirs = [l.rstrip("\n").split(",")[2] for l in open(f"{work}/out-shapely.csv")]
same = sum(a == b for a, b in zip(ours, theirs))
import shapely
print(f"points: {len(ours)}; wangge {w:.3f} s, shapely {shapely.__version__} {s:.3f} s (best of 3, whole process)")
print(f"ratio: wangge is {s / w:.1f}x faster")
note = "" if same == len(ours) else "; the rest lie where overlapping or self-intersecting boundaries make the two rules differ"
print(f"answers agree on {same} of {len(ours)} points ({100 * same / len(ours):.3f}%){note}")
PY

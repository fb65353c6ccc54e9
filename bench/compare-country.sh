#!/usr/bin/env bash
# Placement at a country's scale (issue #21): a seeded "country" of 3,000 complex polygons with
# about 4.3 M vertices (some self-intersecting) and 1,000,000 points, against shapely 2:
#   1. one point from a cold process: `wangge locate` (mapping the locator's image written at
#      import), `wangge locate` without the image (what every start paid before: the index built
#      from the polygons), and shapely reading the same polygons from the WKB it saved (its
#      cached form), building its STRtree and answering — wall time and peak memory, best of 3;
#   2. 1,000,000 points, whole process: `wangge locate --batch` against shapely's fast form
#      (STRtree candidates, then contains_xy on prepared polygons), best of 3, answers compared;
#   3. the import, with the image written (and what writing the image alone costs).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WANGGE_BENCH_DIR:-/tmp/wangge-country}
mkdir -p "$work"
source bench/shapely-env.sh
[ -f "$work/complex-areas.geojson" ] || .build/release/wangge-bench complex-map --out "$work" --cols 60 --rows 50 --vertices-per-edge 360
"$work/venv/bin/python" - "$work" <<'PY'
import os, subprocess, sys, time
work = sys.argv[1]
db = f"{work}/country.db"
def run(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Wall seconds and peak resident MiB of one child process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{cmd[0]} failed: {status}")
    return time.perf_counter() - t, usage.ru_maxrss / 1024
def best(cmd, **kw):
    runs = [run(cmd, **kw) for _ in range(3)]
    return min(r[0] for r in runs), min(r[1] for r in runs)
for suffix in ["", "-wal", "-shm", ".locator"]:
    if os.path.exists(db + suffix): os.remove(db + suffix)
imported, _ = run([".build/release/wangge", "import", "--db", db, "areas", f"{work}/complex-areas.geojson"])
image = os.path.getsize(db + ".locator")
point = ["101.95", "26.7"]
mapped = best([".build/release/wangge", "locate", "--db", db] + point)
os.rename(db + ".locator", db + ".locator.kept")
def rebuild():
    # Each run builds the locator from the polygons (and writes the image, removed again).
    r = run([".build/release/wangge", "locate", "--db", db] + point)
    os.remove(db + ".locator")
    return r
rebuilt = min(rebuild() for _ in range(3))
os.rename(db + ".locator.kept", db + ".locator")
subprocess.run([f"{work}/venv/bin/python", "bench/shapely_locate.py", "--cache", f"{work}/complex-areas.geojson", f"{work}/areas.wkb"], check=True)
shapely_one = best([f"{work}/venv/bin/python", "bench/shapely_locate.py", "--one", f"{work}/areas.wkb"] + point)
batch = min(run([".build/release/wangge", "locate", "--db", db, "--batch"], stdin=open(f"{work}/points.csv", "rb"), stdout=open(f"{work}/out-wangge.csv", "wb")) for _ in range(3))
shapely_batch = best([f"{work}/venv/bin/python", "bench/shapely_locate.py", f"{work}/complex-areas.geojson", f"{work}/points.csv", f"{work}/out-shapely.csv"])
ours = [l.split(",")[3] for l in open(f"{work}/out-wangge.csv")]
theirs = [l.rstrip("\n").split(",")[2] for l in open(f"{work}/out-shapely.csv")]
same = sum(a == b for a, b in zip(ours, theirs))
import shapely
print(f"country: import {imported:.1f} s with the locator's image ({image / 2**20:.0f} MiB)")
print(f"one point, cold process (best of 3): wangge with the image {mapped[0]:.3f} s, {mapped[1]:.0f} MiB; "
      f"without it (index built) {rebuilt[0]:.3f} s, {rebuilt[1]:.0f} MiB; shapely {shapely.__version__} from WKB {shapely_one[0]:.3f} s, {shapely_one[1]:.0f} MiB")
print(f"  ratios to shapely: time {mapped[0] / shapely_one[0]:.2f}x, memory {mapped[1] / shapely_one[1]:.2f}x (target <= 2x each)")
print(f"1,000,000 points, whole process (best of 3): wangge {batch[0]:.3f} s ({batch[1]:.0f} MiB), shapely {shapely_batch[0]:.3f} s ({shapely_batch[1]:.0f} MiB): "
      f"wangge {shapely_batch[0] / batch[0]:.1f}x faster (target >= 10x)")
print(f"answers agree on {same} of {len(ours)} points")
PY

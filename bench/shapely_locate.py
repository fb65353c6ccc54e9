"""The comparison point for `wangge locate --batch`: shapely 2 as a competent Python developer
would use it — one STRtree over prepared polygons, one vectorized query for all points.

usage: python shapely_locate.py AREAS.geojson POINTS.csv OUT.csv
Writes `lon,lat,id` per input line, in input order (empty id when no polygon contains the point).
"""
import json
import sys

import numpy as np
import shapely


def main(areas_path, points_path, out_path):
    with open(areas_path, "rb") as f:
        features = json.load(f)["features"]
    ids = [ft["properties"]["id"].encode() for ft in features]
    polygons = shapely.from_geojson([json.dumps(ft["geometry"]) for ft in features])
    shapely.prepare(polygons)
    tree = shapely.STRtree(polygons)

    with open(points_path, "rb") as f:
        raw = f.read()
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    xy = np.array([l.split(b",") for l in lines], dtype=np.float64) if len(lines) < 1000 else \
        np.fromstring(raw.replace(b"\n", b","), sep=",").reshape(-1, 2)
    points = shapely.points(xy)
    point_index, tree_index = tree.query(points, predicate="intersects")
    found = np.full(len(points), -1, dtype=np.int64)
    found[point_index] = tree_index
    names = ids + [b""]
    with open(out_path, "wb") as f:
        f.write(b"\n".join(line + b"," + names[i] for line, i in zip(lines, found.tolist())))
        f.write(b"\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])

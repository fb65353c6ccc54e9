"""The comparison point for `wangge locate --batch`: shapely 2 as a competent Python developer
would use it for speed — an STRtree for candidate pairs (one vectorized bbox query for all
points), then `contains_xy` against each prepared polygon for its candidates, vectorized.
(`tree.query(points, predicate=...)` prepares the points, not the polygons, and measured ~15x
slower on this input.)

usage: python shapely_locate.py AREAS.geojson POINTS.csv OUT.csv
Writes `lon,lat,id` per input line, in input order (empty id when no polygon contains the point).

Also, for one point from a cold process (bench/compare-country.sh), with the polygons cached as
shapely's WKB the way a service would keep them instead of parsing GeoJSON at every start:
  python shapely_locate.py --cache AREAS.geojson AREAS.wkb    # once
  python shapely_locate.py --one AREAS.wkb LON LAT            # prints the containing id
"""
import json
import pickle
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
    point_index, tree_index = tree.query(points)
    order = np.argsort(tree_index, kind="stable")
    point_index, tree_index = point_index[order], tree_index[order]
    bounds = np.searchsorted(tree_index, np.arange(len(polygons) + 1))
    found = np.full(len(points), -1, dtype=np.int64)
    for k, polygon in enumerate(polygons):
        candidates = point_index[bounds[k]:bounds[k + 1]]
        if len(candidates):
            inside = shapely.contains_xy(polygon, xy[candidates, 0], xy[candidates, 1])
            found[candidates[inside]] = k
    names = ids + [b""]
    with open(out_path, "wb") as f:
        f.write(b"\n".join(line + b"," + names[i] for line, i in zip(lines, found.tolist())))
        f.write(b"\n")


def cache(areas_path, out_path):
    with open(areas_path, "rb") as f:
        features = json.load(f)["features"]
    polygons = shapely.from_geojson([json.dumps(ft["geometry"]) for ft in features])
    with open(out_path, "wb") as f:
        pickle.dump(([ft["properties"]["id"] for ft in features], shapely.to_wkb(polygons).tolist()), f)


def one(wkb_path, lon, lat):
    with open(wkb_path, "rb") as f:
        ids, wkb = pickle.load(f)
    polygons = shapely.from_wkb(wkb)
    tree = shapely.STRtree(polygons)
    x, y = float(lon), float(lat)
    hits = [int(k) for k in tree.query(shapely.points(x, y)) if shapely.contains_xy(polygons[k], x, y)]
    print(ids[min(hits)] if hits else "")


if __name__ == "__main__":
    if sys.argv[1] == "--cache":
        cache(*sys.argv[2:4])
    elif sys.argv[1] == "--one":
        one(*sys.argv[2:5])
    else:
        main(*sys.argv[1:4])

#!/usr/bin/env python3
"""Build the dashboard's world outline from Natural Earth admin-0 countries (1:110m).

Input: the planar-safe GeoJSON decoded from the world-atlas package
(../shared/gazetteer/world-map/countries-110m.geojson; antimeridian rings are
already cut, so an equirectangular projection draws no streaks).
Output: crates/sitrep-server/static/world.json, one SVG path per country in an
equirectangular projection with a 0.1 degree grid: x = (lon + 180) * 10,
y = (90 - lat) * 10, so the viewBox is 0 0 3600 1800 and the dashboard places
a point at the same formula. Paths use relative moves with integer steps to
stay small (~70 KB); points that round onto the previous one are dropped.

Usage: python3 tools/build_world_map.py [SRC.geojson] [OUT.json]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT.parent / "shared/gazetteer/world-map/countries-110m.geojson"
OUT = ROOT / "crates/sitrep-server/static/world.json"
SCALE = 10  # grid steps per degree


def project(lon, lat):
    return round((lon + 180.0) * SCALE), round((90.0 - lat) * SCALE)


def ring_path(ring):
    pts = []
    for lon, lat in ring:
        p = project(lon, lat)
        if not pts or pts[-1] != p:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return ""
    x0, y0 = pts[0]
    out = [f"M{x0} {y0}l"]
    steps = []
    px, py = x0, y0
    for x, y in pts[1:]:
        steps.append(f"{x - px} {y - py}")
        px, py = x, y
    out.append(" ".join(steps))
    out.append("z")
    return "".join(out)


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else SRC
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUT
    fc = json.loads(src.read_text(encoding="utf-8"))
    countries = []
    for feat in fc["features"]:
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        d = "".join(ring_path(r) for poly in polys for r in poly)
        if not d:
            continue
        props = feat["properties"]
        countries.append({"a3": props.get("iso_a3"), "name": props["name"], "d": d})
    countries.sort(key=lambda c: c["name"])
    doc = {
        "source": "Made with Natural Earth: admin-0 countries 1:110m, v4.1.0 (public domain), "
        "decoded from the world-atlas 2.0.2 package; built by tools/build_world_map.py",
        "projection": "equirectangular; x = (lon + 180) * 10, y = (90 - lat) * 10",
        "width": 360 * SCALE,
        "height": 180 * SCALE,
        "countries": countries,
    }
    out.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out}: {len(countries)} countries, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()

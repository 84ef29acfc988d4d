#!/usr/bin/env python3
"""Categorise sitrep's geocoding misses on GeoWebNews.

usage: tools/geo_errors.py [GWN.xml] [SYS.jsonl] [--list CATEGORY] [--top N]

Defaults: ../shared/corpora/geowebnews/GWN.xml and target/eval-geo/gwn.out.jsonl (written by
tools/eval_geo.sh). Every gold toponym with coordinates (the scorer's set) falls in one category:

  ok            found (a GPE/LOC mention overlaps it) and placed within 161 km
  far           found and placed more than 161 km away
  unplaced      found, but the entity has no place (no gazetteer row, or score below threshold)
  miss:NORP     no GPE/LOC mention overlaps it; a mention of a NORP entity does ("French")
  miss:ORG      … of an ORG entity ("Chicago Police", "University of Texas")
  miss:PERSON   … of a PERSON entity
  miss:GROUP    … of a GROUP entity
  miss:none     no mention at all overlaps it (the tagger missed it)

Prints the table, the same split by the gold's pragmatic type (Literal, Demonym, …), and the most
frequent names per category. GeoWebNews is read at run time only; nothing of it is written anywhere.
"""
import collections
import signal
import json
import math
import sys
import xml.etree.ElementTree as ET


def km(a, b, c, d):
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def gold(path):
    for a in ET.parse(path).getroot().iter("article"):
        text = a.findtext("text")
        topos = []
        for t in a.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            gid = (t.findtext("geonamesID") or "").strip()
            topos.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")),
                          "name": t.findtext("extractedName"), "type": t.findtext("type") or "?",
                          "lat": float(lat), "lon": float(lon),
                          "geonames": int(gid) if gid.isdigit() else None})
        yield "gwn-" + a.get("file"), text, topos


def classify(rec, t):
    places = {p["entity"]: p for p in rec.get("places", [])}
    by_type = collections.defaultdict(list)
    for e in rec.get("entities", []):
        for m in e.get("mentions", []):
            sp = m["span"]
            if sp[0] < t["end"] and t["start"] < sp[1]:
                by_type[e.get("type")].append((e, m))
    geo = by_type.get("GPE", []) + by_type.get("LOC", [])
    if not geo:
        for k in ("NORP", "ORG", "PERSON", "GROUP"):
            if by_type.get(k):
                e, m = by_type[k][0]
                return "miss:" + k, m["text"], None
        return "miss:none", None, None
    p = next((places[e["id"]] for e, _ in geo if e["id"] in places and places[e["id"]].get("lat") is not None),
             None)
    if p is None:
        return "unplaced", geo[0][1]["text"], None
    d = km(p["lat"], p["lon"], t["lat"], t["lon"])
    return ("ok" if d <= 161 else "far"), geo[0][1]["text"], (d, p)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` is a normal use
    args = [a for a in sys.argv[1:]]
    listing, top = None, 15
    if "--list" in args:
        i = args.index("--list")
        listing = args[i + 1]
        del args[i:i + 2]
    if "--top" in args:
        i = args.index("--top")
        top = int(args[i + 1])
        del args[i:i + 2]
    gwn = args[0] if args else "../shared/corpora/geowebnews/GWN.xml"
    out = args[1] if len(args) > 1 else "target/eval-geo/gwn.out.jsonl"
    recs = {}
    for line in open(out, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            recs[r["doc"]["id"]] = r
    cats = collections.Counter()
    by_gtype = collections.defaultdict(collections.Counter)
    names = collections.defaultdict(collections.Counter)
    n = 0
    for doc, text, topos in gold(gwn):
        rec = recs.get(doc, {})
        for t in topos:
            n += 1
            cat, ment, extra = classify(rec, t)
            cats[cat] += 1
            by_gtype[t["type"]][cat] += 1
            label = t["name"] if ment is None or ment == t["name"] else f"{t['name']} <{ment}>"
            names[cat][label] += 1
            if listing == cat:
                ctx = text[max(0, t["start"] - 50):t["end"] + 50].replace("\n", " ")
                more = ""
                if extra:
                    d, p = extra
                    more = f" {d:.0f} km: got {p.get('geonames')} {p.get('country')} {p.get('feature')}" \
                           f" gold {t['geonames']}"
                print(f"{doc}\t{t['name']}\t{t['type']}{more}\t…{ctx}…")
    if listing:
        return
    order = ["ok", "far", "unplaced", "miss:NORP", "miss:ORG", "miss:PERSON", "miss:GROUP", "miss:none"]
    print(f"{'category':12s} {'count':>6s} {'share':>6s}")
    for c in order:
        print(f"{c:12s} {cats[c]:6d} {cats[c] / n:6.3f}")
    print(f"{'all':12s} {n:6d}")
    print()
    print("by gold type: " + " ".join(f"{c:>9s}" for c in order))
    for g, cnt in sorted(by_gtype.items(), key=lambda x: -sum(x[1].values())):
        print(f"{g:18s} " + " ".join(f"{cnt[c]:9d}" for c in order) + f"  ({sum(cnt.values())})")
    for c in order[1:]:
        if names[c]:
            print(f"\n{c}: " + ", ".join(f"{k} {v}" for k, v in names[c].most_common(top)))


if __name__ == "__main__":
    main()

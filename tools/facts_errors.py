#!/usr/bin/env python3
"""Misses of the facts evaluation, article by article: gold claims, positions and events that
sitrep's records (target/eval/facts/NAME.json, written by tools/eval_facts.sh) do not match.

    SITREP_PROFILE=release tools/eval_facts.sh [DIR] && python3 tools/facts_errors.py [DIR] [NAME ...]
"""
import glob, json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
import score_facts as sf  # noqa: E402


def ent(R, eid):
    e = R.ents.get(eid)
    return e["name"] if e else None


def main():
    args = sys.argv[1:]
    d = "eval/facts"
    if args and os.path.isdir(args[0]):
        d, args = args[0].rstrip("/"), args[1:]
    names = args or [os.path.basename(p)[:-5] for p in sorted(glob.glob(f"{d}/*.json"))]
    for name in names:
        gold = json.load(open(f"{d}/{name}.json"))
        rec = json.load(open(f"target/eval/facts/{name}.json"))
        R = sf.Record(rec)
        print(f"== {name}")
        for g in gold.get("events", []):
            m = [v for v in R.events.values() if v.get("type") == g["type"]
                 and any(R.ent_matches(a, g["actors"]) for a in v.get("actors", []))
                 and (not g["targets"] or any(R.ent_matches(t, g["targets"]) for t in v.get("targets", []) + v.get("actors", [])))]
            if not m:
                same = [v for v in R.events.values() if v.get("type") == g["type"]]
                print(f"  EVENT miss {g['type']} {g['actors']}->{g['targets']}; same type: "
                      + "; ".join(f"{[ent(R, a) for a in v.get('actors', [])]}->{[ent(R, t) for t in v.get('targets', [])]}" for v in same))
                continue
            if g["where"] and not any(v.get("where") and R.ent_matches(v["where"], g["where"]) for v in m):
                print(f"  EVENT where {g['type']} {g['actors']}: gold {g['where']} got {[ent(R, v.get('where')) for v in m]}")
            if g["date"] and not any(R.times.get(v.get("when"), {}).get("value") == g["date"] for v in m):
                print(f"  EVENT when {g['type']} {g['actors']}: gold {g['date']} got {[R.times.get(v.get('when'), {}).get('value') for v in m]}")
            if not any(v.get("status") == g["status"] for v in m):
                print(f"  EVENT status {g['type']} {g['actors']}: gold {g['status']} got {[v.get('status') for v in m]}")
        for g in gold.get("claims", []):
            loc = R.find(g["anchor"])
            found = None
            for c in rec.get("claims", []):
                st = R.stmts.get(c.get("statement"), {})
                ev = R.events.get(c.get("event"), {})
                near = sf.overlap(sf.stmt_extent(st), loc) or sf.overlap(ev.get("evidence_span"), loc)
                if near and (R.speaker_matches(st, g["claimant"]) if st else True):
                    found = c
                    break
            if not found:
                print(f"  CLAIM miss by {g['claimant']}: {g['anchor']!r} (anchor found: {bool(loc)})")
                continue
            for gr in g["responses"]:
                rels = gr["relation"] if isinstance(gr["relation"], list) else [gr["relation"]]
                if not any(r.get("relation") in rels and R.speaker_matches(R.stmts.get(r.get("statement"), {}), gr["by"])
                           for r in found.get("responses", [])):
                    print(f"  RESPONSE miss {rels} by {gr['by']} (have {[(r.get('relation'), ent(R, R.stmts.get(r.get('statement'), {}).get('speaker'))) for r in found.get('responses', [])]})")
        print(f"  system claims: " + "; ".join(
            f"{ent(R, R.stmts.get(c.get('statement'), {}).get('speaker'))}: {R.span_text(R.stmts.get(c.get('statement'), {}).get('content_span'))[:60]!r}"
            for c in rec.get("claims", [])))
        for g in gold.get("positions", []):
            if not any(R.ent_matches(p.get("actor"), g["actor"])
                       and any(k in sf.fold((p.get("issue") or "") + " " + (p.get("issue_text") or "")).replace("_", " ") for k in sf.keys(g["issue"]))
                       and p.get("polarity") == g["polarity"] for p in rec.get("positions", [])):
                near = [(ent(R, p.get("actor")), p.get("issue"), p.get("issue_text"), p.get("polarity"))
                        for p in rec.get("positions", []) if R.ent_matches(p.get("actor"), g["actor"])]
                print(f"  POSITION miss {g['actor']} {g['issue']} {g['polarity']}; actor has {near}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""List PLOVER `source` misses by cause, from the records tools/eval_plover.sh wrote.

usage: tools/plover_errors.py [RECORDS.jsonl] [--cause CAUSE] [--all]
  RECORDS defaults to $TMPDIR/sitrep-eval-plover/out.jsonl (run tools/eval_plover.sh first).
  Prints a count per cause, then each miss (sentence, gold source, system events of the gold type with
  their actors and the actors' countries). --cause limits the listing to one cause; --all lists hits too.

Causes, in the order they are tested (the first that applies):
  unmatchable      no gold source code is an ISO3 code sitrep can emit (IGO, CAMEO-only codes such as JAP)
  no_event         the sentence has no system event at all
  other_type       system events, none of the gold type
  no_actor         events of the gold type, none with an actor
  no_country       an actor of those events has no country, and none has a gold country
  in_doc           actors have countries, all wrong, but some entity of the record has a gold country
                   (actor choice in the clause is wrong)
  wrong_country    actors have countries, all wrong, and no entity of the record has a gold one
                   (resolution gives the wrong country, or the gold country is not named as an entity)
Standard library only; reads the gold from ../shared (SITREP_SHARED overrides).
"""
import json
import os
import signal
import sys
from collections import Counter

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SITREP_SHARED", os.path.join(ROOT, "..", "shared"))
GOLD = os.path.join(SHARED, "corpora", "plover-gsr-cameo", "PLOVER_GSR_CAMEO.json")
ORDER = ["unmatchable", "no_event", "other_type", "no_actor", "no_country", "in_doc", "wrong_country"]


def iso3_codes():
    """Country codes sitrep can emit: those of the actor dictionary (ISO3 by the spec)."""
    seen = set()
    path = os.path.join(ROOT, "data", "actors.tsv")
    header = None
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols))
        c = row.get("country", "")
        if len(c) == 3 and c.isupper():
            seen.add(c)
    return seen


def gold_codes(actors):
    return {a.get("code") for a in actors or [] if isinstance(a, dict) and a.get("code")}


def main():
    args = sys.argv[1:]
    only = None
    if "--cause" in args:
        i = args.index("--cause")
        only = args[i + 1]
        del args[i : i + 2]
    show_all = "--all" in args
    args = [a for a in args if a != "--all"]
    path = args[0] if args else os.path.join(os.environ.get("TMPDIR", "/tmp"), "sitrep-eval-plover", "out.jsonl")
    recs = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            recs[r["doc"]["id"]] = r
    iso3 = iso3_codes()
    causes = Counter()
    listing = []
    n = 0
    for g in json.load(open(GOLD, encoding="utf-8")):
        if g["event"] == "DOCUMENT":
            continue
        n += 1
        gt = OLD_TO_NEW.get(g["event"], g["event"])
        want = gold_codes(g.get("source"))
        rec = recs.get(g["id"], {})
        ents = {e["id"]: e for e in rec.get("entities", [])}
        evs = rec.get("events", [])
        same = [v for v in evs if v.get("type") == gt]
        actors = [a for v in same for a in v.get("actors", [])]
        got = {ents.get(a, {}).get("country") for a in actors}
        if same and got & want:
            cause = "hit"
        elif not want & iso3:
            cause = "unmatchable"
        elif not evs:
            cause = "no_event"
        elif not same:
            cause = "other_type"
        elif not actors:
            cause = "no_actor"
        elif got <= {None}:
            cause = "no_country"
        elif any(e.get("country") in want for e in ents.values()):
            cause = "in_doc"
        else:
            cause = "wrong_country"
        causes[cause] += 1
        if (cause != "hit" or show_all) and (only is None or only == cause):
            listing.append((cause, g, gt, want, evs, ents))
    misses = n - causes["hit"]
    print(f"sentences {n}  source hits {causes['hit']} ({causes['hit'] / n:.3f})  misses {misses}")
    for c in ORDER:
        print(f"  {c:14s} {causes[c]:4d}")
    print()
    name = lambda ents, i: f"{ents.get(i, {}).get('name', i)}[{ents.get(i, {}).get('country') or '-'}]"
    for cause, g, gt, want, evs, ents in sorted(listing, key=lambda x: ORDER.index(x[0]) if x[0] in ORDER else 99):
        print(f"{cause:13s} {g['id']}  gold {gt} src={sorted(want)}")
        print(f"    {g['text']}")
        for v in evs:
            acts = ", ".join(name(ents, a) for a in v.get("actors", []))
            tgts = ", ".join(name(ents, a) for a in v.get("targets", []))
            print(f"    {v.get('type')}: actors {acts or '-'}; targets {tgts or '-'}")
        if cause in ("in_doc", "wrong_country", "no_country", "no_actor", "other_type", "no_event"):
            print("    entities: " + ", ".join(f"{e.get('name')}[{e.get('country') or '-'}]" for e in ents.values()))


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under `| head`
    main()

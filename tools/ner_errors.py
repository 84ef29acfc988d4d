#!/usr/bin/env python3
"""List NER misses and false positives of a sitrep output against GUM gold, the way
score_gum.py matches them. usage: ner_errors.py GOLD.jsonl SYS.jsonl [--fp|--miss]"""
import json, sys, importlib.util, os, collections
spec = importlib.util.spec_from_file_location("sg", os.path.join(os.environ.get("SITREP_SHARED", "../shared"), "eval/score_gum.py"))
sg = importlib.util.module_from_spec(spec); spec.loader.exec_module(sg)
gold = {d["doc_id"]: d for d in sg.load(sys.argv[1])}
recs = {r["doc"]["id"]: r for r in sg.load(sys.argv[2])}
mode = sys.argv[3] if len(sys.argv) > 3 else ""
for did, g in gold.items():
    rec = recs.get(did, {})
    T = g["tokens"]; upos = T["upos"]
    def head(m):
        toks = sorted(m["minspan_toks"]); run = []
        for t in reversed(toks):
            if upos[t] == "PROPN" and (not run or run[-1] == t + 1): run.append(t)
            elif run: break
        return (T["start"][run[-1]], T["end"][run[0]]) if run else (T["start"][m["head_tok"]], T["end"][m["head_tok"]])
    gm = g["mentions"]
    named = [m for m in gm if m["etype"] in sg.TYPES and (m["form"] == "proper" or any(upos[t]=="PROPN" for t in m["minspan_toks"]))]
    sm = [x for x in sg.sys_mentions(rec) if x[1] in ("PERSON","ORG","GPE","LOC") and any(c.isupper() for c in x[3]) and x[3].lower() not in sg.ALL_PRONOUNS]
    def match(x, m, typed=True):
        h = head(m)
        return m["start"] <= x[2][0] and x[2][1] <= m["end"] and sg.overlap(x[2], h) and (not typed or x[1] in sg.TYPES[m["etype"]])
    typed = [m for m in gm if m["etype"] in sg.TYPES]
    if mode != "--fp":
        for m in named:
            if not any(match(x, m) for x in sm):
                near = [f"{x[3]}/{x[1]}" for x in sm if sg.overlap(x[2], (m["start"], m["end"]))]
                h = head(m)
                print(f"MISS {did[9:]:10s} {m['etype']:12s} {g['text'][h[0]:h[1]]!r:40s} in {m['text'][:50]!r} sys={near}")
    if mode != "--miss":
        for x in sm:
            if not any(match(x, m) for m in typed):
                near = [f"{m['text'][:30]}/{m['etype']}" for m in gm if sg.overlap(x[2], (m["start"], m["end"]))][:3]
                print(f"FP   {did[9:]:10s} {x[1]:7s} {x[3]!r:40s} gold={near}")

if mode == "--names":
    for did, g in gold.items():
        rec = recs.get(did, {})
        T = g["tokens"]; upos = T["upos"]
        def head(m):
            toks = sorted(m["minspan_toks"]); run = []
            for t in reversed(toks):
                if upos[t] == "PROPN" and (not run or run[-1] == t + 1): run.append(t)
                elif run: break
            return (T["start"][run[-1]], T["end"][run[0]]) if run else (T["start"][m["head_tok"]], T["end"][m["head_tok"]])
        named = [m for m in g["mentions"] if m["etype"] in sg.TYPES and (m["form"] == "proper" or any(upos[t]=="PROPN" for t in m["minspan_toks"]))]
        sm = [x for x in sg.sys_mentions(rec) if x[1] in ("PERSON","ORG","GPE","LOC") and any(c.isupper() for c in x[3]) and x[3].lower() not in sg.ALL_PRONOUNS]
        by_gold = collections.defaultdict(list) if False else {}
        for m in named:
            xs = [x for x in sm if m["start"] <= x[2][0] and x[2][1] <= m["end"] and sg.overlap(x[2], head(m))]
            if xs:
                by_gold.setdefault(m["entity"], []).append((xs[0][0]["id"], xs[0][0]["name"], xs[0][3]))
        for ge, lst in by_gold.items():
            ids = {x[0] for x in lst}
            if len(ids) > 1:
                print(did[9:], ge, len(lst), sorted({(x[0], x[1], x[2]) for x in lst})[:6])

if mode == "--merges":
    for did, g in gold.items():
        rec = recs.get(did, {})
        T = g["tokens"]; upos = T["upos"]
        def head(m):
            toks = sorted(m["minspan_toks"]); run = []
            for t in reversed(toks):
                if upos[t] == "PROPN" and (not run or run[-1] == t + 1): run.append(t)
                elif run: break
            return (T["start"][run[-1]], T["end"][run[0]]) if run else (T["start"][m["head_tok"]], T["end"][m["head_tok"]])
        named = [m for m in g["mentions"] if m["etype"] in sg.TYPES and (m["form"] == "proper" or any(upos[t]=="PROPN" for t in m["minspan_toks"]))]
        sm = [x for x in sg.sys_mentions(rec) if x[1] in ("PERSON","ORG","GPE","LOC") and any(c.isupper() for c in x[3]) and x[3].lower() not in sg.ALL_PRONOUNS]
        by_sys = {}
        for m in named:
            xs = [x for x in sm if m["start"] <= x[2][0] and x[2][1] <= m["end"] and sg.overlap(x[2], head(m))]
            if xs:
                by_sys.setdefault(xs[0][0]["id"], set()).add((m["entity"], m["text"][:25]))
        for se, lst in by_sys.items():
            if len({x[0] for x in lst}) > 1:
                print(did[9:], se, sorted(lst)[:6])

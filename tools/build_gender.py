#!/usr/bin/env python3
"""Build data/names/gender.tsv: given names that are mostly borne by one sex.

Run from the repository root (Python 3 standard library only; deterministic):

    python3 tools/build_gender.py                  # write data/names/gender.tsv
    python3 tools/build_gender.py --check          # fail if the committed file differs
    python3 tools/build_gender.py --shared PATH    # shared data folder (default ../shared,
                                                   # or $SITREP_SHARED)

Source: the US Census Bureau's 1990 first-name lists `dist.male.first` and
`dist.female.first` (public domain), in shared/gazetteer/names/. Each gives a
name's frequency as a percentage of the male or female population; the two
populations are about the same size, so the share of men among a name's bearers
is male% / (male% + female%).

A name is written with `m` or `f` when at least MIN_SHARE of its bearers are of
that sex; names in between ("Jordan", "Jean") are left out. The pronoun stage
uses the result as a weak cue only: most names in international news are not
in these lists, and a missing name is compatible with either pronoun.
"""

import argparse
import os
import sys

MIN_SHARE = 0.9
HEADER = [
    "# sitrep given-name gender cues, built by tools/build_gender.py; do not edit by hand.",
    "# Source: US Census Bureau 1990 dist.male.first and dist.female.first (public domain).",
    "# Columns (tab-separated): name (lowercase), gender (m|f: at least 90% of the name's",
    "#   bearers in the 1990 census). Ambiguous names are left out. A weak cue for pronouns.",
    "# Rows are sorted by name (Unicode code point order) and names are unique.",
    "name\tgender",
]


def read(path):
    out = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].lower()] = float(parts[1])
    return out


def build(shared):
    d = os.path.join(shared, "gazetteer", "names")
    male = read(os.path.join(d, "dist.male.first"))
    female = read(os.path.join(d, "dist.female.first"))
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m + f <= 0 or not name.isalpha():
            continue
        share = m / (m + f)
        if share >= MIN_SHARE:
            rows.append(f"{name}\tm")
        elif share <= 1 - MIN_SHARE:
            rows.append(f"{name}\tf")
    return "\n".join(HEADER + rows) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("SITREP_SHARED", "../shared"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    text = build(a.shared)
    out = "data/names/gender.tsv"
    if a.check:
        with open(out, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{out} differs from a fresh build; run python3 tools/build_gender.py")
        return
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{out}: {text.count(chr(10)) - len(HEADER)} names", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build and check sitrep's lexicon files.

Run from the repository root (Python 3 standard library only; the output is
deterministic: the same inputs give byte-identical files):

    python3 tools/build_lexicons.py                  # regenerate data/names/*, then check all
    python3 tools/build_lexicons.py --check          # check the committed files only
    python3 tools/build_lexicons.py --verify         # rebuild in memory, fail if data/names/* differ
    python3 tools/build_lexicons.py --shared PATH    # shared data folder (default ../shared,
                                                     # or $SITREP_SHARED)

Generated here (from the read-only shared data and tools/names_extra.txt):
    data/names/given.txt     given names     (US Census 1990 + Wikidata leaders + hand list)
    data/names/surnames.txt  surnames        (US Census 1990 + Wikidata leaders + hand list)
    data/names/places.txt    place names     (GeoNames countries, admin1, cities15000 + hand list)

Hand-written, only checked here:
    data/titles.tsv          title  canonical  kind
    data/groups.tsv          noun   category   plural

See data/README-lexicons.md for formats, sources and licences.
"""

import argparse
import collections
import csv
import glob
import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------- settings

# Census given names: keep every name whose cumulative frequency (per sex) is at
# or below this percentage. 89.9 keeps about 5,000 names (male and female merged).
GIVEN_CUMULATIVE_CUT = 89.9
# Census surnames: keep the N most frequent (rank order of dist.all.last).
SURNAME_TOP_N = 25000
# A word seen lowercase at least this often in UD English-EWT train is "common"
# and is not used as a place name.
COMMON_WORD_MIN_COUNT = 5
MIN_PLACE_CHARS = 3

SIZE_LIMITS = {  # bytes; a warning, not an error, when exceeded
    "data/names/given.txt": 400_000,
    "data/names/surnames.txt": 400_000,
    "data/names/places.txt": 1_500_000,
}

TITLE_KINDS = {"office", "military", "honorific", "role", "modifier"}
GROUP_CATEGORIES = {
    "military", "armed_group", "government", "legislature", "judiciary", "police",
    "expert", "media", "civil_society", "public", "health", "humanitarian",
    "business", "religious",
}
EXTRA_KINDS = {"given", "surname", "place"}

# Common English words that are also GeoNames place names but too rare in the
# EWT treebank to be caught by the count rule ("bath", "mobile", ...).
# Applied to admin1 and city names, not to country names or hand-listed places.
PLACE_STOPWORDS = set("""
alot annex ans awash badger bake bath bay bell bend bloke bountiful bow bras brick
bride buffalo bury bush butterfly cascade clay coin come cove crystal date deal
defiance delta dig dire dome drama eagle eastern elk enterprise est eureka fleet
forest fountain gap german god golden grad green grove groves hook horn humble
imperial independence jam keystone lakes lens liberty mango marina marks mentor
metro mission mobile moron northeast northwest orange orchards oriental overland
pace paradise parole pearl peer pen plum plunge pop prosper punch reading republic
reservoir retreat riverside roses salt sandy savage semi springs sterling sue
summit sunrise sunset superior surprise temple terrace tome union upland vista
walnut ware western wetter
""".split())

# Generic trailing words of first-level region names: "Donetsk Oblast" also
# yields "donetsk", "Abidjan Autonomous District" also "abidjan".
ADMIN_SUFFIXES = {
    "province", "county", "region", "department", "district", "municipality",
    "state", "oblast", "governorate", "republic", "city", "division", "krai",
    "kray", "prefecture", "raion", "voivodeship", "autonomous", "okrug",
    "territory",
}

# Tokens skipped when splitting a person's full name.
NAME_PARTICLES = {
    "al", "el", "bin", "ibn", "bint", "ben", "ould", "ag", "abu",
    "van", "von", "der", "den", "ter", "ten", "zu", "de", "del", "della", "dei",
    "di", "da", "das", "do", "dos", "du", "la", "le", "lo", "i", "e", "y", "á",
    "of", "the", "st", "st.",
}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."}
# Countries whose Wikidata English labels put the family name first.
FAMILY_NAME_FIRST_COUNTRIES = {
    "People's Republic of China", "Taiwan", "North Korea", "South Korea",
    "Vietnam", "Cambodia",
}
FAMILY_NAME_FIRST_PERSONS = {"Lee Hsien Loong"}

# Letters that Unicode decomposition does not reduce to ASCII.
FOLD_MAP = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
    "œ": "oe", "ß": "ss", "ħ": "h", "ŀ": "l",
})
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bb": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


# ---------------------------------------------------------------- helpers

class Problems:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, msg):
        self.errors.append(msg)

    def warn(self, msg):
        self.warnings.append(msg)


def norm(s):
    """Lowercase, NFC, unified apostrophes, single spaces."""
    s = unicodedata.normalize("NFC", s.translate(APOSTROPHES).lower())
    return " ".join(s.split())


def fold(s):
    """Accent-free form: 'erdoğan' -> 'erdogan', 'gylfadóttir' -> 'gylfadottir'."""
    s = s.translate(FOLD_MAP)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s)


def with_folded(names):
    out = set()
    for n in names:
        out.add(n)
        f = fold(n)
        if f != n:
            out.add(f)
    return out


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write_if_changed(path, text):
    old = read_text(path) if os.path.exists(path) else None
    if old != text:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        return True
    return False


def render_list(header_lines, names):
    lines = ["# " + h if h else "#" for h in header_lines]
    return "\n".join(lines + sorted(names)) + "\n"


# ---------------------------------------------------------------- sources

def load_extra(path, probs):
    """tools/names_extra.txt -> {kind: set(names)}"""
    out = {k: set() for k in EXTRA_KINDS}
    for i, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in EXTRA_KINDS or not parts[1].strip():
            probs.error(f"{path}:{i}: expected '<given|surname|place>\\t<name>', got {line!r}")
            continue
        name = norm(parts[1])
        if name != parts[1]:
            probs.error(f"{path}:{i}: name must be lowercase with single spaces: {parts[1]!r}")
        out[parts[0]].add(name)
    return out


def census(path):
    """Rows of a Census 1990 dist.* file: (name, cumulative %, rank)."""
    rows = []
    for line in read_text(path).split("\n"):
        f = line.split()
        if len(f) == 4:
            rows.append((f[0].lower(), float(f[2]), int(f[3])))
    return rows


def honorific_tokens(titles_path):
    """Single-word titles from data/titles.tsv used to strip 'Sheikh', 'Dr.', 'Pope'..."""
    toks = set()
    for line in read_text(titles_path).split("\n"):
        if not line or line.startswith("#") or line.startswith("title\t"):
            continue
        f = line.split("\t")
        if len(f) == 3 and " " not in f[0] and f[2] in ("honorific", "office", "military"):
            toks.add(f[0])
    return toks


def split_person(full, country, strip_titles, common=frozenset()):
    """A Wikidata label -> (given names, surnames). Empty sets when unusable."""
    given, sur = set(), set()
    name = full.strip()
    if not name or re.fullmatch(r"Q\d+", name):
        return given, sur
    family_first = country in FAMILY_NAME_FIRST_COUNTRIES or name in FAMILY_NAME_FIRST_PERSONS
    name = re.sub(r'"[^"]*"', " ", name)        # Philip "Brave" Davis
    name = name.split(",")[0]                    # Albert II, Prince of Monaco
    name = re.split(r" of ", name)[0]            # Letsie III of Lesotho
    raw = name.split()
    toks = []
    had_initial = False
    for t in raw:
        if re.fullmatch(r"[IVXL]+", t):          # regnal numbers: Charles III
            continue
        low = norm(t).strip("'")
        if not low or low in NAME_SUFFIXES:
            continue
        if re.fullmatch(r"(\w\.)+\w?\.?|\w", low):  # initials: S., E.P., J
            had_initial = True
            continue
        toks.append(low)
    # leading titles: Sheikh, Dr., Pope, Archbishop, Prince
    while toks and toks[0] in strip_titles:
        toks.pop(0)
    toks = [t for t in toks if t not in NAME_PARTICLES]
    if not toks:
        return given, sur
    if len(toks) == 1:
        (sur if had_initial else given).add(toks[0])
        return given, sur
    first, last = toks[0], toks[-1]
    if family_first:
        sur.add(first)
        given.add(last)
        return given, sur
    given.add(first)
    if "-" in first:
        given.update(p for p in first.split("-") if len(p) >= 3 and p not in common)
    sur.add(last)
    for prefix in ("al-", "el-"):
        if last.startswith(prefix) and len(last) > len(prefix) + 2:
            sur.add(last[len(prefix):])
    if "-" in last:
        sur.update(p for p in last.split("-") if len(p) >= 3 and p not in common)
    return given, sur


def leaders(shared, strip_titles, common=frozenset()):
    given, sur = set(), set()
    files = sorted(glob.glob(os.path.join(shared, "gazetteer", "leaders", "*.csv")))
    for path in files:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if "officeholderLabel" in row:
                    full, country = row["officeholderLabel"], row["country"]
                else:
                    full, country = row.get("name", ""), row.get("countryLabel", "")
                g, s = split_person(full, country, strip_titles, common)
                given |= g
                sur |= s
    return given, sur, [os.path.basename(p) for p in files]


def common_words(shared):
    path = os.path.join(shared, "corpora", "ud-english", "UD_English-EWT", "en_ewt-ud-train.conllu")
    counts = collections.Counter()
    for line in read_text(path).split("\n"):
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) < 2 or not f[0].isdigit():      # skip multiword-token and empty-node lines
            continue
        w = f[1]
        if w == w.lower() and any(c.isalpha() for c in w):
            counts[w] += 1
    return {w for w, n in counts.items() if n >= COMMON_WORD_MIN_COUNT}


def geonames_places(shared, common, probs):
    geo = os.path.join(shared, "gazetteer", "geonames")
    countries, regions, cities = set(), set(), set()
    for line in read_text(os.path.join(geo, "countryInfo.tsv")).split("\n"):
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) > 4 and f[4].strip():
            countries.add(norm(f[4]))
    for fn in ("admin1Codes.tsv", "admin1CodesASCII.txt"):
        for line in read_text(os.path.join(geo, fn)).split("\n"):
            if not line or line.startswith("#"):
                continue
            f = line.split("\t")
            if len(f) < 3:
                probs.warn(f"{fn}: short line {line!r}")
                continue
            for n in (v for raw in (f[1], f[2]) for v in place_variants(raw)):
                regions.add(n)
                words = n.split()
                while len(words) > 1 and words[-1] in ADMIN_SUFFIXES:
                    words = words[:-1]
                    regions.add(" ".join(words))
    capitals = set()
    for line in read_text(os.path.join(geo, "cities15000.txt")).split("\n"):
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) < 19:
            probs.warn(f"cities15000.txt: short line {line[:60]!r}")
            continue
        for n in (f[1], f[2]):
            for v in place_variants(n):
                cities.add(v)
                if f[7] == "PPLC":
                    capitals.add(v)
    return countries, regions, cities, capitals


def place_variants(name):
    """'Arrasate / Mondragón' -> both names; 'Frankfurt (Oder)' -> 'frankfurt'."""
    out = []
    for part in norm(name).split("/"):
        part = " ".join(re.sub(r"\([^)]*\)", " ", part).split())
        if part and "(" not in part and ")" not in part:
            out.append(part)
            if part.startswith("'") and not part.startswith("'s-"):
                out.append(part.lstrip("'"))   # 'Afrin -> afrin
    return out


# ---------------------------------------------------------------- build

def build(shared, probs):
    """Return {path: text} for the generated files, and a summary dict."""
    extra = load_extra("tools/names_extra.txt", probs)
    strip_titles = honorific_tokens("data/titles.tsv")
    names_dir = os.path.join(shared, "gazetteer", "names")

    male = census(os.path.join(names_dir, "dist.male.first"))
    female = census(os.path.join(names_dir, "dist.female.first"))
    census_given = {n for n, cum, _ in male + female if cum <= GIVEN_CUMULATIVE_CUT}
    last = census(os.path.join(names_dir, "dist.all.last"))
    census_sur = {n for n, _, rank in last if rank <= SURNAME_TOP_N}

    common = common_words(shared)
    lead_given, lead_sur, lead_files = leaders(shared, strip_titles, common)

    given = census_given | with_folded(lead_given) | with_folded(extra["given"])
    sur = census_sur | with_folded(lead_sur) | with_folded(extra["surname"])
    given = {n for n in given if n and not n.startswith("#")}
    sur = {n for n in sur if n and not n.startswith("#")}

    countries, regions, cities, capitals = geonames_places(shared, common, probs)
    hand_places = with_folded(extra["place"])
    dropped = collections.Counter()
    places = set()
    for n in with_folded(countries | capitals) | hand_places:
        if len(n) >= MIN_PLACE_CHARS:
            places.add(n)
        else:
            dropped["short"] += 1
    for n in with_folded(regions | cities):
        if len(n) < MIN_PLACE_CHARS:
            dropped["short"] += 1
        elif n in common:
            dropped["common word (EWT)"] += 1
        elif n in PLACE_STOPWORDS:
            dropped["common word (stoplist)"] += 1
        else:
            places.add(n)
    places = {n for n in places if not n.startswith("#")}
    for n in sorted(countries | capitals | extra["place"]):
        if n in common or n in PLACE_STOPWORDS:
            print(f"note: kept {n!r} although it is a common word (country, capital or hand-listed)")

    cmd = "python3 tools/build_lexicons.py (from the repository root)"
    given_hdr = [
        "sitrep given names: lowercase, one per line, sorted by code point, unique.",
        "A weak feature for recognising person names; not a list of persons.",
        f"Sources: US Census Bureau 1990 name files dist.male.first and dist.female.first",
        f"  (public domain; names with cumulative frequency <= {GIVEN_CUMULATIVE_CUT}%),",
        f"  first names of the persons in Wikidata leader lists ({', '.join(lead_files)}; CC0),",
        "  and sitrep's hand-written list tools/names_extra.txt (accent-free copies added).",
        f"Generated by: {cmd}. Do not edit; edit tools/names_extra.txt and rebuild.",
    ]
    sur_hdr = [
        "sitrep surnames: lowercase, one per line, sorted by code point, unique.",
        "A weak feature for recognising person names; not a list of persons.",
        f"Sources: US Census Bureau 1990 dist.all.last (public domain; the {SURNAME_TOP_N:,} most frequent),",
        f"  last names of the persons in Wikidata leader lists ({', '.join(lead_files)}; CC0),",
        "  and sitrep's hand-written list tools/names_extra.txt (accent-free copies added).",
        f"Generated by: {cmd}. Do not edit; edit tools/names_extra.txt and rebuild.",
    ]
    place_hdr = [
        "sitrep place names: lowercase, one per line (multi-word names space-separated),",
        "sorted by code point, unique. A feature for the named-entity tagger only;",
        "the geocoder uses its own gazetteer.",
        "Contains data from GeoNames (geonames.org), licensed under CC BY 4.0:",
        "  countryInfo (country names), admin1Codes (first-level regions, also without a",
        "  generic suffix such as 'Oblast'), cities15000 (name and ASCII name; 'A / B' split,",
        "  '(...)' removed, a leading ' also dropped), export 2025-11.",
        "Plus sitrep's hand-written place lines in tools/names_extra.txt.",
        f"Left out: names under {MIN_PLACE_CHARS} characters, and region/city names (not capitals) that are common",
        f"  English words (seen lowercase >= {COMMON_WORD_MIN_COUNT} times in UD English-EWT train,",
        "  or in the stoplist in tools/build_lexicons.py).",
        f"Generated by: {cmd}. Do not edit.",
    ]
    files = {
        "data/names/given.txt": render_list(given_hdr, given),
        "data/names/surnames.txt": render_list(sur_hdr, sur),
        "data/names/places.txt": render_list(place_hdr, places),
    }
    summary = {
        "census given": len(census_given), "census surnames": len(census_sur),
        "leader given": len(lead_given), "leader surnames": len(lead_sur),
        "extra given": len(extra["given"]), "extra surnames": len(extra["surname"]),
        "extra places": len(extra["place"]),
        "common EWT words": len(common),
        "countries": len(countries), "admin1 names": len(regions), "city names": len(cities),
    }
    for k, v in sorted(dropped.items()):
        summary["places dropped: " + k] = v
    return files, summary


# ---------------------------------------------------------------- checks

def check_tsv(path, header, validators, probs):
    """Check comment lines, header, column count, sorted unique first column."""
    if not os.path.exists(path):
        probs.error(f"{path}: missing")
        return []
    lines = read_text(path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        probs.error(f"{path}: must end with a newline")
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    if i >= len(lines) or lines[i] != "\t".join(header):
        probs.error(f"{path}: expected header {chr(9).join(header)!r} after the # comments")
        return []
    rows = []
    prev = None
    for ln, line in enumerate(lines[i + 1:], i + 2):
        if line.startswith("#"):
            probs.error(f"{path}:{ln}: comments only before the header")
            continue
        f = line.split("\t")
        if len(f) != len(header):
            probs.error(f"{path}:{ln}: {len(f)} columns, expected {len(header)}: {line!r}")
            continue
        key = f[0]
        if not key or key != norm(key):
            probs.error(f"{path}:{ln}: {header[0]} must be lowercase, trimmed, single-spaced: {key!r}")
        if prev is not None:
            if key == prev:
                probs.error(f"{path}:{ln}: duplicate {header[0]} {key!r}")
            elif key < prev:
                probs.error(f"{path}:{ln}: not sorted: {key!r} after {prev!r}")
        prev = key
        for col, check in validators.items():
            msg = check(f[header.index(col)])
            if msg:
                probs.error(f"{path}:{ln}: {col}: {msg}")
        rows.append(f)
    return rows


def check_titles(probs):
    def canon(v):
        if not v or v != norm(v):
            return f"must be lowercase, trimmed, single-spaced: {v!r}"
    def kind(v):
        if v not in TITLE_KINDS:
            return f"{v!r} not in {sorted(TITLE_KINDS)}"
    rows = check_tsv("data/titles.tsv", ["title", "canonical", "kind"],
                     {"canonical": canon, "kind": kind}, probs)
    return rows


def check_groups(probs):
    def cat(v):
        if v not in GROUP_CATEGORIES:
            return f"{v!r} not in {sorted(GROUP_CATEGORIES)}"
    def plural(v):
        if v not in ("0", "1"):
            return f"{v!r} must be 0 or 1"
    return check_tsv("data/groups.tsv", ["noun", "category", "plural"],
                     {"category": cat, "plural": plural}, probs)


def check_list(path, probs):
    if not os.path.exists(path):
        probs.error(f"{path}: missing")
        return []
    text = read_text(path)
    if not text.endswith("\n"):
        probs.error(f"{path}: must end with a newline")
    lines = text.split("\n")[:-1]
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    if i == 0:
        probs.error(f"{path}: needs a # header (source, licence, command)")
    names = lines[i:]
    prev = None
    for ln, n in enumerate(names, i + 1):
        if not n or n != norm(n) or "\t" in n:
            probs.error(f"{path}:{ln}: not a lowercase, trimmed, single-spaced name: {n!r}")
        if n.startswith("#"):
            probs.error(f"{path}:{ln}: comment after the first name")
        if prev is not None and n <= prev:
            probs.error(f"{path}:{ln}: not sorted/unique: {n!r} after {prev!r}")
        prev = n
    size = len(text.encode("utf-8"))
    limit = SIZE_LIMITS.get(path)
    if limit and size > limit:
        probs.warn(f"{path}: {size:,} bytes, over the {limit:,} byte target")
    return names


def check_all(probs):
    counts = {}
    titles = check_titles(probs)
    counts["data/titles.tsv"] = len(titles)
    counts["  by kind"] = dict(sorted(collections.Counter(r[2] for r in titles).items()))
    groups = check_groups(probs)
    counts["data/groups.tsv"] = len(groups)
    counts["  by category"] = dict(sorted(collections.Counter(r[1] for r in groups).items()))
    counts["  plural"] = sum(1 for r in groups if r[2] == "1")
    for path in ("data/names/given.txt", "data/names/surnames.txt", "data/names/places.txt"):
        names = check_list(path, probs)
        size = os.path.getsize(path) if os.path.exists(path) else 0
        counts[path] = f"{len(names)} names, {size:,} bytes"
    load_extra("tools/names_extra.txt", probs)
    return counts


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.environ.get("SITREP_SHARED", os.path.join("..", "shared")),
                    help="path to the shared data folder (default ../shared or $SITREP_SHARED)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only check the committed files")
    mode.add_argument("--verify", action="store_true",
                      help="rebuild in memory and fail if data/names/* differ from it")
    args = ap.parse_args()

    if not (os.path.isdir("data") and os.path.isdir("tools")):
        sys.exit("run from the repository root (where data/ and tools/ are)")
    probs = Problems()

    if not args.check:
        if not os.path.isdir(args.shared):
            sys.exit(f"shared data folder not found: {args.shared} (use --shared)")
        files, summary = build(args.shared, probs)
        for k, v in summary.items():
            print(f"{k}: {v}")
        for path, text in files.items():
            if args.verify:
                if not os.path.exists(path) or read_text(path) != text:
                    probs.error(f"{path}: differs from a fresh build; run tools/build_lexicons.py")
            elif write_if_changed(path, text):
                print(f"wrote {path}")

    for k, v in check_all(probs).items():
        print(f"{k}: {v}")
    for w in probs.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in probs.errors:
        print(f"error: {e}", file=sys.stderr)
    if probs.errors:
        print(f"{len(probs.errors)} error(s)", file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()

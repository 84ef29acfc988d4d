#!/usr/bin/env python3
"""Build sitrep's actor dictionary, data/actors.tsv.

Run from the repository root:

    python3 tools/build_actors.py           # regenerate data/actors.tsv, print a report
    python3 tools/build_actors.py --check   # exit 1 if data/actors.tsv is out of date

Python 3 standard library only. The output is deterministic: it depends only on
the input files, never on the clock or the machine.

Inputs (read-only; ``../shared`` beside the repository, or $SITREP_SHARED):

* gazetteer/geonames/countryInfo.tsv   GeoNames (CC BY 4.0): the ISO 3166-1 list,
  ISO3 codes (also the set of valid codes), country names, capitals.
* gazetteer/geonames/admin1Codes.tsv    GeoNames (CC BY 4.0): US state names.
* gazetteer/geonames/cities15000.txt    GeoNames (CC BY 4.0): checks that every
  city row names a place that exists in its country (warnings only).
* gazetteer/leaders/*_wikidata_*.csv    Wikidata (CC0), 2022: country QIDs, and
  person QIDs for office holders whose English label matches a person row.
* gazetteer/countries/nationalities/mordecai_nat_df.csv (MIT): fallback
  demonyms for ISO entities that still have none after the manual merge.
* gazetteer/leaders/open-data-archive-2026/ (CC BY-SA 4.0): cross-check only.
  Nothing is copied from it; a QID that disagrees with ours is reported.
* tools/actors_manual.tsv               hand-curated rows (sitrep contributors).

Merge rules for the manual file (same ten columns as the output):

* A manual row whose key is also generated (``country:*``, capitals, US states)
  amends the generated row: a non-empty scalar field (type, name, country,
  wikidata, from, until) replaces the generated value; list fields (aliases,
  roles, demonyms) are merged, manual values first. A field holding a single
  ``-`` clears it. A manual row with only ``key`` and type ``DROP`` removes the
  generated row.
* Any other manual row is added as it is and must be complete (type, name).
"""

import csv
import datetime
import glob
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SITREP_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")
GAZ = os.path.join(SHARED, "gazetteer")
MANUAL = os.path.join(ROOT, "tools", "actors_manual.tsv")
OUT = os.path.join(ROOT, "data", "actors.tsv")

COLUMNS = ["key", "type", "name", "aliases", "country", "wikidata", "roles", "demonyms", "from", "until"]
TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
NAMESPACES = {"country", "state", "region", "city", "seat", "org", "person", "group", "loc"}
LIST_FIELDS = {"aliases", "roles", "demonyms"}
KEY_RE = re.compile(r"^[a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

# Office holders are current as of this date (see data/SOURCES-actors.md).
AS_OF = "2025-12-01"

# GeoNames rows that are not current ISO 3166-1 entities.
SKIP_ISO3 = {"SCG", "ANT"}

# Country QIDs: the 2022 CC0 lists use Wikidata's labels; map them to ISO3.
# Denmark and the Netherlands: the lists use both the kingdom (Q756617,
# Q29999) and the country proper (Q35, Q55); news means the latter.
WIKIDATA_COUNTRY_LABELS = {
    "People's Republic of China": "CHN",
    "United States of America": "USA",
    "Republic of Ireland": "IRL",
    "Kingdom of Denmark": None,
    "Denmark": "DNK",
    "Kingdom of the Netherlands": None,
    "Netherlands": "NLD",
    "East Timor": "TLS",
    "The Bahamas": "BHS",
    "Bahamas": "BHS",
    "The Gambia": "GMB",
    "Federated States of Micronesia": "FSM",
    "Cape Verde": "CPV",
    "São Tomé and Príncipe": "STP",
    "State of Palestine": "PSE",
    "Vatican City": "VAT",
    "Holy See": None,
    "Czech Republic": "CZE",
    "Ivory Coast": "CIV",
    "North Macedonia": "MKD",
    "Eswatini": "SWZ",
    "Kosovo": "XKX",
    "Taiwan": "TWN",
    "Puerto Rico": "PRI",
    "Faroe Islands": "FRO",
    "Jersey": "JEY",
    "Bailiwick of Guernsey": "GGY",
}

# Adjectives in the MIT nationality list that are not demonyms, or that are
# ambiguous and assigned by hand in actors_manual.tsv.
DEMONYM_BLOCK = {
    "Åland Island", "Antarctic", "Bonaire", "Bouvet Island", "Cocos Island", "Falkland Island",
    "Gibraltar", "Guadeloupe", "Liechtenstein", "Norfolk Island", "Pitcairn Island", "Sint Maarten",
    "Svalbard", "UK", "Channel Island", "Channel Islander", "Guambat", "Congolese", "Dominican",
    "Guinean", "Korean", "Netherlandic", "Kittitian or Nevisian", "Solomon Island", "Emiri",
    "Emirian", "Malinese", "Monacan", "Turkmeni", "Uzbeki", "Sahraouian", "Sahrawian",
    "Comoran", "Hellenic", "Magyar", "Persian", "Philippine", "Hong Kongese",
}


class BuildError(Exception):
    pass


def slug(text):
    """Lowercase ASCII slug: 'São Tomé' -> 'sao-tome'."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("'", "").replace("’", "").lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t


def norm_name(text):
    """Loose name key for cross-source matching (accents, case, punctuation)."""
    return slug(text).replace("-", " ")


def split_list(value):
    return [v.strip() for v in value.split("|") if v.strip()] if value else []


def read_tsv_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append((lineno, line.split("\t")))
    return rows


# ---------------------------------------------------------------- sources


def load_country_info():
    """GeoNames countryInfo: {ISO3: {iso2, name, capital, population}}."""
    out = {}
    path = os.path.join(GAZ, "geonames", "countryInfo.tsv")
    for _, cols in read_tsv_rows(path):
        if len(cols) < 17 or not cols[1].strip():
            continue
        iso3 = cols[1].strip()
        if iso3 in SKIP_ISO3:
            continue
        out[iso3] = {
            "iso2": cols[0].strip(),
            "name": cols[4].strip(),
            "capital": cols[5].strip(),
            "population": int(cols[7] or 0),
        }
    return out


def load_us_states():
    out = []
    path = os.path.join(GAZ, "geonames", "admin1Codes.tsv")
    for _, cols in read_tsv_rows(path):
        if cols[0].startswith("US."):
            out.append((cols[0][3:], cols[1].strip()))
    return sorted(out)


def load_city_names():
    """{ISO2: set of names} from GeoNames cities15000 and cities5000 (name, ascii, alternates)."""
    out = {}
    for fn in ("cities15000.txt", "cities5000.txt"):
        path = os.path.join(GAZ, "geonames", fn)
        with open(path, encoding="utf-8") as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) < 9:
                    continue
                names = out.setdefault(c[8], set())
                names.add(c[1])
                names.add(c[2])
                names.update(n for n in c[3].split(",") if n)
    return out


def load_wikidata_leaders(countries):
    """Country QIDs and person QIDs from the 2022 CC0 Wikidata lists."""
    label_to_iso3 = {v["name"]: k for k, v in countries.items()}
    label_to_iso3.update(WIKIDATA_COUNTRY_LABELS)
    country_qids = {}
    persons = {}  # norm name -> set of QIDs
    d = os.path.join(GAZ, "leaders")
    hos = os.path.join(d, "heads_of_state_and_government_wikidata_2022-10-10.csv")
    fm = os.path.join(d, "foreign_ministers_wikidata_2022-12-11.csv")
    # Foreign-minister list first: it uses Q35/Q55 for Denmark/Netherlands.
    with open(fm, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            iso3 = label_to_iso3.get(r["countryLabel"])
            if iso3 and QID_RE.match(r["country"] or ""):
                country_qids.setdefault(iso3, r["country"])
            if QID_RE.match(r["person"] or "") and r["name"]:
                persons.setdefault(norm_name(r["name"]), set()).add(r["person"])
    with open(hos, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            iso3 = label_to_iso3.get(r["country"])
            if iso3 and QID_RE.match(r["countryid"]):
                country_qids.setdefault(iso3, r["countryid"])
            if QID_RE.match(r["officeholder"]) and r["officeholderLabel"] != r["officeholder"]:
                persons.setdefault(norm_name(r["officeholderLabel"]), set()).add(r["officeholder"])
    return country_qids, persons


def load_crosscheck_2026():
    """{norm name: QID} from open-data-archive-2026 (CC BY-SA; compared, never copied)."""
    out = {}
    for path in sorted(glob.glob(os.path.join(GAZ, "leaders", "open-data-archive-2026", "countries", "*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for pos in (data.get("positions") or {}).values():
            holder = (pos or {}).get("current_holder") or {}
            if holder.get("name_en") and holder.get("wikidata_id"):
                out[norm_name(holder["name_en"])] = holder["wikidata_id"]
    return out


def load_mit_demonyms():
    out = {}
    path = os.path.join(GAZ, "countries", "nationalities", "mordecai_nat_df.csv")
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            adj = (r["nationality"] or "").strip()
            iso3 = (r["alpha_3_code"] or "").strip()
            if adj and iso3 and adj not in DEMONYM_BLOCK:
                out.setdefault(iso3, []).append(adj)
    return out


# ---------------------------------------------------------------- generation


def empty_row(key):
    return {c: "" for c in COLUMNS} | {"key": key}


def generate(countries, country_qids):
    rows = {}
    prov = {}
    for iso3, c in countries.items():
        key = "country:" + iso3.lower()
        r = empty_row(key)
        r.update(type="GPE", name=c["name"], country=iso3, wikidata=country_qids.get(iso3, ""))
        rows[key] = r
        prov[key] = "geonames"

    # Capitals. A capital whose slug is taken by another capital gets the
    # country's ISO2 as a suffix (the more populous country keeps the plain
    # slug); the manual file supplies names, aliases and QIDs.
    by_slug = {}
    for iso3, c in countries.items():
        if c["capital"]:
            by_slug.setdefault(slug(c["capital"]), []).append(iso3)
    for s, isos in sorted(by_slug.items()):
        isos.sort(key=lambda i: (-countries[i]["population"], i))
        for n, iso3 in enumerate(isos):
            key = "city:" + s + ("" if n == 0 else "-" + countries[iso3]["iso2"].lower())
            r = empty_row(key)
            r.update(type="GPE", name=countries[iso3]["capital"], country=iso3, roles="capital")
            rows[key] = r
            prov[key] = "geonames"

    for code, name in load_us_states():
        key = "state:us-" + slug(name)
        r = empty_row(key)
        r.update(type="GPE", name=name, country="USA")
        rows[key] = r
        prov[key] = "geonames"

    return rows, prov


def fallback_demonyms(rows, prov, mit_demonyms):
    """Demonyms from the MIT list for ISO rows that still have none after the manual merge."""
    for iso3, adjs in sorted(mit_demonyms.items()):
        key = "country:" + iso3.lower()
        if key in rows and not rows[key]["demonyms"]:
            rows[key]["demonyms"] = "|".join(dict.fromkeys(adjs))
            prov[key] += "+mit-demonyms"


def merge_list(a, b):
    return "|".join(dict.fromkeys(split_list(a) + split_list(b)))


def apply_manual(rows, prov, manual, errors):
    for lineno, r in manual:
        key = r["key"]
        where = "tools/actors_manual.tsv:%d" % lineno
        if key in rows and prov.get(key, "").startswith("manual"):
            errors.append("%s: duplicate key %s" % (where, key))
            continue
        if r["type"] == "DROP":
            if key not in rows:
                errors.append("%s: DROP of unknown generated key %s" % (where, key))
            rows.pop(key, None)
            continue
        if key in rows:
            base = rows[key]
            for col in COLUMNS[1:]:
                v = r[col]
                if v == "-":
                    base[col] = ""
                elif col in LIST_FIELDS:
                    base[col] = merge_list(v, base[col])
                elif v:
                    base[col] = v
            prov[key] = prov.get(key, "") + "+manual"
        else:
            if not r["type"] or not r["name"]:
                errors.append("%s: new row %s needs type and name" % (where, key))
                continue
            rows[key] = {c: ("" if r[c] == "-" else r[c]) for c in COLUMNS}
            prov[key] = "manual"


def read_manual(errors):
    out = []
    for lineno, cols in read_tsv_rows(MANUAL):
        if cols[0] == "key":
            if cols != COLUMNS:
                errors.append("tools/actors_manual.tsv:%d: header must be %s" % (lineno, "\t".join(COLUMNS)))
            continue
        if len(cols) > len(COLUMNS):
            errors.append("tools/actors_manual.tsv:%d: %d columns, expected at most %d" % (lineno, len(cols), len(COLUMNS)))
            continue
        cols = [c.strip() for c in cols] + [""] * (len(COLUMNS) - len(cols))
        out.append((lineno, dict(zip(COLUMNS, cols))))
    return out


# ---------------------------------------------------------------- checks


def valid_date(s):
    if not DATE_RE.match(s):
        return False
    parts = [int(p) for p in s.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def validate(rows, iso3s, errors, warnings):
    qid_owner = {}
    for key, r in rows.items():
        if not KEY_RE.match(key) or key.split(":")[0] not in NAMESPACES:
            errors.append("%s: bad key (namespace:lowercase-ascii-slug)" % key)
        if r["type"] not in TYPES:
            errors.append("%s: type %r not in %s" % (key, r["type"], sorted(TYPES)))
        if not r["name"]:
            errors.append("%s: empty name" % key)
        for col in COLUMNS:
            v = r[col]
            if "\t" in v or "\n" in v or v != v.strip():
                errors.append("%s: %s has tabs, newlines or outer spaces" % (key, col))
        if r["country"] and r["country"] not in iso3s:
            errors.append("%s: country %r is not an ISO3 code in countryInfo" % (key, r["country"]))
        if r["wikidata"]:
            if not QID_RE.match(r["wikidata"]):
                errors.append("%s: wikidata %r does not match ^Q[0-9]+$" % (key, r["wikidata"]))
            elif r["wikidata"] in qid_owner:
                errors.append("%s: wikidata %s also on %s" % (key, r["wikidata"], qid_owner[r["wikidata"]]))
            else:
                qid_owner[r["wikidata"]] = key
        for col in ("from", "until"):
            if r[col] and not valid_date(r[col]):
                errors.append("%s: %s %r is not an ISO date" % (key, col, r[col]))
        if r["from"] and r["until"] and r["until"] < r["from"]:
            errors.append("%s: until %s before from %s" % (key, r["until"], r["from"]))
        if (r["from"] or r["until"]) and r["type"] not in ("PERSON", "GPE", "ORG"):
            warnings.append("%s: dates on a %s row" % (key, r["type"]))
        for col in LIST_FIELDS:
            for item in split_list(r[col]):
                if item.lower().startswith("the "):
                    errors.append("%s: %s item %r starts with 'the'" % (key, col, item))
        if r["name"].lower().startswith("the "):
            errors.append("%s: name starts with 'the'" % key)
        if r["roles"] and r["type"] not in ("PERSON", "GPE", "ORG"):
            errors.append("%s: roles on a %s row" % (key, r["type"]))
        ns = key.split(":")[0]
        if ns == "person" and r["type"] != "PERSON":
            errors.append("%s: person: key with type %s" % (key, r["type"]))
        if ns == "country" and not r["country"] and not r["until"]:
            errors.append("%s: current country row without ISO3" % key)


def tidy(rows):
    for r in rows.values():
        for col in LIST_FIELDS:
            items = [i for i in split_list(r[col]) if not (col == "aliases" and i == r["name"])]
            r[col] = "|".join(dict.fromkeys(items))


def crosscheck_persons(rows, prov, wd_persons, cc2026, errors, warnings, filled):
    for key, r in rows.items():
        if r["type"] != "PERSON":
            continue
        names = [r["name"]] + split_list(r["aliases"])
        cc0 = set()
        for n in names:
            cc0 |= wd_persons.get(norm_name(n), set())
        if r["wikidata"]:
            if cc0 and r["wikidata"] not in cc0:
                warnings.append("%s: QID %s, but the 2022 Wikidata list has %s for this name" % (key, r["wikidata"], "/".join(sorted(cc0))))
        elif len(cc0) == 1:
            r["wikidata"] = next(iter(cc0))
            prov[key] += "+wikidata-2022"
            filled.append(key)
        elif len(cc0) > 1:
            warnings.append("%s: several 2022 Wikidata QIDs for this name (%s); left empty" % (key, "/".join(sorted(cc0))))
        for n in names:
            other = cc2026.get(norm_name(n))
            if other and r["wikidata"] and other != r["wikidata"]:
                warnings.append("%s: QID %s; open-data-archive-2026 says %s for %r (not used)" % (key, r["wikidata"], other, n))


def check_cities(rows, prov, countries, city_names, warnings):
    """Warn about hand-added city rows that name no GeoNames place in their country."""
    iso2 = {k: v["iso2"] for k, v in countries.items()}
    for key, r in rows.items():
        if not key.startswith("city:") or not r["country"] or prov.get(key, "").startswith("geonames"):
            continue
        names = city_names.get(iso2.get(r["country"], ""), set())
        forms = [r["name"]] + split_list(r["aliases"])
        forms += [f.split(",")[0] for f in forms if "," in f]
        if not any(n in names for n in forms):
            warnings.append("%s: no GeoNames cities15000/cities5000 place in %s named %r or an alias" % (key, r["country"], r["name"]))


# ---------------------------------------------------------------- output


HEADER = """\
# sitrep actor dictionary: one entity per line (people, organisations, places, groups).
# GENERATED FILE, do not edit. Edit tools/actors_manual.tsv and run, from the repository root:
#   python3 tools/build_actors.py
# Office holders as of {as_of}; persons carry from/until dates. Always check before relying on "current".
# Sources: GeoNames countryInfo and admin1 codes, export 2025-11 (CC BY 4.0);
#   Wikidata via EveryPolitician world-leaders lists, 2022 (CC0); mordecai nationality list (MIT);
#   tools/actors_manual.tsv (sitrep contributors, own knowledge). Details: data/SOURCES-actors.md.
# Licence: CC BY 4.0. Attribution: Contains data from GeoNames (geonames.org), licensed under CC BY 4.0.
# Columns: key, type (PERSON|ORG|GPE|LOC|NORP), name, aliases (|), country (ISO 3166-1 alpha-3),
#   wikidata (QID), roles (|), demonyms (|), from, until (ISO dates).
# Rows: {n}
"""


def render(rows):
    out = [HEADER.format(as_of=AS_OF, n=len(rows)), "\t".join(COLUMNS) + "\n"]
    for key in sorted(rows):
        out.append("\t".join(rows[key][c] for c in COLUMNS) + "\n")
    return "".join(out)


def report(rows, prov, filled, warnings, out=sys.stdout):
    types = sorted(TYPES)
    print("actors.tsv: %d rows" % len(rows), file=out)
    print("%-8s %6s %8s %8s" % ("type", "rows", "with QID", "no QID"), file=out)
    for t in types:
        rs = [r for r in rows.values() if r["type"] == t]
        q = sum(1 for r in rs if r["wikidata"])
        print("%-8s %6d %8d %8d" % (t, len(rs), q, len(rs) - q), file=out)
    ns = {}
    for k in rows:
        ns[k.split(":")[0]] = ns.get(k.split(":")[0], 0) + 1
    print("by namespace: " + ", ".join("%s %d" % (k, ns[k]) for k in sorted(ns)), file=out)
    persons = [r for r in rows.values() if r["type"] == "PERSON"]
    current = [r for r in persons if r["roles"] and not r["until"]]
    print("persons: %d, current office holders (roles, no until): %d, without from date: %d"
          % (len(persons), len(current), sum(1 for r in current if not r["from"])), file=out)
    print("person QIDs filled from the 2022 Wikidata lists: %d" % len(filled), file=out)
    surface = {}
    for k, r in rows.items():
        for s in [r["name"]] + split_list(r["aliases"]):
            surface.setdefault(s, []).append(k)
    amb = {s: ks for s, ks in surface.items() if len(ks) > 1}
    print("surface forms on more than one row: %d" % len(amb), file=out)
    for s in sorted(amb):
        print("  %r: %s" % (s, ", ".join(sorted(amb[s]))), file=out)
    noqid = sorted(k for k, r in rows.items() if not r["wikidata"] and r["type"] in ("PERSON", "ORG"))
    print("PERSON/ORG rows without QID: %d" % len(noqid), file=out)
    for i in range(0, len(noqid), 6):
        print("  " + ", ".join(noqid[i:i + 6]), file=out)
    print("warnings: %d" % len(warnings), file=out)
    for w in warnings:
        print("  " + w, file=out)


def build():
    errors, warnings, filled = [], [], []
    countries = load_country_info()
    iso3s = set(countries)
    country_qids, wd_persons = load_wikidata_leaders(countries)
    manual = read_manual(errors)
    rows, prov = generate(countries, country_qids)
    apply_manual(rows, prov, manual, errors)
    fallback_demonyms(rows, prov, load_mit_demonyms())
    tidy(rows)
    crosscheck_persons(rows, prov, wd_persons, load_crosscheck_2026(), errors, warnings, filled)
    validate(rows, iso3s, errors, warnings)
    check_cities(rows, prov, countries, load_city_names(), warnings)
    return rows, prov, filled, errors, warnings


def main(argv):
    check = "--check" in argv
    rows, prov, filled, errors, warnings = build()
    if errors:
        for e in errors:
            print("error: " + e, file=sys.stderr)
        print("%d errors; %s not written" % (len(errors), OUT), file=sys.stderr)
        return 1
    text = render(rows)
    if check:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("data/actors.tsv is out of date: run python3 tools/build_actors.py", file=sys.stderr)
                return 1
        print("data/actors.tsv is up to date (%d rows)" % len(rows))
        return 0
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    report(rows, prov, filled, warnings)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

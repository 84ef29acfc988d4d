//! The gazetteer: places parsed from TSV text (the shipped `data/gazetteer.tsv`
//! or a user's file in the same format) into a flat table, and a name index
//! from folded name keys ([`super::fold`]) to rows.
//!
//! Columns: `id name ascii alternates lat lon country admin1 feature population`;
//! alternates are `|`-separated; `ascii` may be empty (same as `name`). A later
//! file's row replaces an earlier row with the same id; a row whose id is
//! `-ID` removes it. Country rows (`PCL*`) carry the ISO 3166-1 alpha-3 code in
//! the `admin1` column.
//!
//! The index is a sorted vector of (key hash, row) pairs: built with one sort,
//! searched with a binary search, and about 16 bytes per name.

use super::fold;

/// Ids at or above this are local to sitrep's hand-made rows (or a user's), not GeoNames ids.
pub const LOCAL_ID_BASE: u32 = 2_000_000_000;

/// What kind of place a row is, from its feature code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A country or dependency (`PCL*`, `TERR`).
    Country,
    /// A union of states that news names as a place ("the EU"): sitrep's own
    /// feature code `PCLU` (GeoNames has none), on hand-made rows only.
    Union,
    /// A continent (`CONT`).
    Continent,
    /// A first-order administrative region (`ADM1`).
    Adm1,
    /// A lower administrative division (`ADM2`…).
    AdmN,
    /// A capital (`PPLC`).
    Capital,
    /// A first-order seat (`PPLA`).
    Seat1,
    /// A second-order seat (`PPLA2`).
    Seat2,
    /// A lower seat (`PPLA3`, `PPLA4`, `PPLA5`).
    SeatN,
    /// A populated place (`PPL`, `PPLL`, `PPLS`, `STLMT`, …).
    Town,
    /// A section of a city (`PPLX`).
    Neighbourhood,
    /// A historical or abandoned place (`PPLH`, `PPLQ`, `PPLW`, `PPLCH`).
    Former,
    /// A region without administrative status (`RGN`, `AREA`, `PEN`, `ISL`, …).
    Region,
    /// Water (`OCN`, `SEA`, `GULF`, `STRT`, `STM`, `CNL`, …).
    Water,
    /// Anything else (sites, buildings, streets).
    Other,
}

impl Kind {
    /// The kind of a feature code.
    pub fn of(code: &str) -> Kind {
        match code {
            "CONT" => Kind::Continent,
            "ADM1" | "ADM1H" => Kind::Adm1,
            "PPLC" => Kind::Capital,
            "PPLA" => Kind::Seat1,
            "PPLA2" => Kind::Seat2,
            "PPLA3" | "PPLA4" | "PPLA5" | "PPLG" => Kind::SeatN,
            "PPLX" => Kind::Neighbourhood,
            "PPLH" | "PPLQ" | "PPLW" | "PPLCH" => Kind::Former,
            "TERR" => Kind::Country,
            "PCLU" => Kind::Union,
            "OCN" | "SEA" | "GULF" | "STRT" | "STM" | "STMX" | "CNL" | "CHN" | "BAY" | "LK"
            | "LKS" | "SD" => Kind::Water,
            "RGN" | "RGNE" | "AREA" | "PEN" | "ISL" | "ISLS" | "VAL" | "MTS" | "DSRT" | "PLN" => {
                Kind::Region
            }
            c if c.starts_with("PCL") => Kind::Country,
            c if c.starts_with("ADM") => Kind::AdmN,
            c if c.starts_with("PPL") || c == "STLMT" => Kind::Town,
            _ => Kind::Other,
        }
    }
    /// True for populated places of any rank.
    pub fn is_populated(self) -> bool {
        matches!(
            self,
            Kind::Capital
                | Kind::Seat1
                | Kind::Seat2
                | Kind::SeatN
                | Kind::Town
                | Kind::Neighbourhood
                | Kind::Former
        )
    }
}

/// One gazetteer row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// GeoNames id, or a local id (at least [`LOCAL_ID_BASE`]).
    pub id: u32,
    /// Latitude.
    pub lat: f32,
    /// Longitude.
    pub lon: f32,
    /// Population (0 = unknown).
    pub population: u32,
    /// ISO 3166-1 alpha-2 (`[0, 0]` when none).
    pub cc: [u8; 2],
    /// Kind, from the feature code.
    pub kind: Kind,
    /// GeoNames feature code, zero-padded.
    pub feature: [u8; 8],
    /// Admin1 code (ISO3 for country rows), zero-padded.
    pub admin1: [u8; 8],
    name: (u32, u32),
}

fn pack(s: &str) -> [u8; 8] {
    let mut b = [0u8; 8];
    let mut n = 0;
    for c in s.chars() {
        let l = c.len_utf8();
        if n + l > 8 {
            break;
        }
        c.encode_utf8(&mut b[n..n + l]);
        n += l;
    }
    b
}

fn unpack(b: &[u8; 8]) -> &str {
    let n = b.iter().position(|&x| x == 0).unwrap_or(8);
    std::str::from_utf8(&b[..n]).unwrap_or("")
}

impl Place {
    /// The country code as text (empty when none).
    pub fn country(&self) -> &str {
        if self.cc == [0, 0] {
            ""
        } else {
            std::str::from_utf8(&self.cc).unwrap_or("")
        }
    }
    /// The feature code.
    pub fn feature(&self) -> &str {
        unpack(&self.feature)
    }
    /// The admin1 code.
    pub fn admin1(&self) -> &str {
        unpack(&self.admin1)
    }
    /// The GeoNames id, `None` for local rows.
    pub fn geonames(&self) -> Option<u64> {
        (self.id < LOCAL_ID_BASE).then_some(u64::from(self.id))
    }
}

/// A data file that failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazError {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for GazError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GazError {}

/// How a name reached a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The row's name or ASCII name.
    Name,
    /// One of its alternate names.
    Alternate,
}

/// The packed form of the shipped gazetteer, read in place (layout in
/// `crates/sitrep-data/build.rs`, which writes it).
#[derive(Debug, Default, Clone, Copy)]
struct Packed {
    bytes: &'static [u8],
    rows: usize,
    index: usize,
    rows_at: usize,
    index_at: usize,
    names_at: usize,
    countries_at: usize,
    countries: usize,
}

const MAGIC: &[u8; 8] = b"SRGAZ001";
const ROW: usize = 40;
const ENTRY: usize = 12;

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|x| x.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|x| x.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

impl Packed {
    fn new(bytes: &'static [u8]) -> Option<Packed> {
        if bytes.get(..8) != Some(&MAGIC[..]) {
            return None;
        }
        let rows = u32_at(bytes, 8) as usize;
        let index = u32_at(bytes, 12) as usize;
        let names = u32_at(bytes, 16) as usize;
        let rows_at = 20;
        let index_at = rows_at + rows * ROW;
        let names_at = index_at + index * ENTRY;
        let count_at = names_at.checked_add(names)?;
        let countries = u32_at(bytes, count_at) as usize;
        let countries_at = count_at + 4;
        // Names are checked one by one when read ([`Packed::name`]): checking
        // them all here would touch megabytes at every start.
        if countries_at + 4 * countries != bytes.len() {
            return None;
        }
        Some(Packed {
            bytes,
            rows,
            index,
            rows_at,
            index_at,
            names_at,
            countries_at,
            countries,
        })
    }
    fn place(&self, r: usize) -> Place {
        let b = &self.bytes[self.rows_at + r * ROW..self.rows_at + (r + 1) * ROW];
        let mut feature = [0u8; 8];
        feature.copy_from_slice(&b[24..32]);
        let mut admin1 = [0u8; 8];
        admin1.copy_from_slice(&b[32..40]);
        Place {
            id: u32_at(b, 0),
            lat: f32::from_bits(u32_at(b, 4)),
            lon: f32::from_bits(u32_at(b, 8)),
            population: u32_at(b, 12),
            name: (u32_at(b, 16), u32::from(u16::from_le_bytes([b[20], b[21]]))),
            cc: [b[22], b[23]],
            kind: Kind::of(unpack(&feature)),
            feature,
            admin1,
        }
    }
    fn name(&self, off: u32, len: u32) -> &'static str {
        let a = self.names_at + off as usize;
        self.bytes
            .get(a..a + len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
    fn entry(&self, i: usize) -> (u64, u32) {
        let at = self.index_at + i * ENTRY;
        (u64_at(self.bytes, at), u32_at(self.bytes, at + 8))
    }
    /// Row of a GeoNames id (rows are sorted by id).
    fn row_of(&self, id: u32) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.rows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let x = u32_at(self.bytes, self.rows_at + mid * ROW);
            if x < id {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo < self.rows && u32_at(self.bytes, self.rows_at + lo * ROW) == id).then_some(lo)
    }
}

/// The gazetteer: the packed shipped rows (if any), rows parsed from text
/// (users' files, tests), and their name indexes.
#[derive(Debug, Default)]
pub struct Gazetteer {
    packed: Packed,
    places: Vec<Place>,
    names: String,
    /// (key hash, row << 1 | alternate) sorted, for the parsed rows.
    index: Vec<(u64, u32)>,
    /// Rows replaced or removed by a later file.
    dead: std::collections::HashSet<u32>,
    /// False while pairs were added since the last [`Gazetteer::finish`].
    sorted: bool,
}

const HEADER: [&str; 10] = [
    "id",
    "name",
    "ascii",
    "alternates",
    "lat",
    "lon",
    "country",
    "admin1",
    "feature",
    "population",
];

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// A gazetteer over the packed form written by `crates/sitrep-data/build.rs`;
    /// nothing is copied or indexed. `None` when the bytes are not that form.
    pub fn from_packed(bytes: &'static [u8]) -> Option<Gazetteer> {
        Some(Gazetteer {
            packed: Packed::new(bytes)?,
            sorted: true,
            ..Gazetteer::default()
        })
    }

    /// Parse one file and add its rows (replacing rows with the same id from
    /// earlier files or the packed rows). Call [`Gazetteer::finish`] after the last file.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), GazError> {
        let err = |line: usize, message: String| GazError {
            file: file.to_string(),
            line,
            message,
        };
        // Ids of the parsed rows so far, for replacing; packed rows are found by binary search.
        let mut by_id: std::collections::HashMap<u32, u32> = self
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, (self.packed.rows + i) as u32))
            .filter(|(_, r)| !self.dead.contains(r))
            .collect();
        let mut header_seen = false;
        let mut key = String::new();
        for (n, line) in text.lines().enumerate() {
            let ln = n + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
                if cols.len() < HEADER.len() || cols[..HEADER.len()] != HEADER {
                    return Err(err(
                        ln,
                        format!("expected the header row `{}`", HEADER.join("\\t")),
                    ));
                }
                header_seen = true;
                continue;
            }
            let mut c = line.split('\t');
            let mut next = || c.next().unwrap_or("");
            let id_s = next().trim();
            let (remove, digits) = match id_s.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, id_s),
            };
            let id: u32 = digits
                .parse()
                .map_err(|_| err(ln, format!("`{id_s}` is not a place id")))?;
            let old = by_id
                .remove(&id)
                .or_else(|| self.packed.row_of(id).map(|r| r as u32))
                .filter(|r| !self.dead.contains(r));
            if let Some(old) = old {
                self.dead.insert(old);
            }
            if remove {
                continue;
            }
            let name = next().trim();
            let ascii = next().trim();
            let alts = next();
            let lat: f32 = parse_num(next(), "lat").map_err(|m| err(ln, m))?;
            let lon: f32 = parse_num(next(), "lon").map_err(|m| err(ln, m))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(err(ln, format!("coordinates {lat}, {lon} out of range")));
            }
            let cc = next().trim();
            let admin1 = next().trim();
            let feature = next().trim();
            let pop_s = next().trim();
            let population: u32 = if pop_s.is_empty() {
                0
            } else {
                pop_s
                    .parse::<u64>()
                    .map_err(|_| err(ln, format!("population `{pop_s}` is not a whole number")))?
                    .min(u64::from(u32::MAX)) as u32
            };
            if name.is_empty() {
                return Err(err(ln, "empty name".to_string()));
            }
            let cc_b = match cc.as_bytes() {
                [] => [0, 0],
                [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => [*a, *b],
                _ => {
                    return Err(err(
                        ln,
                        format!("country `{cc}` is not an ISO 3166-1 alpha-2 code"),
                    ));
                }
            };
            let row = self.packed.rows + self.places.len();
            if row >= (1 << 31) || self.names.len() + name.len() > u32::MAX as usize {
                return Err(err(ln, "too many places".to_string()));
            }
            let row = row as u32;
            by_id.insert(id, row);
            let off = self.names.len() as u32;
            self.names.push_str(name);
            self.places.push(Place {
                id,
                lat,
                lon,
                population,
                cc: cc_b,
                kind: Kind::of(feature),
                feature: pack(feature),
                admin1: pack(admin1),
                name: (off, name.len() as u32),
            });
            self.push_name(name, row, Match::Name, &mut key);
            if !ascii.is_empty() {
                self.push_name(ascii, row, Match::Name, &mut key);
            }
            for a in alts.split('|') {
                if !a.trim().is_empty() {
                    self.push_name(a, row, Match::Alternate, &mut key);
                }
            }
        }
        if !header_seen && !text.trim().is_empty() {
            return Err(err(1, "no header row".to_string()));
        }
        self.sorted = false;
        Ok(())
    }

    /// Index one more name for `row` (as an alternate name).
    pub fn add_name(&mut self, name: &str, row: u32) {
        let mut key = String::new();
        self.push_name(name, row, Match::Alternate, &mut key);
        self.sorted = false;
    }

    fn push_name(&mut self, name: &str, row: u32, m: Match, key: &mut String) {
        fold::key_into(name, key);
        if key.is_empty() {
            return;
        }
        self.index
            .push((fold::hash(key), row << 1 | u32::from(m == Match::Alternate)));
    }

    /// Sort the parsed rows' index; call after the last file. Keeps, for each
    /// (key, row), the best match (a name beats an alternate).
    pub fn finish(&mut self) {
        if self.sorted {
            return;
        }
        self.index.sort_unstable();
        // (hash, row<<1|alt): for equal hash and row, the name (alt = 0) sorts first.
        self.index
            .dedup_by(|b, a| a.0 == b.0 && a.1 >> 1 == b.1 >> 1);
        self.sorted = true;
    }

    /// Rows whose names fold to `key` (already folded with [`fold::key_into`]),
    /// with how they matched. Replaced and removed rows are skipped.
    pub fn lookup_key<'a>(&'a self, key: &str) -> impl Iterator<Item = (u32, Match)> + 'a {
        let h = fold::hash(key);
        let pk = &self.packed;
        let (mut lo, mut hi) = (0, pk.index);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pk.entry(mid).0 < h {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let packed = (lo..pk.index)
            .map(move |i| pk.entry(i))
            .take_while(move |e| e.0 == h);
        let start = self.index.partition_point(|e| e.0 < h);
        let parsed = self.index[start..]
            .iter()
            .copied()
            .take_while(move |e| e.0 == h);
        packed
            .chain(parsed)
            .map(|e| {
                let m = if e.1 & 1 == 1 {
                    Match::Alternate
                } else {
                    Match::Name
                };
                (e.1 >> 1, m)
            })
            .filter(|&(r, _)| {
                (r as usize) < self.len() && (self.dead.is_empty() || !self.dead.contains(&r))
            })
    }

    /// Rows matching a name (folded here).
    pub fn lookup(&self, name: &str) -> Vec<(u32, Match)> {
        let k = fold::key(name);
        if k.is_empty() {
            return Vec::new();
        }
        self.lookup_key(&k).collect()
    }

    /// The row at index `r` (rows come from [`Gazetteer::lookup`] and [`Gazetteer::iter`]).
    pub fn place(&self, r: u32) -> Place {
        let r = r as usize;
        if r < self.packed.rows {
            self.packed.place(r)
        } else {
            self.places
                .get(r - self.packed.rows)
                .copied()
                .unwrap_or(EMPTY)
        }
    }

    /// A row's name.
    pub fn name(&self, r: u32) -> &str {
        let p = self.place(r);
        if (r as usize) < self.packed.rows {
            self.packed.name(p.name.0, p.name.1)
        } else {
            let (o, l) = p.name;
            self.names.get(o as usize..(o + l) as usize).unwrap_or("")
        }
    }

    /// Number of rows, replaced and removed ones included.
    pub fn len(&self) -> usize {
        self.packed.rows + self.places.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of indexed names.
    pub fn names_indexed(&self) -> usize {
        self.packed.index + self.index.len()
    }

    /// Live country rows (`PCL*`, `TERR`), without reading every row.
    pub fn countries(&self) -> impl Iterator<Item = (u32, Place)> + '_ {
        let pk = self.packed;
        let packed = (0..pk.countries)
            .map(move |i| u32_at(pk.bytes, pk.countries_at + 4 * i))
            .filter(move |&r| (r as usize) < pk.rows);
        let parsed = (0..self.places.len())
            .filter(|&i| self.places[i].kind == Kind::Country)
            .map(move |i| (pk.rows + i) as u32);
        packed
            .chain(parsed)
            .filter(|r| !self.dead.contains(r))
            .map(|r| (r, self.place(r)))
    }

    /// Live rows, with their indices.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Place)> + '_ {
        (0..self.len() as u32)
            .filter(|r| !self.dead.contains(r))
            .map(|r| (r, self.place(r)))
    }
}

/// What [`Gazetteer::place`] returns for an index out of range (never for indices it handed out).
const EMPTY: Place = Place {
    id: 0,
    lat: 0.0,
    lon: 0.0,
    population: 0,
    cc: [0, 0],
    kind: Kind::Other,
    feature: [0; 8],
    admin1: [0; 8],
    name: (0, 0),
};

fn parse_num(s: &str, what: &str) -> Result<f32, String> {
    let s = s.trim();
    let v: f32 = s
        .parse()
        .map_err(|_| format!("{what} `{s}` is not a number"))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("{what} `{s}` is not a number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# test\nid\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
        1\tKyiv\t\tKiev|Kijów\t50.45\t30.52\tUA\t12\tPPLC\t2952301\n\
        2\tZaporizhzhya\t\tZaporizhzhia|Zaporozhye\t47.85\t35.12\tUA\t26\tPPLA\t710052\n";

    #[test]
    fn parse_and_lookup() {
        let mut g = Gazetteer::new();
        g.add_file("t.tsv", TSV).unwrap();
        g.finish();
        assert_eq!(g.lookup("Kiev"), vec![(0, Match::Alternate)]);
        assert_eq!(g.lookup("KYIV"), vec![(0, Match::Name)]);
        assert_eq!(g.lookup("Kijow"), vec![(0, Match::Alternate)]);
        assert_eq!(g.lookup("Zaporozhye"), vec![(1, Match::Alternate)]);
        assert!(g.lookup("Lviv").is_empty());
        let p = g.place(0);
        assert_eq!(
            (p.country(), p.feature(), p.admin1(), p.kind),
            ("UA", "PPLC", "12", Kind::Capital)
        );
        assert_eq!(g.name(1), "Zaporizhzhya");
        assert_eq!(p.geonames(), Some(1));
    }

    #[test]
    fn feature_codes_to_kinds() {
        // sitrep's own union code is not a country, though it starts like one.
        assert_eq!(Kind::of("PCLU"), Kind::Union);
        assert_eq!(Kind::of("PCLI"), Kind::Country);
        assert_eq!(Kind::of("PCLD"), Kind::Country);
        assert_eq!(Kind::of("ADM1"), Kind::Adm1);
        assert_eq!(Kind::of("RGN"), Kind::Region);
        assert_eq!(Kind::of("XYZ"), Kind::Other);
    }

    #[test]
    fn overlay_replaces_and_removes() {
        let mut g = Gazetteer::new();
        g.add_file("t.tsv", TSV).unwrap();
        let user = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
            -1\n2\tZaporizhzhia\t\t\t47.8\t35.1\tUA\t26\tPPLA\t700000\n\
            2000000001\tRobotyne\t\t\t47.44\t35.84\tUA\t26\tPPL\t480\n";
        g.add_file("user.tsv", user).unwrap();
        g.finish();
        assert!(g.lookup("Kyiv").is_empty());
        assert_eq!(g.lookup("Zaporizhzhia").len(), 1);
        assert!(g.lookup("Zaporozhye").is_empty());
        let r = g.lookup("Robotyne")[0].0;
        assert_eq!(g.place(r).geonames(), None);
    }

    #[test]
    fn errors_name_the_line() {
        let mut g = Gazetteer::new();
        let bad = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
            7\tX\t\t\tnorth\t1\tUA\t\tPPL\t0\n";
        let e = g.add_file("u.tsv", bad).unwrap_err();
        assert_eq!(e.to_string(), "u.tsv:2: lat `north` is not a number");
        let e = g.add_file("v.tsv", "name\tid\n").unwrap_err();
        assert_eq!(e.line, 1);
        let bad = "id\tname\tascii\talternates\tlat\tlon\tcountry\tadmin1\tfeature\tpopulation\n\
            7\tX\t\t\t95\t1\tUA\t\tPPL\t0\n";
        assert!(g.add_file("w.tsv", bad).is_err());
    }
}

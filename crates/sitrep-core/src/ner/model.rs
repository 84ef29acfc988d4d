//! The tagger's weights: a read-only open-addressing table from feature key
//! to a row of per-label weights, loaded from the model file in milliseconds.
//!
//! File layout (little endian): magic `SITREPNER1`, `u32` label count, each
//! label as `u8` length + bytes, `u32` feature count, the keys (`u64`) and
//! then the weights (`f32`, one row of label count per key).

/// Magic bytes at the start of a model file.
pub const MAGIC: &[u8; 10] = b"SITREPNER1";

/// Labels a model may have (the table's rows are fixed-size for locality).
pub const MAX_LABELS: usize = 9;

/// One slot of the table: key and weights side by side, so a lookup touches
/// one cache line instead of three.
#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    w: [f32; MAX_LABELS],
}

/// A loaded model.
pub struct Model {
    labels: Vec<String>,
    mask: usize,
    slots: Vec<Slot>,
    features: usize,
    /// See [`Model::id`].
    id: u64,
    /// One bit per key hash (2^20 bits, 128 KiB, stays in cache): most
    /// features of a text are not in the model, and this answers "absent"
    /// without touching the big table.
    filter: Vec<u64>,
}

const FILTER_BITS: u32 = 20;

/// The next [`Model::id`] (0 is never one).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

#[inline]
fn filter_bit(k: u64) -> (usize, u64) {
    let b = (k >> (64 - FILTER_BITS)) as usize;
    (b >> 6, 1u64 << (b & 63))
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tagger model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| ModelError("file is truncated".into()))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
}

/// Keys are never 0 in the table (0 marks an empty slot).
#[inline]
fn nz(k: u64) -> u64 {
    if k == 0 { 1 } else { k }
}

impl Model {
    /// Parse a model file.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { b, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError("not a sitrep tagger model (bad magic)".into()));
        }
        let nl = r.u32()? as usize;
        if nl == 0 || nl > MAX_LABELS {
            return Err(ModelError(format!("implausible label count {nl}")));
        }
        let mut labels = Vec::with_capacity(nl);
        for _ in 0..nl {
            let len = r.take(1)?[0] as usize;
            let s = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ModelError("label is not UTF-8".into()))?;
            labels.push(s.to_string());
        }
        let nf = r.u32()? as usize;
        let keys = r.take(
            nf.checked_mul(8)
                .ok_or_else(|| ModelError("too many features".into()))?,
        )?;
        let w = r.take(
            nf.checked_mul(nl * 4)
                .ok_or_else(|| ModelError("too many features".into()))?,
        )?;
        let cap = (nf * 2).next_power_of_two().max(16);
        let mut slots = vec![
            Slot {
                key: 0,
                w: [0.0; MAX_LABELS]
            };
            cap
        ];
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        let mask = cap - 1;
        for (row, kb) in keys.chunks_exact(8).enumerate() {
            let k = nz(u64::from_le_bytes(kb.try_into().unwrap_or([0; 8])));
            let (w_ix, bit) = filter_bit(k);
            filter[w_ix] |= bit;
            let mut slot = (k as usize) & mask;
            while slots[slot].key != 0 && slots[slot].key != k {
                slot = (slot + 1) & mask;
            }
            slots[slot].key = k;
            let wr = &w[row * nl * 4..(row + 1) * nl * 4];
            for (l, c) in wr.chunks_exact(4).enumerate() {
                slots[slot].w[l] = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
        }
        Ok(Model {
            labels,
            mask,
            slots,
            features: nf,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            filter,
        })
    }

    /// Serialise weights (used by the trainer).
    pub fn write(labels: &[&str], rows: &[(u64, Vec<f32>)]) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + rows.len() * (8 + 4 * labels.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(labels.len() as u32).to_le_bytes());
        for l in labels {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, _) in rows {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for (_, w) in rows {
            for x in w {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Label names.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features
    }

    /// True for a model without features.
    pub fn is_empty(&self) -> bool {
        self.features == 0
    }

    /// The weight row of key `f`, if the model has it.
    #[inline]
    fn row(&self, f: u64) -> Option<&[f32; MAX_LABELS]> {
        let k = nz(f);
        let (w_ix, bit) = filter_bit(k);
        if self.filter[w_ix] & bit == 0 {
            return None;
        }
        let mut slot = (k as usize) & self.mask;
        loop {
            let t = &self.slots[slot];
            if t.key == k {
                return Some(&t.w);
            }
            if t.key == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Add the weights of `feats` into `scores`, feature by feature in order.
    /// Rows are fixed-size (entries past the label count are zero), so the
    /// add is a few vector instructions; each label's sum is the same
    /// sequence of `f32` additions as a label-by-label loop.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut Row) {
        for &f in feats {
            if let Some(w) = self.row(f) {
                for (s, w) in scores.iter_mut().zip(w) {
                    *s += *w;
                }
            }
        }
    }

    /// A number no other model loaded by this process has, so that caches
    /// of scores can tell which model filled them.
    pub fn id(&self) -> u64 {
        self.id
    }
}

/// Scores of one token, one per label (entries past the model's labels stay 0).
pub type Row = [f32; MAX_LABELS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let bytes = Model::write(
            &["O", "B-PER"],
            &[(7, vec![0.5, -1.0]), (0, vec![2.0, 3.0])],
        );
        let m = Model::from_bytes(&bytes).unwrap();
        let mut s = [0.0f32; MAX_LABELS];
        m.score(&[7, 0, 99], &mut s);
        assert_eq!(s[..2], [2.5, 2.0]);
        assert!(s[2..].iter().all(|&x| x == 0.0));
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}

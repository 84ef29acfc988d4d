//! Feature hashing: 64-bit FNV-1a over bytes, mixed with a template id. Keys
//! are stored in the model, so the function must never change without a model
//! version bump.

/// FNV-1a offset basis.
const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// Hash bytes.
#[inline]
pub fn bytes(b: &[u8]) -> u64 {
    let mut h = BASIS;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Hash a string's ASCII-lowercased bytes without allocating.
#[inline]
pub fn lower(s: &str) -> u64 {
    let mut h = BASIS;
    for &x in s.as_bytes() {
        h ^= u64::from(x.to_ascii_lowercase());
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// Combine a template id with value hashes into a feature key.
#[inline]
pub fn feat(template: u32, a: u64, b: u64) -> u64 {
    let mut h = (u64::from(template) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= a.wrapping_add(0x632b_e59b_d9b4_e019).rotate_left(17);
    h = h.wrapping_mul(PRIME);
    h ^= b.rotate_left(41);
    // Final avalanche (splitmix64).
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

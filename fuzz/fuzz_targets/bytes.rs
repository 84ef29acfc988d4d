//! Fuzz `sitrep_input::from_bytes`: any file content is an article or an
//! error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|b: &[u8]| {
    let _ = sitrep_input::from_bytes("fuzz.html", b);
});

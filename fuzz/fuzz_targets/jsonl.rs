//! Fuzz `sitrep_input::from_jsonl_line`: any line (including ones with an
//! `html` field) is an article or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let _ = sitrep_input::from_jsonl_line("fuzz.jsonl", 1, s);
});

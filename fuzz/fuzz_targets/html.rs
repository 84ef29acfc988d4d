//! Fuzz `sitrep_input::html::extract`: any string must give an article
//! without panicking, and its text must keep the one-paragraph-per-line
//! shape the pipeline relies on.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let a = sitrep_input::html::extract(s);
    for line in a.text.split('\n').filter(|_| !a.text.is_empty()) {
        assert!(!line.is_empty() && line == line.trim(), "bad line {line:?}");
    }
});

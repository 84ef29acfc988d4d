//! Project chores, run as `cargo xtask <task>` (see `.cargo/config.toml`).

fn main() {
    eprintln!("usage: cargo xtask <train-ner|eval|bench>");
}

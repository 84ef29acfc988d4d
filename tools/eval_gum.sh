#!/usr/bin/env bash
# Score sitrep on the GUM news dev split with the shared scorer.
# usage: tools/eval_gum.sh [GOLD.jsonl] [extra `sitrep extract` flags...]
# Prints the scorer's figures; leaves the records in target/eval/gum.out.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SITREP_SHARED:-../shared}
gold=${1:-$shared/corpora/gum-news/docs.jsonl}
shift || true
mkdir -p target/eval
cargo build --release -q -p sitrep-cli
python3 "$shared/eval/score_gum.py" input "$gold" > target/eval/gum.in.jsonl
./target/release/sitrep extract --jsonl target/eval/gum.in.jsonl "$@" > target/eval/gum.out.jsonl
python3 "$shared/eval/score_gum.py" score "$gold" target/eval/gum.out.jsonl

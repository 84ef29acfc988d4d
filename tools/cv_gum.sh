#!/usr/bin/env bash
# Honest figures for the tagger: K-fold cross-validation over the GUM news dev
# documents. Each fold's model is trained without that fold's documents (but
# with every other corpus), and the fold is extracted with it; the scorer then
# sees all 12 documents, each tagged by a model that never saw it.
# usage: tools/cv_gum.sh [K]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SITREP_SHARED:-../shared}
k=${1:-4}
gold=$shared/corpora/gum-news/docs.jsonl
out=target/eval/cv
mkdir -p "$out"
cargo build --release -q -p sitrep-cli -p xtask
python3 "$shared/eval/score_gum.py" input "$gold" > "$out/all.in.jsonl"
mapfile -t ids < <(python3 -c 'import json,sys; [print(json.loads(l)["id"]) for l in open(sys.argv[1])]' "$out/all.in.jsonl")
: > "$out/all.out.jsonl"
for ((f = 0; f < k; f++)); do
  fold=()
  for ((i = f; i < ${#ids[@]}; i += k)); do fold+=("${ids[$i]}"); done
  ex=$(IFS=,; echo "${fold[*]}")
  ./target/release/xtask train-ner ${TRAIN_ARGS:-} --out "$out/fold$f.bin" --exclude "$ex" --shared "$shared" 2> "$out/fold$f.log"
  python3 -c 'import json,sys; ids=set(sys.argv[2].split(",")); [print(l,end="") for l in open(sys.argv[1]) if json.loads(l)["id"] in ids]' "$out/all.in.jsonl" "$ex" > "$out/fold$f.in.jsonl"
  ./target/release/sitrep extract --jsonl "$out/fold$f.in.jsonl" --ner-model "$out/fold$f.bin" >> "$out/all.out.jsonl"
done
python3 "$shared/eval/score_gum.py" score "$gold" "$out/all.out.jsonl"

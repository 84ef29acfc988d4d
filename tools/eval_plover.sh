#!/usr/bin/env bash
# Score sitrep's events against the PLOVER gold-standard sentences (322 sentences from the CAMEO manual).
#   tools/eval_plover.sh            build the release binary, extract, print the figures
#   tools/eval_plover.sh --json     the figures as JSON
# Bars for the events stage: type_recall >= 0.75, precision >= 0.60, source >= 0.60.
#
# The scorer (../shared/eval/score_plover.py, read-only here) crashes on the one gold record whose
# `target` is a bare string ("diplomatic", PLOVER-GSR01-AGREE-0007) as soon as a system types that
# sentence right. We run it unchanged except that its `codes` helper skips non-object items, which is
# what it would do if it did not crash: that record counts as having a target nobody can match.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SITREP_SHARED:-$root/../shared}"
gold="$shared/corpora/plover-gsr-cameo/PLOVER_GSR_CAMEO.json"
scorer="$shared/eval/score_plover.py"
out="${TMPDIR:-/tmp}/sitrep-eval-plover"
mkdir -p "$out"

cd "$root"
cargo build --release -q -p sitrep-cli
python3 "$scorer" input "$gold" > "$out/in.jsonl"
./target/release/sitrep extract --jsonl "$out/in.jsonl" > "$out/out.jsonl"
python3 - "$scorer" "$gold" "$out/out.jsonl" "$@" <<'PY'
import importlib.util
import sys

scorer, gold, records = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("score_plover", scorer)
sp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sp)
codes = sp.codes
sp.codes = lambda actors: codes([a for a in actors if isinstance(a, dict)] if isinstance(actors, list) else [])
sys.argv = [scorer, "score", gold, records] + sys.argv[4:]
sp.main()
PY
echo "records: $out/out.jsonl" >&2

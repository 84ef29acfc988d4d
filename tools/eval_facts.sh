#!/usr/bin/env bash
# Score sitrep on the hand-coded "facts" articles in eval/facts/ (NAME.txt + NAME.json, the gold in the
# format of ../shared/eval/score_facts.py; the json's "published" is passed as --published).
# usage: tools/eval_facts.sh [DIR] [extra `sitrep extract` flags...]
# Prints each article's score and the per-section means; records go to target/eval/facts/.
# SITREP_PROFILE=release uses a release build (the dev profile is optimised too, and cheaper to rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SITREP_SHARED:-../shared}
dir=${1:-eval/facts}
shift || true
profile=${SITREP_PROFILE:-dev}
if [ "$profile" = release ]; then bin=target/release/sitrep; else bin=target/debug/sitrep; fi
cargo build -q --profile "$profile" -p sitrep-cli
mkdir -p target/eval/facts
for gold in "$dir"/*.json; do
    name=$(basename "$gold" .json)
    published=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("published") or "")' "$gold")
    args=()
    [ -n "$published" ] && args+=(--published "$published")
    "$bin" extract "${args[@]}" "$@" --id "$name" "$dir/$name.txt" > "target/eval/facts/$name.json"
    python3 "$shared/eval/score_facts.py" "target/eval/facts/$name.json" "$gold" --json > "target/eval/facts/$name.score.json"
done
python3 - "$dir" <<'PY'
import glob, json, os, sys
scores = {os.path.basename(p)[:-11]: json.load(open(p)) for p in sorted(glob.glob("target/eval/facts/*.score.json"))
          if os.path.exists(os.path.join(sys.argv[1], os.path.basename(p)[:-11] + ".json"))}
for name, s in scores.items():
    print(f"{name:24s} score={s['score']:.3f}  claims={s['claims']['recall']:.2f}/{s['claims']['responses']:.2f}"
          f"  positions={s['positions']['recall']:.2f} ({s['positions']['system_positions']} found)")
print("mean over", len(scores), "articles:")
for sec in next(iter(scores.values())):
    if sec == "score":
        continue
    # A figure an article lacks (e.g. places with no gold not_places) is averaged over those that have it.
    keys = [k for k, v in next(iter(scores.values()))[sec].items() if isinstance(v, float)]
    keys += [k for s in scores.values() for k, v in s[sec].items() if isinstance(v, float) and k not in keys]
    keys = list(dict.fromkeys(keys))
    def mean(sec, k):
        xs = [s[sec][k] for s in scores.values() if isinstance(s[sec].get(k), float)]
        return sum(xs) / len(xs)
    print(f"  {sec:11s} " + "  ".join(f"{k}={mean(sec, k):.2f}" for k in keys))
print(f"  score       {sum(s['score'] for s in scores.values()) / len(scores):.3f}")
PY

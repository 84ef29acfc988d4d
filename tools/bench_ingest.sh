#!/usr/bin/env bash
# Ingest throughput against extraction throughput on the same corpus (the store's bar: ingest ≥ 0.8 × extract).
#
#     tools/bench_ingest.sh            # 20 MB corpus, seed 1; prints a Markdown table row block
#     BENCH_MB=5 tools/bench_ingest.sh
#
# Builds the release binary, generates bench/corpus/news${MB}.jsonl with tools/gen_corpus.py if missing,
# then times (best of BENCH_REPEAT, default 2, wall clock):
#   extract: sitrep extract --jsonl CORPUS > /dev/null-like file (records written to disk)
#   ingest:  sitrep ingest --db FRESH.db CORPUS (fresh store each run)
#   rerun:   the same ingest again on the full store (every article a duplicate)
# MB = 10^6 bytes of article text (the `text` fields), as in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${BENCH_MB:-20}
SEED=${BENCH_SEED:-1}
REPEAT=${BENCH_REPEAT:-2}
C=bench/corpus
mkdir -p "$C"
CORPUS=$C/news${MB}.seed${SEED}.jsonl
[[ ${BENCH_SKIP_BUILD:-0} == 1 ]] || cargo build --release -p sitrep-cli >&2
BIN=target/release/sitrep
if [[ ! -s $CORPUS ]]; then
    python3 tools/gen_corpus.py --mb "$MB" --seed "$SEED" > "$CORPUS.tmp" && mv "$CORPUS.tmp" "$CORPUS"
fi
TEXT_BYTES=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]) if l.strip()))" "$CORPUS")
DOCS=$(grep -c . "$CORPUS")
best() {  # "WALL CPU" of the fastest of REPEAT runs of $1 (run via bash -c); CPU = user + sys seconds
    local b="" t
    for ((i = 0; i < REPEAT; i++)); do
        /usr/bin/time -o "$C/bench_ingest.time" -f "%e %U %S" bash -c "$1" > /dev/null 2> /dev/null
        t=$(tail -1 "$C/bench_ingest.time" | awk '{ printf "%s %.2f", $1, $2 + $3 }')
        if [[ -z $b ]] || awk -v t="${t%% *}" -v b="${b%% *}" 'BEGIN { exit !(t < b) }'; then b=$t; fi
    done
    echo "$b"
}
OUT=$C/bench_ingest.out.jsonl
DB=$C/bench_ingest.db
EXTRACT=$(best "$BIN extract --jsonl $CORPUS > $OUT")
INGEST=$(best "rm -f $DB $DB-wal $DB-shm; $BIN ingest --db $DB $CORPUS")
RERUN=$(best "$BIN ingest --db $DB $CORPUS")
rm -f "$DB" "$DB-wal" "$DB-shm"
/usr/bin/time -o "$C/bench_ingest.time" -f %M "$BIN" ingest --db "$DB" "$CORPUS" > /dev/null 2> /dev/null
RSS=$(tail -1 "$C/bench_ingest.time")
DBSIZE=$(stat -c %s "$DB")
rm -f "$OUT" "$C/bench_ingest.time"
python3 - "$TEXT_BYTES" "$DOCS" "$EXTRACT" "$INGEST" "$RERUN" "$RSS" "$DBSIZE" "$CORPUS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
tb, docs, ex, ing, rr, rss, dbsize, corpus, nproc, load = sys.argv[1:]
tb, docs = int(tb), int(docs)
(ex, exc), (ing, ingc), (rr, rrc) = [tuple(map(float, x.split())) for x in (ex, ing, rr)]
mb = tb / 1e6
print(f"corpus `{corpus}`: {mb:.1f} MB of text, {docs:,} articles; {nproc} cores, load average {load} at the end; "
      "fastest of the runs by wall clock")
print()
print("| run | wall s | MB/s | articles/s | CPU s (user+sys) | MB per CPU-s |")
print("|---|---:|---:|---:|---:|---:|")
for name, w, c in [("`sitrep extract --jsonl` (records to a file)", ex, exc),
                   ("`sitrep ingest` (fresh store)", ing, ingc),
                   ("`sitrep ingest` again (all duplicates)", rr, rrc)]:
    print(f"| {name} | {w:.2f} | {mb/w:.2f} | {docs/w:,.0f} | {c:.2f} | {mb/c:.2f} |")
print()
print(f"ingest / extract throughput: **{ex/ing:.2f}** by wall clock, **{exc/ingc:.2f}** by CPU time (bar ≥ 0.80); "
      f"ingest peak RSS {int(rss)/1024:.0f} MB; store {int(dbsize)/1e6:.0f} MB ({int(dbsize)/tb:.1f}× the text)")
PY

#!/usr/bin/env bash
# Latency benchmark of `sitrep serve` on a 100,000-article store.
#
#     tools/bench_serve.sh            # build the store if missing, measure, print a Markdown table
#
# 1. Generates short articles with tools/gen_corpus.py (text written by the generator): each
#    generated article is cut into pieces of a headline and two paragraphs, each piece its own
#    article (distinct text, same date and title prefix), until BENCH_ARTICLES (100000) exist.
# 2. Ingests them with the release binary into bench/corpus/serve100k.db (kept between runs).
# 3. Starts `sitrep serve` on a free loopback port and runs wrk (Debian package) against each
#    dashboard query for BENCH_SECONDS (10) with 4 connections, printing p50/p95/p99 and
#    requests/s, the time of the very first request of each (before the server's cache of
#    aggregate views holds it), and the server's resident memory before and after (VmRSS, VmHWM).
# Only 127.0.0.1 is contacted; every wrk run stops after its duration.
#
# Knobs: BENCH_ARTICLES (100000), BENCH_SECONDS (10), BENCH_CONNS (4), BENCH_SKIP_BUILD (0),
# SITREP (binary; default target/release/sitrep).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${BENCH_ARTICLES:-100000}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNS:-4}
DIR=bench/corpus
DB=$DIR/serve${N}.db
JSONL=$DIR/serve${N}.jsonl
BIN=${SITREP:-target/release/sitrep}
mkdir -p "$DIR"

command -v wrk >/dev/null || { echo "bench_serve.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    cargo build --release -p sitrep-cli
fi

if [[ ! -s "$JSONL" ]]; then
    # ~4 pieces per generated article of ~4 KB.
    mb=$(( N / 4 * 4 / 1000 + 10 ))
    cat > "$DIR/split_short.py" <<'PY'
import json, sys
n = int(sys.argv[1]); k = 0
for line in sys.stdin:
    a = json.loads(line)
    paras = a["text"].split("\n")
    head, body = paras[0], paras[1:]
    for j in range(0, len(body), 2):
        if k >= n:
            sys.exit(0)
        k += 1
        out = {"id": "%s-%d" % (a["id"], j // 2), "title": "%s (%d)" % (a["title"], j // 2 + 1),
               "published": a["published"], "text": "\n".join([head] + body[j:j + 2])}
        print(json.dumps(out, ensure_ascii=False))
print("only %d articles" % k, file=sys.stderr)
PY
    python3 tools/gen_corpus.py --mb "$mb" --seed 7 2>/dev/null | python3 "$DIR/split_short.py" "$N" > "$JSONL.tmp" || true
    [[ $(wc -l < "$JSONL.tmp") -eq $N ]] || { echo "bench_serve.sh: corpus too small" >&2; exit 1; }
    mv "$JSONL.tmp" "$JSONL"
fi
if [[ ! -s "$DB" ]]; then
    /usr/bin/time -f "ingest: %e s, peak RSS %M KB" "$BIN" ingest --db "$DB.tmp" "$JSONL"
    mv "$DB.tmp" "$DB"
    rm -f "$DB.tmp-wal" "$DB.tmp-shm"
fi

LOG=$(mktemp)
"$BIN" serve --db "$DB" --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -f "$LOG" "$LUA"' EXIT
for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$LOG" || true)
    [[ -n "$URL" ]] && break
    sleep 0.1
done
[[ -n "$URL" ]] || { cat "$LOG"; exit 1; }
rss() { awk '/VmRSS|VmHWM/ {printf "%s %s MB  ", $1, int($2/1024)}' /proc/$PID/status; }

LUA=$(mktemp --suffix=.lua)
cat > "$LUA" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.1f %.1f %.0f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status, summary.requests))
end
LUA

# Pick real values for the filtered queries from the store itself.
# ACTOR is the entity named in most articles; RARE one from the long tail (a few articles).
ACTOR=$(curl -s "${URL}api/entities?limit=1" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["name"]))')
RARE=$(curl -s "${URL}api/entities?limit=1&offset=20000" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["name"]))')
ARTICLE=$(curl -s "${URL}api/articles?limit=1&offset=5000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')

ENDPOINTS=(
    "api/health"
    "api/articles"
    "api/articles?offset=1000"
    "api/articles?q=ceasefire"
    "api/articles/${ARTICLE}"
    "api/entities?limit=200"
    "api/events"
    "api/events?type=ASSAULT&status=occurred"
    "api/events?actor=${ACTOR}"
    "api/events?actor=${RARE}"
    "api/claims"
    "api/positions"
    "api/timeline"
    "api/timeline?actor=${ACTOR}"
    "api/map"
    "api/map?from=2025-01&to=2025-03"
    "api/network"
    "api/network?type=ASSAULT"
    "api/stance"
)

echo "store: $DB ($("$BIN" query --db "$DB" --what articles --limit 1 --format jsonl >/dev/null 2>&1; curl -s "${URL}api/health"))"
echo "server after start: $(rss)"
echo
# First request of each endpoint, before any other: the uncached time (aggregate views
# are cached per store version after it).
declare -A COLD
for ep in "${ENDPOINTS[@]}"; do
    COLD[$ep]=$(curl -s -o /dev/null -w '%{time_total}' "${URL}${ep}" | awk '{printf "%.1f", $1 * 1000}')
done
echo "frequent actor: $ACTOR; rare actor: $RARE"
echo
echo "| endpoint | first request ms | p50 ms | p95 ms | p99 ms | req/s | non-2xx |"
echo "|---|---|---|---|---|---|---|"
for ep in "${ENDPOINTS[@]}"; do
    line=$(wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$LUA" "${URL}${ep}" | grep '^RESULT' || echo "RESULT - - - - - -")
    read -r _ p50 p95 p99 rps errs _ <<<"$line"
    echo "| \`/${ep}\` | ${COLD[$ep]} | $p50 | $p95 | $p99 | $rps | $errs |"
done
echo
echo "server after the runs: $(rss)"

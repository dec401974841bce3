#!/usr/bin/env bash
# Label-quality scores, side by side (issues 2 and 14): tokqual's C API against a streaming
# read of the same arrays, against cleanlab 2.9.0 and against the numpy code a Python user
# would write instead. Prints a Markdown table of times, ratios and peak RSS.
#
#   cmake -S . -B build -G Ninja -DTQ_BUILD_BENCH=ON && ninja -C build bench_scores tokqual
#   bench/compare_scores.sh [BUILD_DIR]            # BUILD_DIR defaults to ./build
#   SHAPE=ner CLASSES=9 TOKENS=1000000 DTYPE=f32 bench/compare_scores.sh build
#
# Steps: (1) python3 bench/cleanlab_scores.py --peers writes the data (TOKENS tokens,
# CLASSES classes, corpus SHAPE) to DATA_DIR and times, in one process and in alternation
# round by round (REPEAT rounds), cleanlab's get_label_quality_scores, the numpy peer and
# tokqual through ctypes (BUILD_DIR/libtokqual.so, one thread), for each method with min
# and softmin; (2) BUILD_DIR/bench/bench_scores times tokqual and the streaming read on the
# same files (TQ_BENCH_DATA, TQ_BENCH_DTYPE=DTYPE), REPETITIONS repetitions interleaved at
# random, medians used, with each benchmark's peak RSS; (3) the table: "x read" comes from
# step 2; "x cleanlab" and "x numpy" are the medians of step 1's per-round ratios. Nothing
# here is a pass/fail gate: it reports ratios.
#
# Environment (defaults): SHAPE=uniform (or ner) CLASSES=9 TOKENS=1000000 DTYPE=f32 (or
#   f64: cleanlab, numpy and tokqual all get the same values as float64) REPEAT=3
#   REPETITIONS=5 MIN_TIME=0.5
#   DATA_DIR=BUILD_DIR/bench-data-SHAPE-CLASSES-TOKENS  (also receives cleanlab.json and
#            bench_scores.json)
#   REFERENCE=0  set to 1 to also write cleanlab's float64 sentence scores, which
#                bench_scores then checks tokqual's against (1e-12) before timing
#   BENCH_ARGS   extra arguments for bench_scores
#   SKIP_CLEANLAB=1  reuse DATA_DIR's data and cleanlab.json from an earlier run
#   SUMMARY_JSON=F   also write the table's ratios to F as JSON (bench/run-all.sh's summary)
#   TABLE_ONLY=1     only print the table again from DATA_DIR's cleanlab.json and
#                    bench_scores.json
#
# On a loaded machine, wall times of the other jobs' CPUs leak into every figure; the
# "CPU" columns (Google Benchmark's CPU time of the calling thread, 1-thread runs only)
# show the cost without time spent waiting for a CPU.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$repo/build}
bench_bin=$build_dir/bench/bench_scores
lib=$build_dir/libtokqual.so
shape=${SHAPE:-uniform}
tokens=${TOKENS:-1000000}
classes=${CLASSES:-9}
dtype=${DTYPE:-f32}
repeat=${REPEAT:-3}
repetitions=${REPETITIONS:-5}
min_time=${MIN_TIME:-0.5}
data_dir=${DATA_DIR:-$build_dir/bench-data-$shape-$classes-$tokens}

case $shape in
    uniform | ner) ;;
    *) echo "compare_scores.sh: SHAPE=$shape: use uniform or ner" >&2; exit 2 ;;
esac
case $dtype in
    f32) cl_dtype=float32 ;;
    f64) cl_dtype=float64 ;;
    *) echo "compare_scores.sh: DTYPE=$dtype: use f32 or f64" >&2; exit 2 ;;
esac
for f in "$bench_bin" "$lib"; do
    if [[ ! -e $f ]]; then
        echo "compare_scores.sh: $f not found; configure $build_dir with" \
             "-DTQ_BUILD_BENCH=ON and build the bench_scores and tokqual targets" >&2
        exit 2
    fi
done
mkdir -p "$data_dir"
cleanlab_json=$data_dir/cleanlab.json
bench_json=$data_dir/bench_scores.json

if [[ ${TABLE_ONLY:-0} != 1 && ${SKIP_CLEANLAB:-0} != 1 ]]; then
    reference=()
    [[ ${REFERENCE:-0} == 1 ]] && reference=(--reference)
    echo "== cleanlab, numpy peer, tokqual (ctypes) in alternation: $tokens tokens," \
         "K = $classes, $shape, $dtype, $repeat round(s)" >&2
    python3 "$repo/bench/cleanlab_scores.py" --tokens "$tokens" --classes "$classes" \
        --shape "$shape" --cleanlab-dtype "$cl_dtype" --repeat "$repeat" --out "$data_dir" \
        --peers --lib "$lib" "${reference[@]}" | tail -n 1 >"$cleanlab_json"
fi

if [[ ${TABLE_ONLY:-0} != 1 ]]; then
    echo "== tokqual and streaming read: $bench_bin, $repetitions repetitions, interleaved" >&2
    TQ_BENCH_DATA=$data_dir TQ_BENCH_DTYPE=$dtype "$bench_bin" \
        --benchmark_repetitions="$repetitions" \
        --benchmark_enable_random_interleaving=true \
        --benchmark_min_time="$min_time" \
        --benchmark_display_aggregates_only=true \
        --benchmark_out="$bench_json" --benchmark_out_format=json \
        ${BENCH_ARGS:-} >&2
fi

python3 - "$cleanlab_json" "$bench_json" <<'EOF'
import json
import os
import statistics
import sys

cleanlab = json.load(open(sys.argv[1]))
bench = json.load(open(sys.argv[2]))
if bench["context"].get("tq_n_tokens") != str(cleanlab["n_tokens"]):
    sys.exit("compare_scores.sh: the benchmark data and cleanlab's timing differ in size")

scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
median = {}  # benchmark name -> median real time in seconds
cpu_median = {}  # benchmark name -> median CPU time of the calling thread in seconds
rss = {}     # benchmark name -> largest peak RSS over its repetitions, MB
repetitions = max(b.get("repetitions", 1) for b in bench["benchmarks"])
for b in bench["benchmarks"]:
    name = b["run_name"].removesuffix("/real_time")
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
        median[name] = b["real_time"] * scale[b["time_unit"]]
        cpu_median[name] = b["cpu_time"] * scale[b["time_unit"]]
    if b.get("run_type") == "iteration" and "peak_rss_MB" in b:
        rss[name] = max(rss.get(name, 0.0), b["peak_rss_MB"])
input_mb = next((b["input_MB"] for b in bench["benchmarks"] if "input_MB" in b), 0.0)

def ms(seconds):
    return f"{seconds * 1e3:.3g}" if seconds is not None else "-"

def mb(name):
    return f"{rss[name]:.0f}" if rss.get(name, -1) > 0 else "-"

cpu = "unknown"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu}; load average {os.getloadavg()[0]:.2f} "
      "(1 min) at the end")
print(f"data: {cleanlab['n_tokens']} tokens, {cleanlab['n_sentences']} sentences, "
      f"K = {cleanlab['n_classes']}, shape {cleanlab.get('shape', 'uniform')}, "
      f"{bench['context'].get('tq_dtype', 'f32')} ({input_mb:.1f} MiB of input); cleanlab "
      f"{cleanlab['cleanlab_version']}, numpy {cleanlab['numpy_version']}; tokqual C++: median "
      f"of {repetitions} Google Benchmark repetitions; x cleanlab, x numpy: median of "
      f"{cleanlab['repeat']} rounds' ratios, each round timing cleanlab, tokqual and numpy in "
      "turn (tokqual through ctypes, one thread)")
print()
read1 = median.get("streaming_read/threads:1")
read0 = median.get("streaming_read/threads:0")
cread1 = cpu_median.get("streaming_read/threads:1")
print(f"streaming read of the same arrays: {ms(read1)} ms single-threaded (CPU {ms(cread1)} ms; "
      f"peak RSS {mb('streaming_read/threads:1')} MB), {ms(read0)} ms with one thread per CPU")
print()
print("| method / sentence method | tokqual 1 thread (ms) | x read | CPU (ms) | x read, CPU | "
      "peak RSS (MB) | tokqual all CPUs (ms) | all CPUs / 1 thread | cleanlab (s) | "
      "x cleanlab | numpy peer (ms) | x numpy |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

def cpu_cols(name):
    c = cpu_median.get(name)
    return f"{ms(c)} | {f'{c / cread1:.2f}x' if c and cread1 else '-'}"
peers = cleanlab.get("peers") or {}
summary = {"rows": [], "read_cpu_ms": cread1 * 1e3 if cread1 else None}  # SUMMARY_JSON
rows = [("self_confidence", "min"), ("self_confidence", "softmin"),
        ("normalized_margin", "min"), ("normalized_margin", "softmin"),
        ("confidence_weighted_entropy", "min"), ("confidence_weighted_entropy", "softmin")]
for method, sentence in rows:
    one_name = f"tokqual/{method}/{sentence}/threads:1"
    one = median.get(one_name)
    allc = median.get(f"tokqual/{method}/{sentence}/threads:0")
    p = peers.get(f"{method}/{sentence}")
    if one is None and p is None:
        continue
    cl = f"{min(p['cleanlab_s']):.2f}" if p else "-"
    xcl = f"{statistics.median(p['cleanlab_over_tokqual']):.0f}x" if p else "-"
    npy = f"{min(p['numpy_s']) * 1e3:.3g}" if p and p["numpy_s"] else "-"
    xnp = f"{statistics.median(p['numpy_over_tokqual']):.1f}x" if p and p["numpy_s"] else "-"
    c1 = cpu_median.get(one_name)
    summary["rows"].append({
        "method": method, "sentence_method": sentence,
        "cpu_ms": c1 * 1e3 if c1 else None,
        "x_read_cpu": c1 / cread1 if c1 and cread1 else None,
        "x_cleanlab": statistics.median(p["cleanlab_over_tokqual"]) if p else None,
        "x_numpy": statistics.median(p["numpy_over_tokqual"]) if p and p["numpy_s"] else None,
        "all_cpus_over_one": one / allc if one and allc else None})
    print(f"| {method} / {sentence} | {ms(one)} | "
          f"{f'{one / read1:.2f}x' if one and read1 else '-'} | {cpu_cols(one_name)} | "
          f"{mb(one_name)} | {ms(allc)} | "
          f"{f'{one / allc:.2f}x' if one and allc else '-'} | {cl} | {xcl} | {npy} | {xnp} |")
def single_row(label, name):
    """A row for a benchmark with no cleanlab or numpy counterpart; its median or None."""
    t = median.get(name)
    if t is not None:
        print(f"| {label} | {ms(t)} | {f'{t / read1:.2f}x' if read1 else '-'} | "
              f"{cpu_cols(name)} | {mb(name)} | - | - | - | - | - | - |")
    return t

single_row("self_confidence / min, token_scores = NULL",
           "tokqual/self_confidence/min/no_token_scores/threads:1")
sc_min = median.get("tokqual/self_confidence/min/threads:1")
for rank_name in ("issues_from_sentence_scores", "issues_from_token_scores"):
    rank = median.get(rank_name)
    share = f"{rank / (sc_min + rank) * 100:.1f}%" if rank and sc_min else "-"
    single_row(f"ranking: {rank_name} (threshold 0.1), {share} of scores + ranking "
               "(self_confidence / min)", rank_name)
    if rank is not None and sc_min:
        summary[rank_name + "_share"] = rank / (sc_min + rank)
floor_name = "log_floor/threads:1"
single_row("floor of the entropy method: p * log(p) of every value, nothing else", floor_name)
if cpu_median.get(floor_name) and cread1:
    summary["log_floor_x_read_cpu"] = cpu_median[floor_name] / cread1
sc_floor_name = "floor/self_confidence/threads:1"
single_row("floor of self_confidence / min: its checked kernel writing straight to the outputs",
           sc_floor_name)
if cpu_median.get(sc_floor_name) and cread1:
    summary["self_confidence_floor_x_read_cpu"] = cpu_median[sc_floor_name] / cread1
if os.environ.get("SUMMARY_JSON"):
    with open(os.environ["SUMMARY_JSON"], "w") as f:
        json.dump(summary, f)
EOF

#!/usr/bin/env bash
# Label-quality scores, side by side (issue 2): cleanlab 2.9.0 against tokqual's C API, and
# tokqual against a streaming read of the same arrays. Prints a Markdown table of ratios.
#
#   cmake -S . -B build -G Ninja -DTQ_BUILD_BENCH=ON && ninja -C build bench_scores
#   bench/compare_scores.sh [BUILD_DIR]            # BUILD_DIR defaults to ./build
#
# Steps: (1) python3 bench/cleanlab_scores.py writes the data (TOKENS tokens, CLASSES
# classes) to DATA_DIR and times cleanlab's get_label_quality_scores (sentence method "min",
# best of REPEAT runs per method); (2) BUILD_DIR/bench/bench_scores times tokqual on the same
# files (TQ_BENCH_DATA), REPETITIONS repetitions interleaved at random, medians used;
# (3) the table. Nothing here is a pass/fail gate: it reports ratios.
#
# Environment (defaults): TOKENS=1000000 CLASSES=9 REPEAT=1 REPETITIONS=5 MIN_TIME=0.5
#   DATA_DIR=BUILD_DIR/bench-data  (also receives cleanlab.json and bench_scores.json)
#   REFERENCE=0  set to 1 to also write cleanlab's float64 sentence scores, which
#                bench_scores then checks tokqual's against (1e-12) before timing
#   BENCH_ARGS   extra arguments for bench_scores
#   SKIP_CLEANLAB=1  reuse DATA_DIR's data and cleanlab.json from an earlier run
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$repo/build}
bench_bin=$build_dir/bench/bench_scores
tokens=${TOKENS:-1000000}
classes=${CLASSES:-9}
repeat=${REPEAT:-1}
repetitions=${REPETITIONS:-5}
min_time=${MIN_TIME:-0.5}
data_dir=${DATA_DIR:-$build_dir/bench-data}

if [[ ! -x $bench_bin ]]; then
    echo "compare_scores.sh: $bench_bin not found; configure $build_dir with" \
         "-DTQ_BUILD_BENCH=ON and build the bench_scores target" >&2
    exit 2
fi
mkdir -p "$data_dir"
cleanlab_json=$data_dir/cleanlab.json
bench_json=$data_dir/bench_scores.json

if [[ ${SKIP_CLEANLAB:-0} != 1 ]]; then
    reference=()
    [[ ${REFERENCE:-0} == 1 ]] && reference=(--reference)
    echo "== cleanlab: $tokens tokens, K = $classes, best of $repeat run(s) per method" >&2
    python3 "$repo/bench/cleanlab_scores.py" --tokens "$tokens" --classes "$classes" \
        --repeat "$repeat" --out "$data_dir" "${reference[@]}" | tail -n 1 >"$cleanlab_json"
fi

echo "== tokqual: $bench_bin, $repetitions repetitions, interleaved" >&2
TQ_BENCH_DATA=$data_dir "$bench_bin" \
    --benchmark_repetitions="$repetitions" \
    --benchmark_enable_random_interleaving=true \
    --benchmark_min_time="$min_time" \
    --benchmark_display_aggregates_only=true \
    --benchmark_out="$bench_json" --benchmark_out_format=json \
    ${BENCH_ARGS:-} >&2

python3 - "$cleanlab_json" "$bench_json" <<'EOF'
import json
import os
import sys

cleanlab = json.load(open(sys.argv[1]))
bench = json.load(open(sys.argv[2]))
if bench["context"].get("tq_n_tokens") != str(cleanlab["n_tokens"]):
    sys.exit("compare_scores.sh: the benchmark data and cleanlab's timing differ in size")

scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
median = {}  # benchmark name -> median real time in seconds
repetitions = max(b.get("repetitions", 1) for b in bench["benchmarks"])
for b in bench["benchmarks"]:
    if b.get("run_type") == "aggregate" and b.get("aggregate_name") == "median":
        median[b["run_name"].removesuffix("/real_time")] = b["real_time"] * scale[b["time_unit"]]

def fmt_ms(seconds):
    return f"{seconds * 1e3:.3g}" if seconds is not None else "-"

def speed_up(cleanlab_s, tokqual_s):
    return f"{cleanlab_s / tokqual_s:.0f}x" if cleanlab_s and tokqual_s else "-"

cpu = "unknown"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
print(f"machine: {os.cpu_count()} CPUs (nproc), {cpu}")
print(f"data: {cleanlab['n_tokens']} tokens, {cleanlab['n_sentences']} sentences, "
      f"K = {cleanlab['n_classes']}, float32; cleanlab {cleanlab['cleanlab_version']}, "
      f"numpy {cleanlab['numpy_version']}, best of {cleanlab['repeat']} run(s); tokqual: "
      f"median of {repetitions} Google Benchmark repetitions")
print()

read1 = median.get("streaming_read/threads:1")
read0 = median.get("streaming_read/threads:0")
print(f"streaming read of the same arrays: {fmt_ms(read1)} ms single-threaded, "
      f"{fmt_ms(read0)} ms with one thread per CPU")
print()
print("| method / sentence method | cleanlab (s) | tokqual n_threads=1 (ms) | speed-up vs "
      "cleanlab | tokqual / streaming read | tokqual n_threads=0 (ms) | speed-up vs cleanlab "
      "(n_threads=0) |")
print("|---|---:|---:|---:|---:|---:|---:|")
rows = [("self_confidence", "min"), ("normalized_margin", "min"),
        ("confidence_weighted_entropy", "min"), ("self_confidence", "softmin")]
for method, sentence in rows:
    one = median.get(f"tokqual/{method}/{sentence}/threads:1")
    allc = median.get(f"tokqual/{method}/{sentence}/threads:0")
    if one is None and allc is None:
        continue  # filtered out with BENCH_ARGS
    cl = cleanlab["timings"].get(method, {}).get("best_s") if sentence == "min" else None
    print(f"| {method} / {sentence} | {f'{cl:.2f}' if cl else '-'} | {fmt_ms(one)} | "
          f"{speed_up(cl, one)} | {f'{one / read1:.1f}x' if one and read1 else '-'} | "
          f"{fmt_ms(allc)} | {speed_up(cl, allc)} |")
skip = median.get("tokqual/self_confidence/min/no_token_scores/threads:1")
if skip is not None:
    cl = cleanlab["timings"].get("self_confidence", {}).get("best_s")
    print(f"| self_confidence / min, token_scores = NULL | - | {fmt_ms(skip)} | "
          f"{speed_up(cl, skip)} | {f'{skip / read1:.1f}x' if read1 else '-'} | - | - |")
EOF

#!/usr/bin/env python3
"""Time cleanlab 2.9.0's token-level find_label_issues (in memory, n_jobs=1, and its
low-memory mode) on the data bench/bench_find_issues.cpp times tokqual on.

    python3 bench/cleanlab_find_issues.py --out build/bench-data            # 1M tokens, K=9
    python3 bench/cleanlab_find_issues.py --tokens 100000 --out /tmp/bd --filters both

Data: bench/cleanlab_scores.py's generator and file format (offsets.i64, labels.i32,
pred_probs.f32, meta.json; float32, deterministic in --seed), so the scoring and the
confident-learning benchmarks share one data set. With --reuse, existing files in --out
are read instead of generated.

Timed, best of --repeat runs each, inputs already in the nested form cleanlab takes (a
list of per-sentence label lists and a list of per-sentence (T_i, K) float32 arrays;
building them is not timed):
  token/<filter>     cleanlab.token_classification.filter.find_label_issues(labels,
                     pred_probs, filter_by=<filter>, n_jobs=1) (ranked by self-confidence,
                     the default): what a user of the token-classification API calls;
  flat/<filter>      cleanlab.filter.find_label_issues(flat labels, flat pred_probs,
                     filter_by=<filter>, return_indices_ranked_by="self_confidence",
                     n_jobs=1): the same work without the flattening of the nested input;
  token/low_memory   token_classification.filter.find_label_issues(..., low_memory=True)
                     (find_label_issues_batched, batch size 10000, n_jobs=1).

With --tokqual-json FILE (Google Benchmark's --benchmark_out of bench_find_issues, with
repetitions), a Markdown table of tokqual's median times and the speed-ups is printed
after the timings (no cleanlab timing runs when --timings-json gives earlier ones).

With --reference, cleanlab's results on the float32 values converted to float64 (tokqual's
convention), with numpy's argsort made stable (ties by position, tokqual's rule), are
written to --out as ref_issues.<name>.i64 (pairs sentence, token; most severe first; for
low_memory, in cleanlab's position order) for bench_find_issues to check before timing.

Prints one JSON line with the timings.
"""

import argparse
import gc
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cleanlab_scores import SHAPES, generate, nested, write_data  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "live"))
from cleanlab_ties import quiet, stable_ties  # noqa: E402

import cleanlab  # noqa: E402
from cleanlab.filter import find_label_issues as flat_find  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues as token_find  # noqa: E402

FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]


def read_data(out):
    with open(os.path.join(out, "meta.json")) as f:
        meta = json.load(f)
    offsets = np.fromfile(os.path.join(out, meta["offsets"]), dtype="<i8")
    labels = np.fromfile(os.path.join(out, meta["labels"]), dtype="<i4")
    probs = np.fromfile(os.path.join(out, meta["pred_probs"]), dtype="<f4")
    return offsets, labels, probs.reshape(len(labels), meta["n_classes"]), meta


def best_of(repeat, fn):
    runs = []
    result = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        with quiet():
            result = fn()
        runs.append(time.perf_counter() - t0)
    return min(runs), runs, result


def pairs_array(issues):
    return np.asarray([[int(i), int(j)] for i, j in issues], dtype="<i8").reshape(-1, 2)


def median_ms(benchmarks, name):
    """The median real time (ms) of a Google Benchmark entry, or None."""
    for b in benchmarks:
        if b.get("run_name") == name and b.get("aggregate_name") == "median":
            return b["real_time"] if b["time_unit"] == "ms" else b["real_time"] / 1e6
    return None


def print_table(timings, tokqual_json):
    with open(tokqual_json) as fh:
        benchmarks = json.load(fh)["benchmarks"]
    print("| cleanlab call | cleanlab (s) | tokqual | tokqual, 1 thread (ms) | speed-up | "
          "tokqual, n_threads=0 (ms) | speed-up |")
    print("|---|---:|---|---:|---:|---:|---:|")
    rows = [(f"token/{f}", f"find/{f}/self_confidence") for f in FILTERS] + [
        (f"flat/{f}", f"find/{f}/self_confidence") for f in FILTERS] + [
        ("token/low_memory", "inspector")]
    for cl_name, tq_name in rows:
        if cl_name not in timings:
            continue
        cl_s = timings[cl_name]["best_s"]
        one = median_ms(benchmarks, f"{tq_name}/threads:1/real_time")
        all_ = median_ms(benchmarks, f"{tq_name}/threads:0/real_time")
        if one is None:
            continue
        cells = [cl_name, f"{cl_s:.2f}", tq_name, f"{one:.1f}", f"{cl_s * 1000 / one:.0f}x"]
        cells += [f"{all_:.1f}", f"{cl_s * 1000 / all_:.0f}x"] if all_ else ["-", "-"]
        print("| " + " | ".join(cells) + " |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--classes", type=int, default=9)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--shape", choices=SHAPES, default="uniform", help="when generating")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--out", default=None, help="directory for the binary data")
    ap.add_argument("--reuse", action="store_true", help="read the data already in --out")
    ap.add_argument("--filters", default="prune_by_noise_rate,confident_learning,both,"
                                         "low_self_confidence")
    ap.add_argument("--no-flat", action="store_true", help="skip the flat/<filter> timings")
    ap.add_argument("--no-low-memory", action="store_true")
    ap.add_argument("--reference", action="store_true")
    ap.add_argument("--tokqual-json", default=None,
                    help="bench_find_issues --benchmark_out file: print the ratio table")
    ap.add_argument("--timings-json", default=None,
                    help="reuse the timings of an earlier run (its JSON line) instead of timing")
    args = ap.parse_args()
    filters = [f for f in args.filters.split(",") if f]
    for f in filters:
        if f not in FILTERS:
            ap.error(f"unknown filter {f}")

    if args.reuse:
        offsets, labels, probs, meta = read_data(args.out)
    else:
        offsets, labels, probs = generate(args.tokens, args.classes, args.seed, args.shape)
        if args.out:
            write_data(args.out, offsets, labels, probs, args.seed, args.classes, args.shape)
    n_tokens, n_classes = len(labels), probs.shape[1]
    labels_nl, probs_nl = nested(offsets, labels, probs)
    labels_flat = labels.astype(np.int64)

    timings = {}
    if args.timings_json:
        with open(args.timings_json) as fh:
            timings = json.loads(fh.read().strip().splitlines()[-1])["timings"]
        filters = []
        args.no_low_memory = True
    for f in filters:
        best, runs, issues = best_of(args.repeat, lambda: token_find(
            labels_nl, probs_nl, filter_by=f, n_jobs=1))
        timings[f"token/{f}"] = {"best_s": round(best, 4), "runs_s": [round(r, 4) for r in runs],
                                 "n_issues": len(issues)}
        print(f"# token/{f}: {best:.3f} s, {len(issues)} issues", file=sys.stderr, flush=True)
        if not args.no_flat:
            best, runs, idx = best_of(args.repeat, lambda: flat_find(
                labels_flat, probs, filter_by=f, return_indices_ranked_by="self_confidence",
                n_jobs=1))
            timings[f"flat/{f}"] = {"best_s": round(best, 4),
                                    "runs_s": [round(r, 4) for r in runs], "n_issues": len(idx)}
            print(f"# flat/{f}: {best:.3f} s", file=sys.stderr, flush=True)
    if not args.no_low_memory:
        best, runs, issues = best_of(args.repeat, lambda: token_find(
            labels_nl, probs_nl, low_memory=True))
        timings["token/low_memory"] = {"best_s": round(best, 4),
                                       "runs_s": [round(r, 4) for r in runs],
                                       "n_issues": len(issues)}
        print(f"# token/low_memory: {best:.3f} s, {len(issues)} issues", file=sys.stderr,
              flush=True)

    if args.reference:
        if not args.out:
            ap.error("--reference needs --out")
        labels_nl64, probs_nl64 = nested(offsets, labels, probs.astype(np.float64))
        with quiet(), stable_ties():
            for f in filters:
                issues = token_find(labels_nl64, probs_nl64, filter_by=f, n_jobs=1)
                pairs_array(issues).tofile(os.path.join(args.out, f"ref_issues.{f}.i64"))
            if not args.no_low_memory:
                issues = token_find(labels_nl64, probs_nl64, low_memory=True)
                pairs_array(issues).tofile(os.path.join(args.out, "ref_issues.low_memory.i64"))

    if args.tokqual_json:
        print_table(timings, args.tokqual_json)

    print(json.dumps({
        "tool": "cleanlab", "cleanlab_version": cleanlab.__version__,
        "numpy_version": np.__version__, "n_tokens": int(n_tokens),
        "n_sentences": int(len(offsets) - 1), "n_classes": int(n_classes),
        "input_dtype": "float32", "repeat": args.repeat, "out": args.out, "timings": timings,
    }))


if __name__ == "__main__":
    main()

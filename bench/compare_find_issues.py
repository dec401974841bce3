#!/usr/bin/env python3
"""cleanlab 2.9.0 and tokqual side by side, in one process, on the same data: the
speed-up of tokqual's find_label_issues over cleanlab's, measured in alternation so that a
shared, noisy machine slows both alike.

    python3 bench/compare_find_issues.py --data build/bench-data            # every filter
    python3 bench/compare_find_issues.py --data DIR --filters prune_by_noise_rate --rounds 5

Data: the files of bench/cleanlab_scores.py or bench/cleanlab_find_issues.py --out DIR
(offsets.i64, labels.i32, pred_probs.f32, meta.json), generated there if DIR is empty.

Each round times, back to back:
  cleanlab  cleanlab.token_classification.filter.find_label_issues(labels, pred_probs,
            filter_by=<filter>, n_jobs=1) on the nested lists it takes (one call);
  tokqual   tq_find_label_issues_f32 (n_threads = 1, ranked by self-confidence as
            cleanlab's default) through ctypes on the flat arrays: one untimed call, then
            --calls timed ones, of which the median counts (arguments and output buffers
            are prepared outside the timing; a call's ctypes overhead is microseconds).
The round's ratio is cleanlab's time over tokqual's; the table gives the median of the
rounds' ratios (and their range), with the median times behind it. "low_memory" pairs
cleanlab's low_memory=True (find_label_issues_batched, batch size 10000) with tokqual's
inspector run through the whole streaming workflow (pass 1 and pass 2 in batches of about
10000 tokens, then the ranked issues; tests/live/tokqual_ctypes.py Find.low_memory_workflow).

Before timing, each filter's issue set is compared with cleanlab's (cleanlab's order among
tied scores is numpy's unstable argsort, so the check is on the set and its size;
bench_find_issues.cpp checks the exact order against cleanlab with stable ties).

Prints a Markdown table, then one JSON line with every timing.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, os.pardir, "tests", "live"))
from cleanlab_find_issues import FILTERS, read_data  # noqa: E402
from cleanlab_ties import quiet  # noqa: E402
from cleanlab_scores import SHAPES, generate, nested, write_data  # noqa: E402
import tokqual_ctypes as tqc  # noqa: E402

import cleanlab  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues as token_find  # noqa: E402


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def compare(name, cleanlab_call, tokqual_call, tokqual_issues, rounds, calls):
    """Alternates cleanlab and tokqual `rounds` times (tokqual_call is what is timed;
    tokqual_issues() gives the issues of its last call); returns the row's figures."""
    with quiet():
        cl_issues = cleanlab_call()
    tokqual_call()
    tq_issues = tokqual_issues()
    same = set(map(tuple, cl_issues)) == set(tq_issues) and len(cl_issues) == len(tq_issues)
    cl_times, tq_times, ratios = [], [], []
    for r in range(rounds):
        with quiet():
            cl_s, _ = timed(cleanlab_call)
        tokqual_call()  # untimed: back in cache after cleanlab
        this_round = [timed(tokqual_call)[0] for _ in range(calls)]
        tq_s = statistics.median(this_round)
        cl_times.append(cl_s)
        tq_times.extend(this_round)
        ratios.append(cl_s / tq_s)
        print(f"# {name} round {r + 1}: cleanlab {cl_s:.3f} s, tokqual {tq_s * 1e3:.2f} ms, "
              f"{cl_s / tq_s:.0f}x", file=sys.stderr, flush=True)
    return {"name": name, "same_issues": same, "n_issues": len(tq_issues),
            "cleanlab_s": cl_times, "tokqual_s": tq_times, "ratios": ratios}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="bench data directory (generated if empty)")
    ap.add_argument("--lib", default=None, help="libtokqual.so (default: $TOKQUAL_LIB or build/)")
    ap.add_argument("--tokens", type=int, default=1_000_000, help="when generating")
    ap.add_argument("--classes", type=int, default=9, help="when generating")
    ap.add_argument("--seed", type=int, default=20260101, help="when generating")
    ap.add_argument("--shape", choices=SHAPES, default="uniform", help="when generating")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=15, help="timed tokqual calls per round")
    ap.add_argument("--filters", default=",".join(FILTERS))
    ap.add_argument("--no-low-memory", action="store_true")
    args = ap.parse_args()
    filters = [f for f in args.filters.split(",") if f]
    for f in filters:
        if f not in FILTERS:
            ap.error(f"unknown filter {f}")

    if os.path.exists(os.path.join(args.data, "meta.json")):
        offsets, labels, probs, _meta = read_data(args.data)
    else:
        offsets, labels, probs = generate(args.tokens, args.classes, args.seed, args.shape)
        write_data(args.data, offsets, labels, probs, args.seed, args.classes, args.shape)
    n_classes = probs.shape[1]
    labels_nl, probs_nl = nested(offsets, labels, probs)
    offsets = np.ascontiguousarray(offsets, np.int64)
    labels = np.ascontiguousarray(labels, np.int32)
    probs = np.ascontiguousarray(probs, np.float32)
    api = tqc.Find(tqc.load(args.lib))

    rows = []
    for f in filters:
        call = api.prepare_find(offsets, labels, probs, n_classes, filter_by=f, n_threads=1)
        rows.append(compare(f, lambda f=f: token_find(labels_nl, probs_nl, filter_by=f, n_jobs=1),
                            call, call.issues, args.rounds, args.calls))
    if not args.no_low_memory:
        last = {}

        def workflow():
            last["issues"] = api.low_memory_workflow(offsets, labels, probs, n_classes,
                                                     as_list=False)

        def workflow_issues():
            s, t = last["issues"]
            return list(zip(s.tolist(), t.tolist()))

        rows.append(compare(
            "low_memory", lambda: token_find(labels_nl, probs_nl, low_memory=True),
            workflow, workflow_issues, args.rounds, max(3, args.calls // 3)))

    print(f"{len(labels):,} tokens, {len(offsets) - 1:,} sentences, K = {n_classes}, float32; "
          f"cleanlab {cleanlab.__version__}, numpy {np.__version__}; {args.rounds} rounds\n")
    print("| filter | same issues | cleanlab (s) | tokqual, 1 thread (ms) | speed-up "
          "(median of rounds) | range |")
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        ratios = r["ratios"]
        print(f"| {r['name']} | {'yes' if r['same_issues'] else 'NO'} ({r['n_issues']:,}) | "
              f"{statistics.median(r['cleanlab_s']):.2f} | "
              f"{statistics.median(r['tokqual_s']) * 1e3:.1f} | "
              f"{statistics.median(ratios):.0f}x | {min(ratios):.0f}x-{max(ratios):.0f}x |")
    print(json.dumps({"tool": "compare_find_issues", "cleanlab_version": cleanlab.__version__,
                      "numpy_version": np.__version__, "n_tokens": int(len(labels)),
                      "n_classes": int(n_classes), "rounds": args.rounds, "calls": args.calls,
                      "rows": rows}))
    if not all(r["same_issues"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()

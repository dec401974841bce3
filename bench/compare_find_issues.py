#!/usr/bin/env python3
"""cleanlab 2.9.0 and tokqual side by side, in one process, on the same data: the
speed-up of tokqual's find_label_issues over cleanlab's, measured in alternation so that a
shared, noisy machine slows both alike.

    python3 bench/compare_find_issues.py --data build/bench-data            # every filter
    python3 bench/compare_find_issues.py --data DIR --filters prune_by_noise_rate --rounds 5
    python3 bench/compare_find_issues.py --data DIR --shape ner --classes 50 --dtype f64

Data: the files of bench/cleanlab_scores.py or bench/cleanlab_find_issues.py --out DIR
(offsets.i64, labels.i32, pred_probs.f32, meta.json), generated there if DIR is empty.
With --dtype f64 the float32 values are converted to float64 once (not timed), and both
cleanlab and tokqual (tq_find_label_issues_f64) get the float64 arrays.

Each round times, back to back:
  cleanlab  cleanlab.token_classification.filter.find_label_issues(labels, pred_probs,
            filter_by=<filter>, n_jobs=1) on the nested lists it takes (one call);
  tokqual   tq_find_label_issues_f32 or _f64 (n_threads = 1, ranked by self-confidence as
            cleanlab's default) through ctypes on the flat arrays: one untimed call, then
            --calls timed ones, of which the median counts (arguments and output buffers
            are prepared outside the timing; a call's ctypes overhead is microseconds).
  read      a streaming read of the same arrays (every value of pred_probs, every label and
            offset summed once: bench/streaming_read.c, --read-lib), --calls timed calls, the
            median counts: the memory-bound floor of anything that reads all of its input.
Times are the process's CPU time by default (--clock cpu; every timed call runs on one
thread), so that other jobs on a shared machine, which stretch a call's wall time by the
time they hold the CPU (and a short call such as the read less often than a long one), do
not skew the ratios; --clock wall times the wall clock instead.
The round's ratios are cleanlab's time over tokqual's, and tokqual's over the read's; the
table gives the median of the rounds' ratios (and the range of the first), with the median
times behind them. Peak extra memory: the rise of the peak resident set (VmHWM, reset
through /proc/self/clear_refs) during one call, over the resident set before it: for
tokqual in a fresh child process that only loads the data (no freed heap left to reuse, so
the figure is the call's own), for cleanlab in this process (a lower bound: it may reuse
memory freed earlier). "low_memory" pairs
cleanlab's low_memory=True (find_label_issues_batched, batch size 10000) with tokqual's
inspector run through the whole streaming workflow (pass 1 and pass 2 in batches of whole
sentences of about 10000 tokens, then the ranked issues). What is timed for tokqual there is
the C calls alone, as one ctypes call: tq_bench_workflow_run (bench/inspector_workflow.c, in
the --read-lib library) makes the workflow's tokqual calls (create, update_thresholds per
batch, finish_thresholds, score per batch, num_label_issues, find_label_issues, destroy) in
a C loop over batches and output buffers prepared beforehand (untimed), calling the --lib
library through dlsym. Its issues are checked against cleanlab's as for the filters, and
once against the same workflow run batch by batch through tests/live/tokqual_ctypes.py.

Before timing, each filter's issue set is compared with cleanlab's (cleanlab's order among
tied scores is numpy's unstable argsort, so the check is on the set and its size;
bench_find_issues.cpp checks the exact order against cleanlab with stable ties). When they
differ on float32 input, tokqual's list is compared, in order, with cleanlab's on the
float64 values with stable ties, the project's reference (tokqual computes in double; given
float32, cleanlab computes margins in float32): the table then says "float64 reference".

Prints a Markdown table, then one JSON line with every timing.
"""

import argparse
import ctypes
import gc
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, os.pardir, "tests", "live"))
from cleanlab_find_issues import FILTERS, read_data  # noqa: E402
from cleanlab_ties import quiet, stable_ties  # noqa: E402
from cleanlab_scores import SHAPES, generate, nested, write_data  # noqa: E402
import tokqual_ctypes as tqc  # noqa: E402

import cleanlab  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues as token_find  # noqa: E402


def _status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def peak_extra_mb(fn):
    """The rise of the peak resident set over the resident set before, during fn() (MB),
    or None where /proc/self/clear_refs cannot reset the peak."""
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return None
    before = _status_kb("VmRSS")
    fn()
    peak = _status_kb("VmHWM")
    return None if before is None or peak is None else max(0, peak - before) / 1024


def memory_probe(args):
    """--memory-probe NAME: in this fresh process, the peak extra memory of one tokqual call
    (a filter's tq_find_label_issues, or "low_memory": the inspector workflow), printed as
    one JSON line. A fresh process has no freed, still-resident heap for the call to reuse,
    so the rise of its peak resident set is the call's own peak extra memory."""
    offsets, labels, probs, _meta = read_data(args.data)
    dtype = np.float32 if args.dtype == "f32" else np.float64
    probs = np.ascontiguousarray(probs, dtype)
    offsets = np.ascontiguousarray(offsets, np.int64)
    labels = np.ascontiguousarray(labels, np.int32)
    api = tqc.Find(tqc.load(args.lib))
    if args.memory_probe == "low_memory":
        call = prepare_workflow(load_read(args.read_lib, args.lib), api.lib, offsets, labels,
                                probs, probs.shape[1])
    else:
        call = api.prepare_find(offsets, labels, probs, probs.shape[1],
                                filter_by=args.memory_probe, n_threads=1)
    print(json.dumps({"peak_extra_mb": peak_extra_mb(call)}))


def probe_child(args, name):
    """The peak extra memory of one tokqual call, measured in a child process (MB)."""
    cmd = [sys.executable, os.path.abspath(__file__), "--data", args.data, "--dtype", args.dtype,
           "--memory-probe", name] + (["--lib", args.lib] if args.lib else []) + \
          (["--read-lib", args.read_lib] if args.read_lib else [])
    try:
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])["peak_extra_mb"]
    except (subprocess.CalledProcessError, ValueError, IndexError, KeyError) as e:
        print(f"# memory probe {name} failed: {e}", file=sys.stderr)
        return None


def load_read(path, lib_path):
    """The streaming-read function of bench/streaming_read.c, for pred_probs' dtype."""
    if path is None:
        guess = os.path.join(os.path.dirname(os.path.abspath(lib_path or "build/x")), "bench",
                             "libbench_streaming_read.so")
        path = guess
    if not os.path.exists(path):
        sys.exit(f"compare_find_issues.py: {path} not found; build the bench_streaming_read "
                 "target (-DTQ_BUILD_BENCH=ON) or pass --read-lib")
    return ctypes.CDLL(path)


def prepare_read(read_lib, offsets, labels, probs):
    f32 = probs.dtype == np.float32
    fn = read_lib.tq_bench_streaming_read_f32 if f32 else read_lib.tq_bench_streaming_read_f64
    fn.restype = ctypes.c_double
    fp = ctypes.POINTER(ctypes.c_float if f32 else ctypes.c_double)
    args = (probs.ctypes.data_as(fp), ctypes.c_int64(probs.size),
            labels.ctypes.data_as(ctypes.POINTER(ctypes.c_int32)), ctypes.c_int64(len(labels)),
            offsets.ctypes.data_as(ctypes.POINTER(ctypes.c_int64)), ctypes.c_int64(len(offsets)))
    return lambda: fn(*args)


def prepare_workflow(bench_lib, tq_lib, offsets, labels, probs, k, batch_tokens=10000):
    """A zero-argument callable that runs the inspector's whole streaming workflow (one
    thread, batches of whole sentences of about batch_tokens tokens) as one C call,
    tq_bench_workflow_run of bench/inspector_workflow.c, calling the library tq_lib (a
    ctypes.CDLL) through its dlopen handle; returns the issues as two arrays (sentences,
    tokens). The batches, their offsets and the output buffers are prepared here, untimed."""
    f64 = probs.dtype == np.float64
    bench_lib.tq_bench_workflow_prepare.restype = ctypes.c_void_p
    bench_lib.tq_bench_workflow_prepare.argtypes = [
        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
    bench_lib.tq_bench_workflow_run.restype = ctypes.c_int
    bench_lib.tq_bench_workflow_run.argtypes = [ctypes.c_void_p] * 3 + [
        ctypes.c_int64, ctypes.c_void_p]
    bench_lib.tq_bench_workflow_free.argtypes = [ctypes.c_void_p]
    handle = bench_lib.tq_bench_workflow_prepare(
        tq_lib._handle, offsets.ctypes.data, len(offsets) - 1, labels.ctypes.data,
        probs.ctypes.data, int(f64), k, batch_tokens)
    if not handle:
        sys.exit("compare_find_issues.py: tq_bench_workflow_prepare failed (a tq_inspector_* "
                 "symbol missing from --lib, or out of memory)")
    cap = max(len(labels), 1)
    s_out, t_out = np.empty(cap, np.int64), np.empty(cap, np.int64)
    count = ctypes.c_int64()
    run = bench_lib.tq_bench_workflow_run
    run_args = (handle, s_out.ctypes.data, t_out.ctypes.data, cap, ctypes.addressof(count))

    def call():
        status = run(*run_args)
        if status != 0:
            sys.exit(f"tq_bench_workflow_run: status {status}: "
                     f"{tq_lib.tq_last_error_message().decode()}")
        return s_out[:count.value], t_out[:count.value]

    call.keep = (offsets, labels, probs, s_out, t_out, count)  # alive as long as the callable
    return call


CLOCK = {"clock": "cpu"}


def timed(fn):
    """(seconds on the chosen clock, result): "cpu" is this process's CPU time (every call
    timed here runs on one thread), which other jobs on a shared machine do not inflate as
    they do the wall time; "wall" is time.perf_counter."""
    gc.collect()
    clock = time.process_time if CLOCK["clock"] == "cpu" else time.perf_counter
    t0 = clock()
    result = fn()
    return clock() - t0, result


def compare(name, cleanlab_call, tokqual_call, tokqual_issues, read_call, rounds, calls,
            reference_call=None):
    """Alternates cleanlab, tokqual and the streaming read `rounds` times (tokqual_call is
    what is timed; tokqual_issues() gives the issues of its last call); returns the row's
    figures."""
    result = {}

    def cleanlab_once():
        with quiet():
            result["cl"] = cleanlab_call()

    cl_extra = peak_extra_mb(cleanlab_once)
    cl_issues = result["cl"]
    tokqual_call()
    tq_issues = tokqual_issues()
    same = set(map(tuple, cl_issues)) == set(tq_issues) and len(cl_issues) == len(tq_issues)
    reference = "cleanlab"
    if not same and reference_call is not None:
        # float32 input: tokqual computes in double (design.md), cleanlab in float32 when
        # given float32; the project's reference is cleanlab on the float64 values with
        # numpy's argsort made stable (ties by position).
        with quiet(), stable_ties():
            ref = [tuple(map(int, p)) for p in reference_call()]
        same = (sorted(ref) == sorted(tq_issues)) if name == "low_memory" else ref == tq_issues
        reference = "cleanlab on float64, stable ties"
    cl_times, tq_times, read_times, ratios, read_ratios = [], [], [], [], []
    for r in range(rounds):
        with quiet():
            cl_s, _ = timed(cleanlab_call)
        tokqual_call()  # untimed: back in cache after cleanlab
        this_round = [timed(tokqual_call)[0] for _ in range(calls)]
        reads = [timed(read_call)[0] for _ in range(calls)]
        tq_s, read_s = statistics.median(this_round), statistics.median(reads)
        cl_times.append(cl_s)
        tq_times.extend(this_round)
        read_times.extend(reads)
        ratios.append(cl_s / tq_s)
        read_ratios.append(tq_s / read_s)
        print(f"# {name} round {r + 1}: cleanlab {cl_s:.3f} s, tokqual {tq_s * 1e3:.2f} ms, "
              f"{cl_s / tq_s:.0f}x; read {read_s * 1e3:.2f} ms, tokqual/read "
              f"{tq_s / read_s:.1f}x", file=sys.stderr, flush=True)
    return {"name": name, "same_issues": same, "reference": reference, "n_issues": len(tq_issues),
            "cleanlab_s": cl_times, "tokqual_s": tq_times, "read_s": read_times,
            "ratios": ratios, "read_ratios": read_ratios,
            "cleanlab_peak_extra_mb": cl_extra}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="bench data directory (generated if empty)")
    ap.add_argument("--lib", default=None, help="libtokqual.so (default: $TOKQUAL_LIB or build/)")
    ap.add_argument("--tokens", type=int, default=1_000_000, help="when generating")
    ap.add_argument("--classes", type=int, default=9, help="when generating")
    ap.add_argument("--seed", type=int, default=20260101, help="when generating")
    ap.add_argument("--shape", choices=SHAPES, default="uniform", help="when generating")
    ap.add_argument("--dtype", choices=["f32", "f64"], default="f32",
                    help="pred_probs as given to both (f64: converted once, not timed)")
    ap.add_argument("--read-lib", default=None,
                    help="libbench_streaming_read.so (default: bench/ beside --lib)")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="what is timed: the process's CPU time (default; robust to other "
                         "jobs' load) or the wall time")
    ap.add_argument("--memory-probe", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--calls", type=int, default=15, help="timed tokqual calls per round")
    ap.add_argument("--filters", default=",".join(FILTERS))
    ap.add_argument("--no-low-memory", action="store_true")
    args = ap.parse_args()
    filters = [f for f in args.filters.split(",") if f]
    for f in filters:
        if f not in FILTERS:
            ap.error(f"unknown filter {f}")

    CLOCK["clock"] = args.clock
    if args.memory_probe:
        memory_probe(args)
        return
    if os.path.exists(os.path.join(args.data, "meta.json")):
        offsets, labels, probs, meta = read_data(args.data)
    else:
        offsets, labels, probs = generate(args.tokens, args.classes, args.seed, args.shape)
        write_data(args.data, offsets, labels, probs, args.seed, args.classes, args.shape)
        meta = {"shape": args.shape}
    n_classes = probs.shape[1]
    dtype = np.float32 if args.dtype == "f32" else np.float64
    probs = np.ascontiguousarray(probs, dtype)
    labels_nl, probs_nl = nested(offsets, labels, probs)
    offsets = np.ascontiguousarray(offsets, np.int64)
    labels = np.ascontiguousarray(labels, np.int32)
    api = tqc.Find(tqc.load(args.lib))
    bench_lib = load_read(args.read_lib, args.lib)
    read_call = prepare_read(bench_lib, offsets, labels, probs)
    load_before = os.getloadavg()

    nested64 = {}

    def reference(**kwargs):
        """cleanlab on the float64 values (only when float32 results differ)."""
        if dtype == np.float64:
            return None
        if not nested64:
            nested64["data"] = nested(offsets, labels, probs.astype(np.float64))
        return lambda: token_find(*nested64["data"], **kwargs)

    rows = []
    for f in filters:
        call = api.prepare_find(offsets, labels, probs, n_classes, filter_by=f, n_threads=1)
        rows.append(compare(f, lambda f=f: token_find(labels_nl, probs_nl, filter_by=f, n_jobs=1),
                            call, call.issues, read_call, args.rounds, args.calls,
                            reference(filter_by=f, n_jobs=1)))
    if not args.no_low_memory:
        last = {}
        # The batches, their offsets and the output buffers are prepared once, outside the
        # timed calls: a timed call is the workflow's C calls, made by one C function.
        run_workflow = prepare_workflow(bench_lib, api.lib, offsets, labels, probs, n_classes)

        def workflow():
            last["issues"] = run_workflow()

        def workflow_issues():
            s, t = last["issues"]
            return list(zip(s.tolist(), t.tolist()))

        # The C loop makes the same calls as the ctypes workflow of the live tests.
        workflow()
        if workflow_issues() != api.low_memory_workflow(offsets, labels, probs, n_classes):
            sys.exit("compare_find_issues.py: the C workflow's issues differ from "
                     "tokqual_ctypes.low_memory_workflow's")

        rows.append(compare(
            "low_memory", lambda: token_find(labels_nl, probs_nl, low_memory=True),
            workflow, workflow_issues, read_call, args.rounds, max(3, args.calls // 3),
            reference(low_memory=True)))

    for r in rows:
        r["tokqual_peak_extra_mb"] = probe_child(args, r["name"])
    load_after = os.getloadavg()
    shape = meta.get("shape", "uniform")
    dtype_name = "float32" if args.dtype == "f32" else "float64"
    print(f"{len(labels):,} tokens, {len(offsets) - 1:,} sentences, K = {n_classes}, "
          f"{dtype_name}, shape {shape}; cleanlab {cleanlab.__version__}, numpy {np.__version__}; "
          f"{args.rounds} rounds; {args.clock} time; load average {load_before[0]:.1f} at the "
          f"start, {load_after[0]:.1f} at the end\n")
    print("| filter | same issues | cleanlab (s) | tokqual, 1 thread (ms) | x faster than cleanlab "
          "(median of rounds) | range | streaming read (ms) | x the read | tokqual peak extra "
          "(MB) | cleanlab peak extra (MB, at least) |")
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|")

    def mb(v):
        return "-" if v is None else f"{v:.1f}"

    for r in rows:
        ratios = r["ratios"]
        ref = "" if r["reference"] == "cleanlab" else "; float64 reference"
        print(f"| {r['name']} | {'yes' if r['same_issues'] else 'NO'} ({r['n_issues']:,}{ref}) | "
              f"{statistics.median(r['cleanlab_s']):.2f} | "
              f"{statistics.median(r['tokqual_s']) * 1e3:.1f} | "
              f"{statistics.median(ratios):.0f}x | {min(ratios):.0f}x-{max(ratios):.0f}x | "
              f"{statistics.median(r['read_s']) * 1e3:.2f} | "
              f"{statistics.median(r['read_ratios']):.1f}x | {mb(r['tokqual_peak_extra_mb'])} | "
              f"{mb(r['cleanlab_peak_extra_mb'])} |")
    print(f"\ninput: {probs.nbytes / 2**20:.1f} MB of pred_probs, "
          f"{(labels.nbytes + offsets.nbytes) / 2**20:.1f} MB of labels and offsets; process peak "
          f"resident set {(_status_kb('VmHWM') or 0) / 1024:.0f} MB (after the last reset)")
    print(json.dumps({"tool": "compare_find_issues", "cleanlab_version": cleanlab.__version__,
                      "numpy_version": np.__version__, "n_tokens": int(len(labels)),
                      "n_classes": int(n_classes), "dtype": dtype_name, "shape": shape,
                      "rounds": args.rounds, "calls": args.calls, "clock": args.clock,
                      "load_average": [load_before[0], load_after[0]], "rows": rows}))
    if not all(r["same_issues"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The tokqual command against a Python program using cleanlab, on the same files, in one
run: `tokqual rank` + `tokqual issues` (JSON lines) versus bench/cli/cleanlab_equivalent.py
(reads the same CoNLL and .npy, calls cleanlab, writes the same JSON lines), end to end,
process start and file parsing included. Also times reading the CoNLL file (page cache
warm: into fresh memory in process, streamed through a reused buffer, and with `cat`),
to compare with tokqual's parsing. Checks that both produce the same
ranking and issues before reporting.

    python3 bench/cli/compare_cli.py --cli build/apps/tokqual/tokqual --data /tmp/cli-bench
    options: --tokens N (default 1,000,000), --rounds R (tokqual best of R, default 5),
             --cleanlab-rounds R (default 1)
"""
import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wall(cmd, stdout=subprocess.PIPE):
    """Runs cmd; returns (wall seconds, CPU seconds of the child, completed process)."""
    cpu0, start = children_cpu(), time.perf_counter()
    p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu0
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return elapsed, cpu, p


def phases(stderr):
    return {m.group(1).strip(): float(m.group(2)) / 1000
            for m in re.finditer(r"timing: (.{12}) +([0-9.]+) ms", stderr)}


def cpu_phases(stderr):
    return {m.group(1).strip(): float(m.group(2)) / 1000
            for m in re.finditer(r"timing: (.{12}) +[0-9.]+ ms \(cpu ([0-9.]+) ms\)", stderr)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cleanlab-rounds", type=int, default=1)
    a = ap.parse_args()
    conll = os.path.join(a.data, "bench.conll")
    npy = os.path.join(a.data, "bench_probs.npy")
    classes = os.path.join(a.data, "bench_classes.txt")
    if not os.path.exists(npy):
        subprocess.run([sys.executable, os.path.join(HERE, "make_data.py"), a.data,
                        "--tokens", str(a.tokens)], check=True)
    common = ["--conll", conll, "--probs", npy, "--classes-file", classes, "--format", "jsonl"]
    out = {k: os.path.join(a.data, k) for k in ("tq_rank.jsonl", "tq_issues.jsonl",
                                                 "cl_rank.jsonl", "cl_issues.jsonl")}

    # Reading the CoNLL file's bytes, page cache warm, best of --rounds each: with `cat`
    # (process start included); in this process into fresh memory (f.read(): the page
    # faults of a new buffer and the copy, as a program that loads the file must pay);
    # and streamed through one reused 128 KB buffer (the copy alone: the floor of any
    # reader that looks at every byte once).
    cat_conll = min(wall(["cat", conll], stdout=subprocess.DEVNULL)[0] for _ in range(a.rounds))
    read_conll = stream_conll = read_cpu = stream_cpu = float("inf")
    chunk = bytearray(1 << 17)
    for _ in range(a.rounds):
        start, cpu = time.perf_counter(), time.process_time()
        with open(conll, "rb") as f:
            f.read()
        read_conll = min(read_conll, time.perf_counter() - start)
        read_cpu = min(read_cpu, time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        with open(conll, "rb", buffering=0) as f:
            while f.readinto(chunk):
                pass
        stream_conll = min(stream_conll, time.perf_counter() - start)
        stream_cpu = min(stream_cpu, time.process_time() - cpu)
    best = {}
    parse_cpu = float("inf")  # the CPU time of tokqual's "parse conll" phase, best of all runs
    for _ in range(a.rounds):  # alternate the two commands, keep each one's best
        for name, cmd in (("rank", ["rank", "-o", out["tq_rank.jsonl"]]),
                          ("issues", ["issues", "-o", out["tq_issues.jsonl"]])):
            t, cpu, p = wall([a.cli, "--timings", *cmd, *common])
            ph = phases(p.stderr)
            parse_cpu = min(parse_cpu, cpu_phases(p.stderr).get("parse conll", float("inf")))
            if name not in best or t < best[name][0]:
                best[name] = (t, ph, cpu)
    cl_best = None
    for _ in range(a.cleanlab_rounds):
        t, cpu, p = wall([sys.executable, os.path.join(HERE, "cleanlab_equivalent.py"), conll,
                          npy, classes, out["cl_rank.jsonl"], out["cl_issues.jsonl"]])
        if cl_best is None or t < cl_best[0]:
            cl_best = (t, json.loads(p.stdout.strip().splitlines()[-1]), cpu)

    # Same answers: the ranking (order and scores to 1e-12) and the issues (order).
    def load(path):
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f]
    tr, cr = load(out["tq_rank.jsonl"]), load(out["cl_rank.jsonl"])
    assert [r["sentence"] for r in tr] == [r["sentence"] for r in cr], "rankings differ"
    assert max(abs(x["score"] - y["score"]) for x, y in zip(tr, cr)) <= 1e-12, "scores differ"
    assert [(r["text"], r["word"], r["given"], r["predicted"]) for r in tr] == \
        [(r["text"], r["word"], r["given"], r["predicted"]) for r in cr], "rank fields differ"
    ti, ci = load(out["tq_issues.jsonl"]), load(out["cl_issues.jsonl"])
    assert [(r["sentence"], r["token"]) for r in ti] == [(r["sentence"], r["token"]) for r in ci], \
        "issues differ"

    tq_total = best["rank"][0] + best["issues"][0]
    tq_cpu = best["rank"][2] + best["issues"][2]
    cl_total, cl_cpu, cl_ph = cl_best[0], cl_best[2], cl_best[1]
    cl_work = cl_ph["read"] + cl_ph["rank"] + cl_ph["issues"]
    parse = min(best["rank"][1].get("parse conll", 0), best["issues"][1].get("parse conll", 0))
    size_mb = os.path.getsize(conll) / 1e6
    n_tokens = sum(1 for line in open(conll, encoding="utf-8") if line.strip())
    print(f"data: {n_tokens} tokens in {len(tr)} sentences, CoNLL {size_mb:.1f} MB, "
          f".npy {os.path.getsize(npy) / 1e6:.1f} MB; {len(ti)} issues; answers identical")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print()
    print("| | tokqual rank + issues (2 processes) | Python + cleanlab (1 process) | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| end to end, wall (s) | {tq_total:.3f} | {cl_total:.3f} | **{cl_total / tq_total:.0f}x** |")
    print(f"| end to end, CPU (s) | {tq_cpu:.3f} | {cl_cpu:.3f} | {cl_cpu / tq_cpu:.0f}x |")
    print(f"| without Python's start-up and imports, wall (s) | {tq_total:.3f} | {cl_work:.3f} | "
          f"{cl_work / tq_total:.0f}x |")
    print()
    for name in ("rank", "issues"):
        print(f"tokqual {name}: {best[name][0]:.3f} s wall, {best[name][2]:.3f} s CPU; phases: " +
              ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in best[name][1].items()))
    print("Python + cleanlab phases: " + ", ".join(f"{k} {v:.3f} s" for k, v in cl_ph.items()) +
          f"; start-up and imports {cl_total - cl_work:.3f} s")
    print(f"parsing: tokqual parses the CoNLL file in {parse * 1000:.1f} ms "
          f"({size_mb / parse:.0f} MB/s; the \"parse conll\" phase: open, map, check, split, "
          f"look up); reading its bytes (page cache warm) takes {read_conll * 1000:.1f} ms into "
          f"fresh memory in process ({size_mb / read_conll:.0f} MB/s), "
          f"{stream_conll * 1000:.1f} ms streamed through a 128 KB buffer "
          f"({size_mb / stream_conll:.0f} MB/s) and {cat_conll * 1000:.1f} ms with `cat` "
          f"(process start included)")
    print(f"parse / read ratios (wall): {parse / read_conll:.1f}x the in-process read, "
          f"{parse / stream_conll:.1f}x the streamed read, {parse / cat_conll:.1f}x `cat`")
    if parse_cpu < float("inf"):
        print(f"CPU time: parsing {parse_cpu * 1000:.1f} ms (best of {2 * a.rounds} runs); "
              f"reading {read_cpu * 1000:.1f} ms in process, {stream_cpu * 1000:.1f} ms "
              f"streamed; ratios {parse_cpu / max(read_cpu, 1e-9):.1f}x and "
              f"{parse_cpu / max(stream_cpu, 1e-9):.1f}x")

if __name__ == "__main__":
    main()

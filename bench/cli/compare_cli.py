#!/usr/bin/env python3
"""The tokqual command against a Python program using cleanlab, on the same files, in one
run: `tokqual rank` + `tokqual issues` (JSON lines) versus bench/cli/cleanlab_equivalent.py
(reads the same CoNLL and .npy, calls cleanlab, writes the same JSON lines), end to end,
process start and file parsing included. Also times reading the CoNLL file with `cat`
(page cache warm), to compare with tokqual's parsing. Checks that both produce the same
ranking and issues before reporting.

    python3 bench/cli/compare_cli.py --cli build/apps/tokqual/tokqual --data /tmp/cli-bench
    options: --tokens N (default 1,000,000), --rounds R (tokqual best of R, default 5),
             --cleanlab-rounds R (default 1)
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def wall(cmd, **kw):
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return elapsed, p


def phases(stderr):
    return {m.group(1).strip(): float(m.group(2)) / 1000
            for m in re.finditer(r"timing: (.{12}) +([0-9.]+) ms", stderr)}


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

    cat = min(wall(["cat", conll, npy], stdout=subprocess.DEVNULL)[0] for _ in range(a.rounds))
    cat_conll = min(wall(["cat", conll], stdout=subprocess.DEVNULL)[0] for _ in range(a.rounds))
    best = {}
    for _ in range(a.rounds):  # alternate the two commands, keep each one's best
        for name, cmd in (("rank", ["rank", "-o", out["tq_rank.jsonl"]]),
                          ("issues", ["issues", "-o", out["tq_issues.jsonl"]])):
            t, p = wall([a.cli, "--timings", *cmd, *common])
            ph = phases(p.stderr)
            if name not in best or t < best[name][0]:
                best[name] = (t, ph)
    cl_best = None
    for _ in range(a.cleanlab_rounds):
        t, p = wall([sys.executable, os.path.join(HERE, "cleanlab_equivalent.py"), conll, npy,
                     classes, out["cl_rank.jsonl"], out["cl_issues.jsonl"]])
        if cl_best is None or t < cl_best[0]:
            cl_best = (t, json.loads(p.stdout.strip().splitlines()[-1]))

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
    cl_total = cl_best[0]
    parse = min(best["rank"][1].get("parse conll", 0), best["issues"][1].get("parse conll", 0))
    size_mb = os.path.getsize(conll) / 1e6
    print(f"data: {len(tr)} sentences, {sum(1 for _ in open(conll, encoding='utf-8')) - len(tr) + 1}"
          f" lines, CoNLL {size_mb:.1f} MB, .npy {os.path.getsize(npy) / 1e6:.1f} MB; "
          f"{len(ti)} issues; answers identical")
    print()
    print("| step | tokqual (s) | cleanlab + Python (s) | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| rank, end to end (process, parse, score, write JSONL) | {best['rank'][0]:.3f} | "
          f"{cl_best[1]['rank']:.3f} + read {cl_best[1]['read']:.3f} | |")
    print(f"| issues, end to end | {best['issues'][0]:.3f} | {cl_best[1]['issues']:.3f} | |")
    print(f"| **both, end to end** | **{tq_total:.3f}** | **{cl_total:.3f}** (one process) | "
          f"**{cl_total / tq_total:.0f}x** |")
    print()
    print(f"tokqual phases (rank): " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in best["rank"][1].items()))
    print(f"tokqual phases (issues): " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in best["issues"][1].items()))
    print(f"reading: `cat` of the CoNLL file {cat_conll * 1000:.1f} ms "
          f"({size_mb / cat_conll:.0f} MB/s), of both files {cat * 1000:.1f} ms; "
          f"tokqual parses the CoNLL file in {parse * 1000:.1f} ms ({size_mb / parse:.0f} MB/s): "
          f"{'no slower than' if parse <= cat_conll else 'slower than'} reading it "
          f"({parse / cat_conll:.2f}x)")
    print(f"cleanlab + Python phases: " + ", ".join(f"{k} {v:.3f} s" for k, v in cl_best[1].items()))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the data of the CLI benchmark: a CoNLL file of about N tokens (default 1,000,000)
and its probabilities as a float32 .npy (K = 9), deterministically (fixed seed).

    python3 bench/cli/make_data.py OUT_DIR [--tokens N]

writes OUT_DIR/bench.conll ("word POS tag" lines, a blank line between sentences),
OUT_DIR/bench_probs.npy and OUT_DIR/bench_classes.txt. The model favours each token's
true tag; 3% of the tags are then corrupted, as label errors.
"""
import argparse
import os

import numpy as np

CLASSES = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
WORDS = ["the", "of", "and", "to", "in", "said", "on", "for", "was", "with", "Paris", "Berlin",
         "Reuters", "Monday", "government", "market", "Zürich", "東京", "Smith", "García", ".", ","]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    lengths = rng.integers(1, 28, size=a.tokens)  # sentence lengths 1..27, mean 14
    lengths = lengths[:np.searchsorted(np.cumsum(lengths), a.tokens) + 1]
    lengths[-1] -= lengths.sum() - a.tokens
    lengths = lengths[lengths > 0]
    n, k = int(lengths.sum()), len(CLASSES)
    true = rng.choice(k, size=n, p=[0.8] + [0.025] * 8)
    logits = rng.normal(size=(n, k)) * 1.5
    logits[np.arange(n), true] += rng.uniform(1, 6, size=n)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    given = true.copy()
    flip = rng.random(n) < 0.03
    given[flip] = rng.integers(0, k, size=int(flip.sum()))
    words = np.array(WORDS)[rng.integers(0, len(WORDS), size=n)]
    tags = np.array(CLASSES)[given]
    lines, t = [], 0
    for length in lengths:
        lines.extend(f"{w} X {g}" for w, g in zip(words[t:t + length], tags[t:t + length]))
        lines.append("")
        t += length
    with open(os.path.join(a.out, "bench.conll"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    np.save(os.path.join(a.out, "bench_probs.npy"), probs.astype(np.float32))
    with open(os.path.join(a.out, "bench_classes.txt"), "w") as f:
        f.write("\n".join(CLASSES) + "\n")
    print(f"{n} tokens in {len(lengths)} sentences, K = {k}, in {a.out}")


if __name__ == "__main__":
    main()

"""Shared by the CLI tests: where the tokqual binary and the demo data are, running it,
and writing small CoNLL + .npy cases.

    TOKQUAL_CLI=build/apps/tokqual/tokqual TOKQUAL_DEMO_DIR=build/demo \
        python3 -m pytest -q tests/cli
"""
import os
import subprocess

import numpy as np
import pytest

CLI = os.environ.get("TOKQUAL_CLI", "")
DEMO = os.environ.get("TOKQUAL_DEMO_DIR", "")
CLASSES = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def require_cli():
    if not CLI or not os.path.exists(CLI):
        pytest.fail(f"tokqual binary not found at {CLI!r} (set TOKQUAL_CLI)")


def run(*args, stdin=None, env=None, check_rc=None):
    """Runs tokqual; returns (rc, stdout bytes, stderr text)."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    argv = [a if isinstance(a, bytes) else str(a) for a in args]
    p = subprocess.run([CLI, *argv], input=stdin, capture_output=True, env=full_env,
                       timeout=300)
    if check_rc is not None:
        assert p.returncode == check_rc, (p.returncode, p.stderr.decode(errors="replace"))
    return p.returncode, p.stdout, p.stderr.decode("utf-8", errors="replace")


def demo_args():
    return ["--conll", os.path.join(DEMO, "demo.conll"),
            "--probs", os.path.join(DEMO, "demo_probs.npy"),
            "--classes-file", os.path.join(DEMO, "demo_classes.txt")]


def read_conll_labels(path, classes):
    """The sentences' labels of a CoNLL file (token first, tag last), for cleanlab."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if current:
                    sentences.append(current)
                current = []
                continue
            if cols[0] == "-DOCSTART-":
                continue
            current.append(classes.index(cols[-1]))
    if current:
        sentences.append(current)
    return sentences


def random_case(rng, directory, name="case", k=None, dtype=np.float32, n_sent=None):
    """A random CoNLL file and .npy (a noisy model), written to directory; returns
    (conll path, npy path, classes, sentence labels, probs)."""
    k = k or int(rng.choice([2, 3, 5, 9]))
    classes = [f"C{i}" for i in range(k)]
    n_sent = n_sent or int(rng.integers(5, 80))
    lengths = rng.integers(1, 14, size=n_sent)
    n = int(lengths.sum())
    believed = rng.integers(0, k, size=n)
    logits = rng.normal(size=(n, k)) * rng.uniform(0.5, 2.5)
    logits[np.arange(n), believed] += rng.uniform(0.5, 5)
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    labels = believed.copy()
    flip = rng.random(n) < 0.15
    labels[flip] = rng.integers(0, k, size=int(flip.sum()))
    probs = np.ascontiguousarray(probs.astype(dtype))
    words = ["alpha", "beta", "gamma", "delta", "Zürich", "東京", "x", ",", "."]
    lines, t, sentences = [], 0, []
    for length in lengths:
        sentences.append(labels[t:t + length].tolist())
        for _ in range(length):
            lines.append(f"{words[rng.integers(len(words))]}\t{classes[labels[t]]}")
            t += 1
        lines.append("")
    conll = os.path.join(directory, name + ".conll")
    with open(conll, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    npy = os.path.join(directory, name + ".npy")
    np.save(npy, probs)
    return conll, npy, classes, sentences, probs

#!/usr/bin/env python3
"""Time cleanlab 2.9.0's token-classification scoring, and write the data for the C++ side.

    python3 bench/cleanlab_scores.py --out build/bench-data            # 1M tokens, K = 9
    python3 bench/cleanlab_scores.py --tokens 100000 --repeat 1 --out /tmp/bd

Data (deterministic in --seed), --shape uniform (default): sentence lengths uniform in 1..27 (mean 14), appended
until --tokens tokens (the last sentence is cut to fit); K = --classes; pred_probs rows
are a model-like softmax of Gaussian logits with the argmax class boosted, cast to
float32; labels are the argmax, 10% replaced by another class. --shape ner: the NER-like
corpus of generate_ner (83% of tokens in class 0, CoNLL-like sentence lengths, peaked
probabilities, 5% flipped labels).

Written to --out (raw little-endian, no header):
    offsets.i64      int64[n_sentences + 1]
    labels.i32       int32[n_tokens]
    pred_probs.f32   float32[n_tokens * n_classes], row-major
    meta.json        sizes, seed, file names
and, with --reference, cleanlab's sentence scores (min) computed on the float32 values
converted to float64 (tokqual's conformance convention), one file per method:
    ref_sentence_scores.<method>.f64   float64[n_sentences]

Timed: cleanlab.token_classification.rank.get_label_quality_scores(labels, pred_probs,
token_score_method=<method>, sentence_score_method="min"), with the inputs already in the
nested form cleanlab takes (a list of per-sentence label lists and a list of per-sentence
(T_i, K) arrays; building them is not timed). --cleanlab-dtype float32 (default) passes the
float32 arrays as a user would; float64 passes them converted. Best of --repeat runs.

Prints one JSON line: {"tool": "cleanlab", ..., "timings": {method: {"best_s", "runs_s",
"ns_per_token"}}}.

--peers (issue 14) times instead, for each method and --sentence-methods (min, softmin),
in alternation round by round (--repeat rounds), on the same data in one process:
  cleanlab  get_label_quality_scores(..., sentence_score_method=<sentence method>);
  numpy     the peer a Python user writes instead: token scores by fancy indexing
            (self-confidence: P[np.arange(n), labels]; margin: the label's column masked
            to -inf and a row max), then np.minimum.reduceat(s, offsets[:-1]) for min, or
            the softmin in a few numpy lines (numpy_softmin below); none for entropy;
  tokqual   tq_label_quality_scores_* through ctypes (--lib, n_threads = 1, token scores
            kept as cleanlab returns them), one untimed call first.
Each round's ratios (cleanlab / tokqual, numpy / tokqual) are kept; the JSON line has
"peers": {"<method>/<sentence method>": {"cleanlab_s", "numpy_s", "tokqual_s": [per round],
"cleanlab_over_tokqual", "numpy_over_tokqual": [per round]}}.
"""

import argparse
import gc
import json
import os
import sys
import time

import numpy as np

import cleanlab
from cleanlab.token_classification.rank import get_label_quality_scores

METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]


SHAPES = ["uniform", "ner"]


def generate(n_tokens, n_classes, seed, shape="uniform"):
    """The corpus of --shape: "uniform" (the historical default) or "ner" (see below)."""
    if shape == "ner":
        return generate_ner(n_tokens, n_classes, seed)
    if shape != "uniform":
        raise ValueError(f"unknown shape {shape!r}")
    return generate_uniform(n_tokens, n_classes, seed)


def cut_lengths(lengths, n_tokens):
    """Offsets of sentences of the given lengths, appended until n_tokens (last one cut)."""
    ends = np.cumsum(lengths)
    n_sent = int(np.searchsorted(ends, n_tokens)) + 1
    lengths = lengths[:n_sent].copy()
    lengths[-1] -= int(ends[n_sent - 1]) - n_tokens      # cut the last sentence to fit
    assert lengths.sum() == n_tokens and lengths.min() >= 1
    return np.concatenate([[0], np.cumsum(lengths)]).astype("<i8")


def generate_uniform(n_tokens, n_classes, seed):
    rng = np.random.default_rng(seed)
    offsets = cut_lengths(rng.integers(1, 28, size=n_tokens // 14 + 64), n_tokens)

    probs = np.empty((n_tokens, n_classes), dtype=np.float32)
    labels = np.empty(n_tokens, dtype="<i4")
    chunk = 1 << 18
    for start in range(0, n_tokens, chunk):                # bounded memory
        m = min(chunk, n_tokens - start)
        logits = rng.normal(0.0, 1.0, size=(m, n_classes)) * rng.uniform(0.5, 2.5, (m, 1))
        top = rng.integers(0, n_classes, size=m)
        logits[np.arange(m), top] += rng.uniform(0.0, 5.0, size=m)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        probs[start:start + m] = p
        lab = p.argmax(axis=1)
        flip = rng.random(m) < 0.10
        lab = np.where(flip, (lab + rng.integers(1, n_classes, size=m)) % n_classes, lab)
        labels[start:start + m] = lab
    return offsets, labels, probs.astype("<f4", copy=False)


def generate_ner(n_tokens, n_classes, seed):
    """An NER-like corpus, the shape users have (issue 14): about 83% of the given labels are
    class 0 ("O": 87% of the true classes), the rest spread over the others; sentence lengths CoNLL-like
    (1 + a geometric draw, mean about 14, long tail, capped at 124); the model is confident
    and mostly right: the true class gets a large logit boost (a few percent of the tokens
    are predicted wrongly or with low confidence); 5% of the given labels are flipped to
    another class."""
    rng = np.random.default_rng(seed)
    lengths = np.minimum(1 + rng.geometric(1.0 / 13.0, size=n_tokens // 10 + 64), 124)
    offsets = cut_lengths(lengths, n_tokens)

    probs = np.empty((n_tokens, n_classes), dtype=np.float32)
    labels = np.empty(n_tokens, dtype="<i4")
    chunk = 1 << 18
    for start in range(0, n_tokens, chunk):                # bounded memory
        m = min(chunk, n_tokens - start)
        true = np.where(rng.random(m) < 0.87, 0, rng.integers(1, n_classes, size=m))
        logits = rng.normal(0.0, 1.0, size=(m, n_classes))
        logits[np.arange(m), true] += rng.gamma(4.0, 2.0, size=m)  # peaked, sometimes weak
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        p = e / e.sum(axis=1, keepdims=True)
        probs[start:start + m] = p
        flip = rng.random(m) < 0.05
        lab = np.where(flip, (true + rng.integers(1, n_classes, size=m)) % n_classes, true)
        labels[start:start + m] = lab
    return offsets, labels, probs.astype("<f4", copy=False)


def numpy_token_scores(method, labels, probs):
    """The numpy peer's token scores (float64, as cleanlab computes them)."""
    rows = np.arange(len(labels))
    own = probs[rows, labels].astype(np.float64)
    if method == "self_confidence":
        return own
    if method == "normalized_margin":
        others = np.where(np.arange(probs.shape[1]) == labels[:, None], -np.inf, probs)
        return (own - others.max(axis=1).astype(np.float64) + 1.0) / 2.0
    raise ValueError(f"no numpy peer for {method}")


def numpy_softmin(scores, offsets, temperature=0.05):
    """cleanlab's softmin per sentence in numpy lines: weights exp((min - s) / t)."""
    starts = offsets[:-1]
    shift = np.repeat(np.minimum.reduceat(scores, starts), np.diff(offsets))
    w = np.exp((shift - scores) / temperature)
    return np.add.reduceat(scores * w, starts) / np.add.reduceat(w, starts)


def numpy_peer(method, sentence_method, offsets, labels, probs):
    scores = numpy_token_scores(method, labels, probs)
    if sentence_method == "min":
        return np.minimum.reduceat(scores, offsets[:-1]), scores
    return numpy_softmin(scores, offsets), scores


def time_peers(args, methods, sentence_methods, offsets, labels, probs, labels_nl, probs_nl):
    """cleanlab, the numpy peer and tokqual (ctypes) in alternation, round by round."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                    "tests", "live"))
    import tokqual_ctypes  # noqa: E402
    lib = tokqual_ctypes.load(args.lib)
    n, k = probs.shape
    flat_offsets = np.ascontiguousarray(offsets, dtype=np.int64)
    flat_labels = np.ascontiguousarray(labels, dtype=np.int32)
    sent_out = np.empty(len(offsets) - 1)
    tok_out = np.empty(n)

    def timed(fn):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    peers = {}
    for method in methods:
        for sentence_method in sentence_methods:
            options = lib.score_options(method, sentence_method, None, 1)

            def tokqual_call():
                status = lib.label_quality_scores_raw(flat_offsets, flat_labels, probs, k,
                                                      options, sent_out, tok_out)
                if status != 0:
                    raise RuntimeError(lib.last_error_message())

            def cleanlab_call():
                get_label_quality_scores(labels_nl, probs_nl, token_score_method=method,
                                         sentence_score_method=sentence_method)

            has_numpy = method != "confidence_weighted_entropy"

            def numpy_call():
                numpy_peer(method, sentence_method, flat_offsets, flat_labels, probs)

            tokqual_call()
            if has_numpy:  # the peer computes what cleanlab does (tolerance of float sums)
                got, _ = numpy_peer(method, sentence_method, flat_offsets, flat_labels, probs)
                if not np.allclose(got, sent_out, rtol=0, atol=1e-9):
                    sys.exit(f"numpy peer and tokqual differ for {method}/{sentence_method}")
            rec = {"cleanlab_s": [], "numpy_s": [], "tokqual_s": [],
                   "cleanlab_over_tokqual": [], "numpy_over_tokqual": []}
            for _ in range(args.repeat):
                c = timed(cleanlab_call)
                t = timed(tokqual_call)
                m = timed(numpy_call) if has_numpy else None
                t2 = timed(tokqual_call)
                t = min(t, t2)
                rec["cleanlab_s"].append(round(c, 6))
                rec["tokqual_s"].append(round(t, 7))
                rec["cleanlab_over_tokqual"].append(round(c / t, 1))
                if m is not None:
                    rec["numpy_s"].append(round(m, 6))
                    rec["numpy_over_tokqual"].append(round(m / t, 2))
            name = f"{method}/{sentence_method}"
            peers[name] = rec
            print(f"# {name}: cleanlab {min(rec['cleanlab_s']):.3f} s, tokqual (ctypes) "
                  f"{min(rec['tokqual_s']) * 1e3:.2f} ms"
                  + (f", numpy {min(rec['numpy_s']) * 1e3:.1f} ms" if has_numpy else ""),
                  file=sys.stderr, flush=True)
    return peers


def write_data(out, offsets, labels, probs, seed, n_classes, shape="uniform"):
    os.makedirs(out, exist_ok=True)
    offsets.astype("<i8").tofile(os.path.join(out, "offsets.i64"))
    labels.astype("<i4").tofile(os.path.join(out, "labels.i32"))
    probs.astype("<f4").tofile(os.path.join(out, "pred_probs.f32"))
    meta = {
        "n_sentences": int(len(offsets) - 1),
        "n_tokens": int(len(labels)),
        "n_classes": int(n_classes),
        "seed": int(seed), "shape": shape,
        "offsets": "offsets.i64", "labels": "labels.i32", "pred_probs": "pred_probs.f32",
        "byte_order": "little", "generator": "bench/cleanlab_scores.py",
    }
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def nested(offsets, labels, probs):
    bounds = offsets[1:-1]
    return ([l.tolist() for l in np.split(labels, bounds)], np.split(probs, bounds))


def main():
    ap = argparse.ArgumentParser(description="time cleanlab's get_label_quality_scores")
    ap.add_argument("--tokens", type=int, default=1_000_000)
    ap.add_argument("--classes", type=int, default=9)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--shape", choices=SHAPES, default="uniform",
                    help="corpus shape: uniform classes, or NER-like (one dominant class)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=None, help="directory for the binary data")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--cleanlab-dtype", choices=["float32", "float64"], default="float32")
    ap.add_argument("--peers", action="store_true",
                    help="time cleanlab, the numpy peer and tokqual (--lib) in alternation")
    ap.add_argument("--sentence-methods", default="min,softmin",
                    help="with --peers: the sentence methods to time")
    ap.add_argument("--lib", default=None, help="with --peers: libtokqual.so to load")
    ap.add_argument("--reference", action="store_true",
                    help="also write cleanlab's float64 sentence scores (min) to --out")
    args = ap.parse_args()
    if args.tokens < 1 or args.repeat < 1 or args.classes < 2:
        ap.error("need --tokens >= 1, --repeat >= 1, --classes >= 2")
    methods = [m for m in args.methods.split(",") if m]
    for m in methods:
        if m not in METHODS:
            ap.error(f"unknown method {m}")

    t0 = time.perf_counter()
    offsets, labels, probs = generate(args.tokens, args.classes, args.seed, args.shape)
    gen_s = time.perf_counter() - t0
    if args.out:
        write_data(args.out, offsets, labels, probs, args.seed, args.classes, args.shape)

    t0 = time.perf_counter()
    cl_probs = probs if args.cleanlab_dtype == "float32" else probs.astype(np.float64)
    labels_nl, probs_nl = nested(offsets, labels, cl_probs)
    split_s = time.perf_counter() - t0

    timings = {}
    peers = None
    if args.peers:
        sentence_methods = [m for m in args.sentence_methods.split(",") if m]
        peers = time_peers(args, methods, sentence_methods, offsets, labels, cl_probs,
                           labels_nl, probs_nl)
        methods_timed = []
    else:
        methods_timed = methods
    for method in methods_timed:
        runs = []
        for _ in range(args.repeat):
            gc.collect()
            t0 = time.perf_counter()
            sent, _tok = get_label_quality_scores(labels_nl, probs_nl,
                                                  token_score_method=method,
                                                  sentence_score_method="min")
            runs.append(time.perf_counter() - t0)
            del _tok
        best = min(runs)
        timings[method] = {"best_s": round(best, 6), "runs_s": [round(r, 6) for r in runs],
                           "ns_per_token": round(best / args.tokens * 1e9, 1)}
        print(f"# {method}: best {best:.3f} s of {args.repeat} "
              f"({best / args.tokens * 1e9:.0f} ns/token)", file=sys.stderr, flush=True)

    if args.reference:
        if not args.out:
            ap.error("--reference needs --out")
        labels_nl64, probs_nl64 = nested(offsets, labels, probs.astype(np.float64))
        for method in methods:
            sent, _ = get_label_quality_scores(labels_nl64, probs_nl64,
                                               token_score_method=method,
                                               sentence_score_method="min")
            np.asarray(sent, dtype="<f8").tofile(
                os.path.join(args.out, f"ref_sentence_scores.{method}.f64"))

    print(json.dumps({
        "tool": "cleanlab", "cleanlab_version": cleanlab.__version__,
        "numpy_version": np.__version__, "n_tokens": args.tokens,
        "n_sentences": int(len(offsets) - 1), "n_classes": args.classes,
        "seed": args.seed, "sentence_method": "min", "input_dtype": args.cleanlab_dtype,
        "repeat": args.repeat, "generate_s": round(gen_s, 3), "split_s": round(split_s, 3),
        "out": args.out, "timings": timings, "shape": args.shape, "peers": peers,
    }))


if __name__ == "__main__":
    main()

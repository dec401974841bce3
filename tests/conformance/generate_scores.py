#!/usr/bin/env python3
"""Generate tests/conformance/scores.json: conformance vectors for tokqual's scoring.

Every number in the output comes from cleanlab 2.9.0, used as a black-box oracle:

  * cleanlab.token_classification.rank.get_label_quality_scores gives the sentence and
    token scores for every token method x sentence method (min, softmin at several
    temperatures);
  * cleanlab.token_classification.rank.issues_from_scores gives the sentence and token
    issue lists for a few thresholds;
  * the "aggregation" list: token scores given directly (not from a model) rolled up to
    sentence scores by cleanlab's own aggregation, np.min per sentence for "min" (what
    get_label_quality_scores does) and rank._softmin_sentence_score for "softmin", for
    tq_sentence_scores_from_token_scores.

The script is deterministic (every case has its own fixed seed) and needs only numpy
and cleanlab 2.9.0. Run it from anywhere:

    python3 tests/conformance/generate_scores.py            # writes scores.json next to it
    python3 tests/conformance/generate_scores.py --check    # regenerate, compare, write nothing

float32 cases: the probabilities are generated in double, rounded to float32, and the
float32 values are stored (as the exact doubles they convert to). The reference is
cleanlab run on those values converted to float64, because tokqual converts float input
to double value by value and computes in double.

Tie rule for issue lists. tokqual ranks issues by ascending score, ties broken by
position (sentence index, then token index). cleanlab's sentence branch uses
np.argsort with the default (unstable) quicksort, so its order among equal scores is
unspecified: the expected `sentence_issues` here are the *set* cleanlab returns, sorted
by (score, sentence index); the generator asserts the set is cleanlab's. When every
sentence is below the threshold cleanlab raises IndexError (its loop indexes one past the
end); the expected list is then all sentences, in the same order. The token branch of
cleanlab uses Python's stable sorted() over tokens in position order, so its list is
used as-is, and the generator asserts it equals sorting by (score, sentence, token).
"""

import argparse
import json
import math
import os
import sys
import warnings

import numpy as np

import cleanlab
from cleanlab.token_classification.rank import (_softmin_sentence_score,
                                                get_label_quality_scores, issues_from_scores)

EXPECTED_CLEANLAB = "2.9.0"
GENERATOR = "tests/conformance/generate_scores.py"

TOKEN_METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]
# (sentence_method, temperature); temperature None for "min".
BASE_SENTENCE_CONFIGS = [
    ("min", None),
    ("softmin", 0.0),
    ("softmin", 1e-4),
    ("softmin", 0.05),
    ("softmin", 1.0),
    ("softmin", 10.0),
    ("softmin", math.inf),
]
# Added for some cases: below cleanlab's 1e-6 temperature floor, exactly at it, between
# the standard values, and huge but finite (close to, but not exactly, the mean).
EXTRA_TEMPERATURES = [1e-7, 1e-6, 0.3, 1e6]

STATS = {"argsort_order_differs": 0, "index_error": 0, "sentence_issue_lists": 0,
         "warnings": []}


# --------------------------------------------------------------------------------------
# Data generation helpers
# --------------------------------------------------------------------------------------

def softmax_rows(logits):
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def random_rows(rng, n, k, style):
    """n probability rows over k classes, plus the class the 'model' believes in."""
    true = rng.integers(0, k, size=n)
    if style == "softmax":
        scale = rng.uniform(0.3, 3.0, size=(n, 1))
        logits = rng.normal(0.0, 1.0, size=(n, k)) * scale
        logits[np.arange(n), true] += rng.uniform(0.0, 6.0, size=n)
        probs = softmax_rows(logits)
    elif style == "dirichlet_sparse":  # many values within 1e-10 of 0
        probs = rng.dirichlet(np.full(k, 0.08), size=n)
    elif style == "dirichlet_flat":
        probs = rng.dirichlet(np.full(k, 3.0), size=n)
    else:
        raise ValueError(style)
    return probs, true


def mixed_rows(rng, n, k):
    styles = rng.choice(["softmax", "softmax", "dirichlet_sparse", "dirichlet_flat"], size=n)
    probs = np.empty((n, k))
    for style in ("softmax", "dirichlet_sparse", "dirichlet_flat"):
        idx = np.flatnonzero(styles == style)
        if idx.size:
            probs[idx], _ = random_rows(rng, idx.size, k, style)
    return probs


def noisy_labels(rng, probs, flip_rate):
    """argmax labels, a fraction of them replaced by a different class."""
    n, k = probs.shape
    labels = probs.argmax(axis=1)
    if k > 1:
        flip = rng.random(n) < flip_rate
        shift = rng.integers(1, k, size=n)
        labels = np.where(flip, (labels + shift) % k, labels)
    return labels.astype(np.int64)


def random_lengths(rng, n_sentences, lo=1, hi=40):
    lengths = rng.integers(lo, hi + 1, size=n_sentences)
    # Always include the extremes.
    if n_sentences >= 2:
        pos = rng.choice(n_sentences, size=2, replace=False)
        lengths[pos[0]] = lo
        lengths[pos[1]] = hi
    return lengths


# --------------------------------------------------------------------------------------
# Running cleanlab
# --------------------------------------------------------------------------------------

def split(flat, offsets):
    return [flat[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


def run_scores(labels_nested, probs_nested, token_method, sentence_method, temperature):
    kwargs = {}
    if sentence_method == "softmin":
        kwargs["sentence_score_kwargs"] = {"temperature": temperature}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sentence_scores, token_info = get_label_quality_scores(
            labels_nested, probs_nested, token_score_method=token_method,
            sentence_score_method=sentence_method, **kwargs)
    for w in caught:
        STATS["warnings"].append(f"{token_method}/{sentence_method}/{temperature}: {w.message}")
    sentence_scores = np.asarray(sentence_scores, dtype=np.float64)
    token_scores = np.concatenate([np.asarray(s, dtype=np.float64) for s in token_info])
    if not (np.all(np.isfinite(sentence_scores)) and np.all(np.isfinite(token_scores))):
        raise AssertionError(f"cleanlab returned non-finite scores for {token_method}")
    return sentence_scores, token_scores


def expected_sentence_issues(sentence_scores, threshold):
    n = len(sentence_scores)
    try:
        got = issues_from_scores(sentence_scores, threshold=threshold)
        got = [int(i) for i in got]
    except IndexError:
        # cleanlab 2.9.0 indexes one past the end when every sentence is below threshold.
        assert all(s < threshold for s in sentence_scores)
        STATS["index_error"] += 1
        got = list(range(n))
    expected = sorted(got, key=lambda i: (sentence_scores[i], i))
    assert len(set(got)) == len(got)
    assert set(got) == set(expected) == {i for i in range(n) if sentence_scores[i] < threshold}
    STATS["sentence_issue_lists"] += 1
    if got != expected:
        STATS["argsort_order_differs"] += 1
    return expected


def expected_token_issues(token_scores, offsets, threshold):
    nested = [list(map(float, s)) for s in split(token_scores, offsets)]
    got = issues_from_scores(np.zeros(len(nested)), token_scores=nested, threshold=threshold)
    got = [[int(i), int(j)] for i, j in got]
    stable = sorted(
        ([i, j] for i, s in enumerate(nested) for j, v in enumerate(s) if v < threshold),
        key=lambda ij: (nested[ij[0]][ij[1]], ij[0], ij[1]))
    assert got == stable, "cleanlab's token issue order is not (score, sentence, token)"
    return got


# --------------------------------------------------------------------------------------
# Independent sanity check of our reading of the formulas (documented in tokqual.h)
# --------------------------------------------------------------------------------------

def formula_token_scores(labels, probs, method):
    n, k = probs.shape
    p_y = probs[np.arange(n), labels]
    if method == "self_confidence":
        return p_y
    if method == "normalized_margin":
        others = probs.copy()
        others[np.arange(n), labels] = -np.inf
        return (p_y - others.max(axis=1) + 1.0) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(probs > 0, probs * np.log(np.where(probs > 0, probs, 1.0)), 0.0)
    h = -plogp.sum(axis=1) / np.log(k)
    s = h / np.maximum(p_y, 1e-6)
    return np.log(s + 1.0) / np.maximum(s, 1e-6)


def formula_sentence_scores(token_scores, offsets, sentence_method, temperature):
    out = []
    for s in split(token_scores, offsets):
        if sentence_method == "min" or temperature == 0:
            out.append(s.min())
        elif temperature == math.inf:
            out.append(s.mean())
        else:
            x = (1.0 - s) / max(temperature, 1e-6)
            w = np.exp(x - x.max())
            out.append(float(np.dot(s, w / w.sum())))
    return np.array(out)


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------

def build_case(name, dtype, lengths, labels, probs, *, methods=TOKEN_METHODS,
               extra_temperatures=False):
    lengths = np.asarray(lengths, dtype=np.int64)
    assert lengths.min() >= 1
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    labels = np.asarray(labels, dtype=np.int64)
    probs = np.asarray(probs, dtype=np.float64)
    n_tokens, k = probs.shape
    assert offsets[-1] == n_tokens == len(labels)
    assert labels.min() >= 0 and labels.max() < k
    if dtype == "float32":
        stored = probs.astype(np.float32).astype(np.float64)
    elif dtype == "float64":
        stored = probs
    else:
        raise ValueError(dtype)
    assert np.all(np.isfinite(stored))

    labels_nested = [list(map(int, l)) for l in split(labels, offsets)]
    probs_nested = split(stored, offsets)

    configs = list(BASE_SENTENCE_CONFIGS)
    if extra_temperatures:
        configs += [("softmin", t) for t in EXTRA_TEMPERATURES]

    scores = []
    issues = []
    max_formula_diff = 0.0
    for method in methods:
        token_ref = None
        min_sentence_scores = None
        for sentence_method, temperature in configs:
            sent, tok = run_scores(labels_nested, probs_nested, method, sentence_method,
                                   temperature)
            if token_ref is None:
                token_ref = tok
                f = formula_token_scores(labels, stored, method)
                max_formula_diff = max(max_formula_diff, float(np.max(np.abs(f - tok))))
            assert np.array_equal(tok, token_ref)
            f = formula_sentence_scores(tok, offsets, sentence_method, temperature)
            max_formula_diff = max(max_formula_diff, float(np.max(np.abs(f - sent))))
            if sentence_method == "min":
                min_sentence_scores = sent
            scores.append({
                "token_method": method,
                "sentence_method": sentence_method,
                "temperature": (None if temperature is None else
                                "inf" if temperature == math.inf else float(temperature)),
                "sentence_scores": [float(v) for v in sent],
                "token_scores": [float(v) for v in tok],
            })
        # Thresholds: nothing below 0 (usually), the default 0.1, 0.5, an exact score value
        # (strict '<' matters), and one above every score (cleanlab's IndexError branch).
        median_score = float(np.sort(min_sentence_scores)[len(min_sentence_scores) // 2])
        thresholds = []
        for t in (0.0, 0.1, 0.5, median_score, 1.01):
            if t not in thresholds:
                thresholds.append(t)
        for t in thresholds:
            issues.append({
                "token_method": method,
                "threshold": float(t),
                "sentence_issues": expected_sentence_issues(min_sentence_scores, t),
                "token_issues": expected_token_issues(token_ref, offsets, t),
            })
    if max_formula_diff > 1e-12:
        raise AssertionError(f"{name}: cleanlab differs from the documented formulas "
                             f"by {max_formula_diff}")
    return {
        "name": name,
        "dtype": dtype,
        "n_classes": int(k),
        "offsets": [int(v) for v in offsets],
        "labels": [int(v) for v in labels],
        "pred_probs": [float(v) for v in stored.ravel()],
        "scores": scores,
        "issues": issues,
    }


def case_docstring_scores():
    # cleanlab.token_classification.rank.get_label_quality_scores docstring example.
    labels = [0, 0, 1, 0, 1]
    probs = [[0.9, 0.1], [0.7, 0.3], [0.05, 0.95], [0.8, 0.2], [0.8, 0.2]]
    case = build_case("cleanlab_docstring_get_label_quality_scores", "float64", [3, 2],
                      labels, probs, extra_temperatures=True)
    sc = next(s for s in case["scores"]
              if s["token_method"] == "self_confidence" and s["sentence_method"] == "min")
    assert sc["sentence_scores"] == [0.7, 0.2], sc["sentence_scores"]
    assert sc["token_scores"] == [0.9, 0.7, 0.95, 0.8, 0.2]
    return case


def case_docstring_issues():
    # issues_from_scores docstring token scores, realised as self-confidence scores:
    # K = 2, label 0, pred_probs [s, 1 - s] gives token score s exactly.
    token_scores = [
        [0.9, 0.6], [0.0, 0.8, 0.8], [0.8, 0.8], [0.1, 0.02, 0.3, 0.4],
        [0.1, 0.2, 0.03, 0.4], [0.1, 0.2, 0.3, 0.04], [0.1, 0.2, 0.4], [0.3, 0.4],
        [0.08, 0.2, 0.5, 0.4], [0.1, 0.2, 0.3, 0.4],
    ]
    flat = [s for sent in token_scores for s in sent]
    probs = [[s, 1.0 - s] for s in flat]
    case = build_case("cleanlab_docstring_issues_from_scores_tokens", "float64",
                      [len(s) for s in token_scores], [0] * len(flat), probs)
    iss = next(i for i in case["issues"]
               if i["token_method"] == "self_confidence" and i["threshold"] == 0.1)
    assert iss["token_issues"] == [[1, 0], [3, 1], [4, 2], [5, 3], [8, 0]], iss
    return case


def case_random(k, dtype, seed, n_sentences, flip_rate=0.2, extra=False):
    rng = np.random.default_rng(seed)
    lengths = random_lengths(rng, n_sentences)
    n = int(lengths.sum())
    probs = mixed_rows(rng, n, k)
    labels = noisy_labels(rng, probs, flip_rate)
    return build_case(f"random_k{k}_{dtype}_lengths_1_to_40", dtype, lengths, labels, probs,
                      extra_temperatures=extra)


def case_single_token(dtype, seed):
    rng = np.random.default_rng(seed)
    n, k = 36, 3
    probs = mixed_rows(rng, n, k)
    # A few repeated rows so that sentence scores tie across > 16 sentences.
    for dst, src in ((5, 2), (9, 2), (20, 2), (31, 7), (33, 7), (14, 0)):
        probs[dst] = probs[src]
    labels = noisy_labels(rng, probs, 0.3)
    for dst, src in ((5, 2), (9, 2), (20, 2), (31, 7), (33, 7), (14, 0)):
        labels[dst] = labels[src]
    return build_case(f"single_token_sentences_k3_{dtype}", dtype, [1] * n, labels, probs,
                      extra_temperatures=True)


def case_exact_zero_one(dtype, seed):
    rng = np.random.default_rng(seed)
    k = 5
    rows, labels = [], []

    def add(row, label):
        rows.append(row)
        labels.append(label)

    eye = np.eye(k)
    for c in range(k):
        add(eye[c], c)                    # one-hot, label agrees (entropy score is 0!)
        add(eye[c], (c + 2) % k)          # one-hot, label disagrees
    add([0.5, 0.5, 0.0, 0.0, 0.0], 0)     # tie between label and best other class
    add([0.5, 0.5, 0.0, 0.0, 0.0], 2)     # label has probability 0
    add([0.0, 0.0, 0.0, 0.0, 0.0], 3)     # all zero (rows need not sum to 1)
    add([1.0, 1.0, 0.0, 0.0, 0.0], 1)     # two exact ones
    add([1.0, 1.0, 1.0, 1.0, 1.0], 4)     # all ones
    add([0.2] * 5, 1)                     # uniform
    add([1.0 - 1e-12, 1e-12, 0.0, 0.0, 0.0], 0)   # near one-hot (1 in float32)
    add([1.0 - 1e-7, 1e-7, 0.0, 0.0, 0.0], 0)     # tiny entropy, s < 1e-6
    add([1.0 - 1e-3, 1e-3, 0.0, 0.0, 0.0], 0)
    add([1e-7, 1.0 - 1e-7, 0.0, 0.0, 0.0], 0)     # self-confidence below the 1e-6 clip
    add([0.0, 0.3, 0.0, 0.7, 0.0], 3)
    add([0.0, 0.3, 0.0, 0.7, 0.0], 1)
    for _ in range(10):                   # random rows with some exact zeros
        r = rng.dirichlet(np.ones(k))
        r[rng.random(k) < 0.4] = 0.0
        add(r, int(rng.integers(0, k)))
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    labels = [labels[i] for i in order]
    lengths = []
    left = len(rows)
    while left:
        l = min(left, int(rng.integers(1, 7)))
        lengths.append(l)
        left -= l
    return build_case(f"exact_zero_one_k5_{dtype}", dtype, lengths, labels, rows)


def case_ties(dtype, seed):
    """Duplicated sentences and rows: many tied token and sentence scores."""
    rng = np.random.default_rng(seed)
    k = 3
    templates = []
    for _ in range(5):
        length = int(rng.integers(1, 8))
        base = mixed_rows(rng, 3, k)
        pick = rng.integers(0, 3, size=length)       # repeated rows inside a sentence
        probs = base[pick]
        labels = noisy_labels(rng, probs, 0.3)
        templates.append((probs, labels))
    seq = rng.integers(0, len(templates), size=40)
    lengths = [len(templates[t][1]) for t in seq]
    probs = np.concatenate([templates[t][0] for t in seq])
    labels = np.concatenate([templates[t][1] for t in seq])
    return build_case(f"tied_scores_duplicated_sentences_k3_{dtype}", dtype, lengths, labels,
                      probs, extra_temperatures=True)


def case_all_wrong(dtype, seed):
    rng = np.random.default_rng(seed)
    k = 9
    lengths = random_lengths(rng, 10)
    n = int(lengths.sum())
    probs = mixed_rows(rng, n, k)
    labels = noisy_labels(rng, probs, 1.0)
    assert np.all(labels != probs.argmax(axis=1))
    return build_case(f"labels_all_disagree_with_argmax_k9_{dtype}", dtype, lengths, labels,
                      probs)


def case_tolerance(dtype):
    """Values slightly outside [0, 1], within cleanlab's 1e-6 tolerance.

    cleanlab's confidence_weighted_entropy refuses anything outside [0, 1] exactly
    (ValueError), so this case has no entropy scores."""
    rows = [
        [1.0 + 1e-6, -1e-6, 0.0],          # exactly at the tolerance (float64)
        [-1e-6, 1.0 + 1e-6, 0.0],
        [1.0 + 5e-7, -5e-7, 0.0],
        [-5e-7, 0.5, 0.5 + 5e-7],
        [0.3, 0.3, 0.4],
        [-1e-7, -1e-7, 1.0 + 1e-7],
        [1.0 + 2e-7, 1.0 + 2e-7, -2e-7],
        [0.6, 0.2, 0.2],
    ]
    labels = [0, 0, 1, 0, 2, 2, 1, 1]
    lengths = [2, 1, 3, 2]
    return build_case(f"outside_unit_interval_within_1e-6_no_entropy_k3_{dtype}", dtype,
                      lengths, labels, rows,
                      methods=["self_confidence", "normalized_margin"],
                      extra_temperatures=True)


def case_unnormalized(dtype, seed):
    rng = np.random.default_rng(seed)
    k = 5
    lengths = random_lengths(rng, 8, 1, 12)
    n = int(lengths.sum())
    probs = rng.random((n, k))
    labels = rng.integers(0, k, size=n)
    return build_case(f"unnormalized_rows_k5_{dtype}", dtype, lengths, labels, probs)


def case_k1(dtype):
    """One class: only self-confidence is defined (cleanlab's margin raises and its
    entropy divides by log(1) = 0)."""
    probs = [[1.0], [0.3], [0.0], [0.75], [0.75], [0.5]]
    return build_case(f"one_class_k1_self_confidence_only_{dtype}", dtype, [2, 1, 3],
                      [0] * 6, probs, methods=["self_confidence"])


def case_near_ties(seed):
    """Scores that differ by a few ulps, in long sentences, for softmin's numerics."""
    rng = np.random.default_rng(seed)
    k = 2
    lengths = [40, 40, 17, 1, 40]
    n = sum(lengths)
    base = 0.3 + 1e-15 * rng.integers(-3, 4, size=n)   # a few ulps apart
    base[40:80] = 0.7                                   # one sentence, all identical
    base[rng.integers(0, n, size=8)] = rng.random(8)    # a few outliers
    probs = np.stack([base, 1.0 - base], axis=1)
    labels = np.zeros(n, dtype=np.int64)
    return build_case("near_tied_scores_long_sentences_k2_float64", "float64", lengths,
                      labels, probs, extra_temperatures=True)


def all_cases():
    cases = [case_docstring_scores(), case_docstring_issues()]
    sizes = {2: 14, 3: 14, 5: 12, 9: 10, 17: 6, 50: 3}
    seed = 1000
    for k in (2, 3, 5, 9, 17, 50):
        for dtype in ("float64", "float32"):
            seed += 1
            cases.append(case_random(k, dtype, seed, sizes[k], extra=(k == 3)))
    for dtype in ("float64", "float32"):
        cases.append(case_single_token(dtype, 2001))
        cases.append(case_exact_zero_one(dtype, 2002))
        cases.append(case_ties(dtype, 2003))
        cases.append(case_all_wrong(dtype, 2004))
        cases.append(case_tolerance(dtype))
        cases.append(case_unnormalized(dtype, 2005))
    cases.append(case_k1("float64"))
    cases.append(case_near_ties(2006))
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    return cases


# --------------------------------------------------------------------------------------
# Aggregation cases: token scores given directly
# --------------------------------------------------------------------------------------
def aggregation_case(name, lengths, token_scores):
    """Sentence scores of cleanlab's aggregation for every sentence config."""
    lengths = [int(n) for n in lengths]
    offsets = [0]
    for n in lengths:
        offsets.append(offsets[-1] + n)
    token_scores = [float(x) for x in token_scores]
    assert len(token_scores) == offsets[-1] and all(n >= 1 for n in lengths)
    nested = [np.array(x, dtype=np.float64) for x in split(token_scores, offsets)]
    results = []
    for sentence_method, temperature in BASE_SENTENCE_CONFIGS + [
            ("softmin", t) for t in EXTRA_TEMPERATURES]:
        if sentence_method == "min":
            scores = np.array([np.min(x) for x in nested])
        else:
            scores = _softmin_sentence_score(nested, temperature=temperature)
        scores = np.asarray(scores, dtype=np.float64)
        assert np.all(np.isfinite(scores)), name
        results.append({"sentence_method": sentence_method,
                        "temperature": json_temperature(temperature),
                        "sentence_scores": scores.tolist()})
    return {"name": name, "offsets": offsets, "token_scores": token_scores,
            "results": results}


def json_temperature(t):
    if t is None:
        return None
    return "inf" if math.isinf(t) else t


def aggregation_cases():
    rng = np.random.default_rng(3001)
    cases = [aggregation_case("cleanlab_docstring_softmin", [2, 3, 1],
                              [0.9, 0.6, 0.0, 0.8, 0.8, 0.8])]
    lengths = rng.integers(1, 41, size=30)
    cases.append(aggregation_case("random_uniform", lengths, rng.random(int(lengths.sum()))))
    # Exact 0 and 1, repeated values, all-equal sentences, single tokens.
    cases.append(aggregation_case(
        "exact_and_tied", [1, 1, 3, 4, 5, 2],
        [0.0, 1.0, 0.5, 0.5, 0.5, 0.0, 0.0, 1.0, 1.0, 0.25, 0.75, 0.25, 0.75, 0.25, 1.0, 0.0]))
    # The edges of the accepted range: within 1e-6 of [0, 1].
    cases.append(aggregation_case("tolerance_edges", [3, 2],
                                  [-1e-6, 0.5, 1.0 + 1e-6, 1.0 + 1e-6, -1e-6]))
    # Long sentences of scores a few ulps apart, and one of widely spread scores.
    base = 0.3 + np.arange(500) * np.finfo(np.float64).eps
    cases.append(aggregation_case("long_near_ties", [500, 400],
                                  np.concatenate([base, rng.permutation(np.linspace(0, 1, 400))])))
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names), "aggregation case names must be unique"
    return cases


def render(cases, aggregation):
    head = {"generator": GENERATOR, "cleanlab_version": cleanlab.__version__}
    parts = [json.dumps(c, allow_nan=False, separators=(",", ":")) for c in cases]
    text = json.dumps(head, allow_nan=False)[:-1]
    text += ',\n "cases": [\n' + ",\n".join(parts) + "\n]"
    agg = [json.dumps(c, allow_nan=False, separators=(",", ":")) for c in aggregation]
    text += ',\n "aggregation": [\n' + ",\n".join(agg) + "\n]}\n"
    json.loads(text)  # well-formed
    return text


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(here, "scores.json"))
    ap.add_argument("--check", action="store_true",
                    help="regenerate and compare with --out instead of writing it")
    args = ap.parse_args()
    if cleanlab.__version__ != EXPECTED_CLEANLAB:
        sys.exit(f"need cleanlab {EXPECTED_CLEANLAB}, found {cleanlab.__version__}")

    text = render(all_cases(), aggregation_cases())
    n_cases = text.count('"name":')
    summary = (f"{n_cases} cases, {len(text.encode())} bytes; sentence issue lists: "
               f"{STATS['sentence_issue_lists']}, cleanlab raised IndexError in "
               f"{STATS['index_error']}, cleanlab's argsort order differed from "
               f"(score, index) in {STATS['argsort_order_differs']}")
    if STATS["warnings"]:
        summary += f"; {len(STATS['warnings'])} warnings, first: {STATS['warnings'][0]}"
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            old = f.read()
        if old != text:
            sys.exit(f"{args.out} differs from a fresh run ({summary})")
        print(f"{args.out} is up to date ({summary})")
        return
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {args.out}: {summary}")


if __name__ == "__main__":
    main()

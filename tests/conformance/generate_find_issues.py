#!/usr/bin/env python3
"""Generate tests/conformance/find_issues.json: conformance vectors for tokqual's
confident learning (tq_find_label_issues_*, the statistics functions, tq_inspector).

Every expected value comes from cleanlab 2.9.0, used as a black-box oracle:

  * cleanlab.token_classification.filter.find_label_issues(labels, pred_probs,
    return_indices_ranked_by=..., filter_by=..., frac_noise=..., min_examples_per_class=...,
    num_to_remove_per_class=..., rank_by_kwargs=..., n_jobs=1) for every filter_by x
    ranking method x option set;
  * cleanlab.count.get_confident_thresholds, compute_confident_joint (calibrated and
    not), num_label_issues (both estimation methods), and
    cleanlab.internal.label_quality_utils._subtract_confident_thresholds (adjust_pred_probs);
  * the low-memory mode: token_classification.filter.find_label_issues(low_memory=True)
    and, for the options it does not expose, cleanlab.experimental.label_issues_batched.
    find_label_issues_batched and LabelInspector (same batching, batch_size 10000).

The script is deterministic and needs only numpy and cleanlab 2.9.0:

    python3 tests/conformance/generate_find_issues.py           # writes find_issues.json
    python3 tests/conformance/generate_find_issues.py --check   # regenerate and compare

Tie rule. cleanlab sorts with numpy's default argsort (np.argsort(...) and
ndarray.argsort()), whose order among equal keys is unspecified: with numpy 2.x on
AVX-512 machines it differs from position order even for 5 elements. tokqual breaks
ties by position. The expected values here are cleanlab run with numpy's argsort made
stable (a wrapper that passes kind="stable"; cleanlab's code is not changed otherwise),
which is exactly "ties by position" - for the issue ranking, the k lowest scores, the k
largest margins, and the rounding of calibrated joints (where cleanlab reads the stable
order backwards when adding, so the later of two equal residuals is incremented first).
The file's "stats" count the configurations whose result under numpy's default argsort
differs (only data with exact ties can differ; several cases are built to have many).

Refusals. Where cleanlab raises, the expected value is {"error": kind} with kind one of
"one_class" (labels hold a single class where cleanlab needs two: tokqual returns
TQ_ERR_INVALID_LABEL), "num_to_remove" (num_to_remove_per_class with a filter that does
not support it: TQ_ERR_INVALID_OPTION), "one_column" (a margin or entropy method with a
single class: TQ_ERR_INVALID_SIZE), "probability" (the entropy on probabilities outside
[0, 1]: TQ_ERR_INVALID_PROBABILITY). Configurations where tokqual deliberately differs
are left out: confidence_weighted_entropy with n_classes == 1 (cleanlab divides by
log(1) = 0; tokqual refuses, as its scoring does), and oversize num_to_remove_per_class.

Layout. Each case holds its data (offsets, labels, pred_probs flat row-major, n_classes,
dtype), the statistics (thresholds, joint_raw, joint_calibrated, num_issues_off_diagonal,
num_issues_off_diagonal_calibrated, and adjusted_pred_probs for small cases), "find":
one entry per configuration with short keys - f filter_by, r return_indices_ranked_by,
a adjust_pred_probs (rank_by_kwargs), fn frac_noise, m min_examples_per_class,
n num_to_remove_per_class (null or a list), then i (the issues, flattened
[sentence, token, sentence, token, ...], most severe first) or e (an error kind) - and
"batched": the low-memory mode per (rank_by, adjust_pred_probs, num_issues_method), with
cleanlab's thresholds, num_issues, and issues (position order) or error.

float32 cases: probabilities are rounded to float32, stored as the exact doubles they
convert to, and cleanlab runs on those doubles (tokqual converts float input to double).

Low-memory mode. tokqual's inspector computes each class threshold as the exact mean;
cleanlab keeps a running mean per batch. The generator checks that no token lies within
1e-9 of a confident boundary under either threshold, so the expected issue sets are
insensitive to that last-bit difference, and that no adjusted-score entry has equal
scores on both sides of the cut (adjusted scores move with the thresholds' last bit;
such entries are left out and counted in the stats); it
stores cleanlab's thresholds (compared with a tolerance). cleanlab returns these issues in
position order; they are stored that way.
"""

import argparse
import contextlib
import json
import math
import os
import sys

import numpy as np

import cleanlab
import cleanlab.experimental.label_issues_batched as cl_batched
from cleanlab.count import compute_confident_joint, get_confident_thresholds, num_label_issues
from cleanlab.internal.label_quality_utils import _subtract_confident_thresholds
from cleanlab.token_classification.filter import find_label_issues as cl_find

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "live"))
from cleanlab_ties import quiet, stable_ties  # noqa: E402

EXPECTED_CLEANLAB = "2.9.0"
GENERATOR = "tests/conformance/generate_find_issues.py"
FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]
PRUNE_FILTERS = FILTERS[:3]
METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]
# (rank_by, adjust_pred_probs)
RANKINGS = [("self_confidence", False), ("normalized_margin", False),
            ("confidence_weighted_entropy", False), ("self_confidence", True),
            ("normalized_margin", True)]
BATCH_SIZE = 10000  # find_label_issues_batched's default

STATS = {"configurations": 0, "errors": 0, "default_argsort_differs": 0,
         "batched_adjusted_entries_skipped_for_ties": 0}


# cleanlab with deterministic ties: tests/live/cleanlab_ties.py (stable_ties, quiet).


def error_kind(exc):
    msg = str(exc)
    if "at least 2 classes" in msg:
        return "one_class"
    if "num_to_remove_per_class" in msg:
        return "num_to_remove"
    if "zero-size array" in msg:
        return "one_column"
    if "interval [0, 1]" in msg:
        return "probability"
    raise RuntimeError(f"unexpected cleanlab error: {type(exc).__name__}: {msg}")


def nested(offsets, labels, probs):
    bounds = list(zip(offsets[:-1], offsets[1:]))
    return ([[int(v) for v in labels[a:b]] for a, b in bounds], [probs[a:b] for a, b in bounds])


def flat_pairs(pairs):
    out = []
    for i, j in pairs:
        out += [int(i), int(j)]
    return out


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------

def sentence_offsets(rng, n_sentences, max_len):
    lengths = rng.integers(1, max_len + 1, size=n_sentences)
    return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)


def model_rows(rng, n, k, classes, sharpness):
    """Softmax rows of a model that believes in one class of `classes` per token."""
    believed = rng.choice(classes, size=n)
    logits = rng.normal(size=(n, k)) * rng.uniform(0.5, 2.0)
    logits[np.arange(n), believed] += sharpness
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True), believed


def noisy_labels(rng, believed, classes, noise):
    labels = believed.copy()
    flip = rng.random(len(labels)) < noise
    labels[flip] = rng.choice(classes, size=int(flip.sum()))
    return labels


def make_case(name, seed, k, n_sentences, noise, *, style="model", max_len=12,
              absent=0, dtype="float64", sharpness=3.0):
    rng = np.random.default_rng(seed)
    offsets = sentence_offsets(rng, n_sentences, max_len)
    n = int(offsets[-1])
    classes = np.arange(k)
    if absent:
        classes = np.sort(rng.choice(k, size=k - absent, replace=False))
    if style == "model":
        probs, believed = model_rows(rng, n, k, classes, sharpness)
        labels = noisy_labels(rng, believed, classes, noise)
    elif style == "quantized":
        # Rows of multiples of 1/20: many exact ties in probabilities, margins, scores.
        counts = rng.multinomial(20, rng.dirichlet(np.ones(k) * 0.4), size=n)
        probs = counts / 20.0
        labels = noisy_labels(rng, probs.argmax(axis=1), classes, noise)
        labels = np.where(np.isin(labels, classes), labels, rng.choice(classes, size=n))
    elif style == "duplicates":
        # A handful of distinct rows repeated: tied thresholds, margins and scores.
        base, believed = model_rows(rng, 6, k, classes, sharpness)
        pick = rng.integers(0, 6, size=n)
        probs = base[pick]
        labels = noisy_labels(rng, believed[pick], classes, noise)
    elif style == "extreme":
        # Exact 0s and 1s, and values up to 1e-6 outside [0, 1] (cleanlab's tolerance).
        probs, believed = model_rows(rng, n, k, classes, 8.0)
        probs[probs < 1e-3] = 0.0
        hot = rng.random(n) < 0.3
        probs[hot] = 0.0
        probs[hot, believed[hot]] = 1.0
        nudge = rng.random(probs.shape) < 0.02
        probs[nudge & (probs == 0.0)] = -5e-7
        probs[nudge & (probs == 1.0)] = 1.0 + 5e-7
        labels = noisy_labels(rng, believed, classes, noise)
    elif style == "single":
        probs, _ = model_rows(rng, n, k, classes, sharpness)
        labels = np.full(n, int(classes[0]))
    else:
        raise ValueError(style)
    if dtype == "float32":
        probs = probs.astype(np.float32).astype(np.float64)
    elif style == "model":
        probs = np.round(probs, 8)  # shorter JSON; rows then sum to 1 only within 1e-7
    return {"name": name, "seed": seed, "dtype": dtype, "n_classes": k,
            "offsets": offsets, "labels": labels.astype(np.int64), "probs": probs}


def cases():
    out = []
    # Several K and noise levels.
    for i, (k, noise) in enumerate([(2, 0.05), (2, 0.3), (3, 0.15), (5, 0.02), (5, 0.4),
                                    (9, 0.1), (9, 0.3), (17, 0.15)]):
        out.append(make_case(f"model_k{k}_noise{noise}", 100 + i, k, 60 if k < 17 else 90, noise))
    # A larger one: numpy's pairwise summation splits runs longer than 128.
    out.append(make_case("model_k6_large", 120, 6, 320, 0.12, max_len=16))
    # Classes absent from the labels (and from the model's beliefs).
    out.append(make_case("absent_k5_two_missing", 130, 5, 50, 0.2, absent=2))
    out.append(make_case("absent_k9_five_missing", 131, 9, 60, 0.25, absent=5))
    # Exact ties everywhere.
    out.append(make_case("quantized_k4", 140, 4, 50, 0.2, style="quantized"))
    out.append(make_case("quantized_k9", 141, 9, 70, 0.3, style="quantized"))
    # K >= 8: numpy sums the entropy pairwise, which decides near-ties of the entropy.
    out.append(make_case("quantized_k17", 143, 17, 80, 0.3, style="quantized"))
    out.append(make_case("duplicates_k3", 142, 3, 40, 0.3, style="duplicates"))
    # Zeros, ones, and the 1e-6 tolerance (the entropy refuses these).
    out.append(make_case("extreme_k4", 150, 4, 40, 0.2, style="extreme"))
    # float32 input.
    out.append(make_case("float32_k5", 160, 5, 60, 0.2, dtype="float32"))
    out.append(make_case("float32_quantized_k3", 161, 3, 40, 0.25, style="quantized",
                         dtype="float32"))
    # Tiny and degenerate datasets.
    out.append(make_case("tiny_k3", 170, 3, 2, 0.5, max_len=3))
    out.append(make_case("small_classes_k6", 171, 6, 8, 0.4, max_len=4))
    out.append(make_case("single_class0_k3", 172, 3, 10, 0.0, style="single"))
    c = make_case("single_class2_k3", 173, 3, 10, 0.0, style="single")
    c["labels"][:] = 2
    out.append(c)
    out.append(make_case("one_class_k1", 174, 1, 12, 0.0, style="single"))
    return out


# --------------------------------------------------------------------------------------
# Expected values
# --------------------------------------------------------------------------------------

def option_sets(case, filter_by, rng):
    """(frac_noise, min_examples_per_class, num_to_remove_per_class) combinations."""
    counts = np.bincount(case["labels"], minlength=case["n_classes"])
    if filter_by in PRUNE_FILTERS:
        ntr_a = [int(rng.integers(0, c + 1)) for c in counts]
        ntr_b = [int(min(c, 2)) for c in counts]
        return [(1.0, 1, None), (0.5, 1, None), (1.0, 0, None), (1.0, 5, None),
                (0.3, 3, None), (1.0, 1000, None), (1.0, 1, ntr_a), (0.7, 0, ntr_b),
                (0.25, 2, ntr_a)]
    # frac_noise is ignored by these (cleanlab warns); num_to_remove is refused.
    return [(1.0, 1, None), (0.5, 4, None), (1.0, 1, [0] * case["n_classes"])]


def run_find(case, filter_by, rank_by, adjust, frac, min_examples, ntr, stable):
    labels, probs = nested(case["offsets"], case["labels"], case["probs"])
    kwargs = {"filter_by": filter_by, "frac_noise": frac, "min_examples_per_class": min_examples,
              "n_jobs": 1}
    if ntr is not None:
        kwargs["num_to_remove_per_class"] = list(ntr)
    if adjust:
        kwargs["rank_by_kwargs"] = {"adjust_pred_probs": True}
    try:
        with quiet(), stable_ties() if stable else contextlib.nullcontext():
            issues = cl_find(labels, probs, return_indices_ranked_by=rank_by, **kwargs)
    except Exception as exc:  # noqa: BLE001 - every refusal is classified
        return {"error": error_kind(exc)}
    return {"issues": flat_pairs(issues)}


def find_entries(case):
    rng = np.random.default_rng(case["seed"] + 7)
    entries = []
    for filter_by in FILTERS:
        for frac, min_examples, ntr in option_sets(case, filter_by, rng):
            for rank_by, adjust in RANKINGS:
                if rank_by == "confidence_weighted_entropy" and case["n_classes"] == 1:
                    continue  # tokqual refuses; cleanlab divides by log(1) = 0
                expected = run_find(case, filter_by, rank_by, adjust, frac, min_examples, ntr,
                                    True)
                default = run_find(case, filter_by, rank_by, adjust, frac, min_examples, ntr,
                                   False)
                STATS["configurations"] += 1
                STATS["errors"] += "error" in expected
                STATS["default_argsort_differs"] += default != expected
                entry = {"f": filter_by, "r": rank_by, "a": adjust, "fn": frac,
                         "m": min_examples, "n": ntr}
                if "error" in expected:
                    entry["e"] = expected["error"]
                else:
                    entry["i"] = expected["issues"]
                entries.append(entry)
    return entries


def statistics(case):
    labels, probs = case["labels"], case["probs"]
    out = {}
    with quiet(), stable_ties():
        out["thresholds"] = [float(v) for v in get_confident_thresholds(labels, probs)]
        out["joint_raw"] = compute_confident_joint(labels, probs, calibrate=False).ravel().tolist()
        out["joint_calibrated"] = compute_confident_joint(labels, probs).ravel().tolist()
        for method in ("off_diagonal", "off_diagonal_calibrated"):
            try:
                out[f"num_issues_{method}"] = int(num_label_issues(labels, probs,
                                                                   estimation_method=method))
            except Exception as exc:  # noqa: BLE001
                out[f"num_issues_{method}"] = {"error": error_kind(exc)}
        if probs.size <= 2500:
            out["adjusted_pred_probs"] = _subtract_confident_thresholds(labels, probs).ravel().tolist()
    return out


def exact_batched_thresholds(labels, probs, k):
    """tokqual's inspector thresholds: the correctly rounded mean, floor 2e-6."""
    t = []
    for c in range(k):
        values = probs[labels == c, c]
        mean = math.fsum(values) / len(values) if len(values) else 0.0
        t.append(max(mean, 2e-6))
    return np.array(t)


def check_batched_boundaries(case, cleanlab_thresholds):
    probs, k = case["probs"], case["n_classes"]
    best = probs.max(axis=1)
    argmax = probs.argmax(axis=1)
    for thresholds in (cleanlab_thresholds,
                       exact_batched_thresholds(case["labels"], probs, k)):
        gap = np.abs(best - (thresholds[argmax] - 1e-6))
        if gap.min() < 1e-9:
            raise RuntimeError(f"{case['name']}: a token sits on a confident boundary")


def cut_is_tied(scores, n_issues):
    """Adjusted scores depend on the thresholds' last bit, which differs between cleanlab's
    running mean and tokqual's exact mean: an expected set must not hinge on a tie at the
    cut (equal scores on both sides of it). Such entries are left out."""
    ordered = np.sort(scores)
    return bool(0 < n_issues < len(ordered) and ordered[n_issues] - ordered[n_issues - 1] < 1e-12)


def batched_entries(case):
    labels, probs, k = case["labels"], case["probs"], case["n_classes"]
    offsets = case["offsets"]
    entries = []
    for rank_by, adjust in RANKINGS:
        if rank_by != "self_confidence" and k == 1:
            continue
        for method in ("off_diagonal", "off_diagonal_calibrated"):
            quality = {"method": rank_by}
            if adjust:
                quality["adjust_pred_probs"] = True
            num_kwargs = {"estimation_method": method} if method != "off_diagonal" else None
            entry = {"rank_by": rank_by, "adjust_pred_probs": adjust, "num_issues_method": method}
            try:
                with quiet(), stable_ties():
                    if not adjust and method == "off_diagonal":
                        # What token_classification's low_memory=True runs.
                        nl, npb = nested(offsets, labels, probs)
                        issues = cl_find(nl, npb, return_indices_ranked_by=rank_by,
                                         low_memory=True)
                        entry["via"] = "token_classification.find_label_issues(low_memory=True)"
                    else:
                        flat = cl_batched.find_label_issues_batched(
                            labels, probs, quality_score_kwargs=quality,
                            num_issue_kwargs=num_kwargs, verbose=False, n_jobs=1)
                        sentence = np.searchsorted(offsets, flat, side="right") - 1
                        issues = [(int(s), int(t - offsets[s])) for s, t in zip(sentence, flat)]
                        entry["via"] = "find_label_issues_batched"
                    inspector = cl_batched.LabelInspector(
                        num_class=k, verbose=False, n_jobs=1, quality_score_kwargs=quality,
                        num_issue_kwargs=num_kwargs)
                    for i in range(0, len(labels), BATCH_SIZE):
                        inspector.update_confident_thresholds(labels[i:i + BATCH_SIZE],
                                                              probs[i:i + BATCH_SIZE])
                    for i in range(0, len(labels), BATCH_SIZE):
                        inspector.score_label_quality(labels[i:i + BATCH_SIZE],
                                                      probs[i:i + BATCH_SIZE])
                    thresholds = inspector.get_confident_thresholds(silent=True)
                    entry["num_issues"] = int(inspector.get_num_issues(silent=True))
                    tied = adjust and cut_is_tied(inspector.get_quality_scores(),
                                                  entry["num_issues"])
            except Exception as exc:  # noqa: BLE001
                entry["error"] = error_kind(exc)
                entries.append(entry)
                continue
            if tied:
                STATS["batched_adjusted_entries_skipped_for_ties"] += 1
                continue
            check_batched_boundaries(case, thresholds)
            entry["thresholds"] = [float(v) for v in thresholds]
            entry["issues"] = flat_pairs(issues)
            entries.append(entry)
    return entries


def build():
    if cleanlab.__version__ != EXPECTED_CLEANLAB:
        sys.exit(f"cleanlab {EXPECTED_CLEANLAB} is required, found {cleanlab.__version__}")
    out_cases = []
    for case in cases():
        entry = {"name": case["name"], "dtype": case["dtype"], "n_classes": case["n_classes"],
                 "offsets": case["offsets"].tolist(), "labels": case["labels"].tolist(),
                 "pred_probs": case["probs"].ravel().tolist()}
        entry.update(statistics(case))
        entry["find"] = find_entries(case)
        entry["batched"] = batched_entries(case)
        out_cases.append(entry)
    return {"generator": GENERATOR, "cleanlab_version": cleanlab.__version__,
            "numpy_version": np.__version__, "tie_rule": "stable argsort (ties by position)",
            "stats": dict(STATS), "cases": out_cases}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate and compare with the committed file; write nothing")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "find_issues.json"))
    args = parser.parse_args()
    data = build()
    text = json.dumps(data, separators=(",", ":")) + "\n"
    if args.check:
        with open(args.out) as f:
            old = json.load(f)
        new = json.loads(text)
        old.pop("numpy_version", None)
        new.pop("numpy_version", None)
        if old != new:
            sys.exit(f"{args.out} differs from a fresh generation")
        print(f"{args.out} is up to date ({len(text)} bytes)")
        return
    with open(args.out, "w") as f:
        f.write(text)
    print(f"wrote {args.out}: {len(data['cases'])} cases, {len(text)} bytes, stats {STATS}")


if __name__ == "__main__":
    main()

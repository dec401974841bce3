#!/usr/bin/env python3
"""Generate tests/conformance/bad_inputs.json: the bad-input matrix of the C API.

Every case is one or more calls of a tq_ function with arguments given by C parameter
name, the status each call must return, and words its tq_last_error_message() must
contain. The C tests (tests/test_bad_inputs.cpp), the Rust tests
(bindings/rust/tokqual/tests/bad_inputs.rs) and every binding's tests run the same file;
the format is described in tests/conformance/README.md ("bad_inputs.json").

The expected statuses and words were checked against the library; the library is the
source of truth. No randomness and no third-party module: the output only changes when
this script does.

    python3 tests/conformance/generate_bad_inputs.py            # writes bad_inputs.json
    python3 tests/conformance/generate_bad_inputs.py --check    # compare, write nothing
"""

import argparse
import json
import os
import struct
import sys

FORMAT_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "bad_inputs.json")

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
INT32_MAX = 2**31 - 1
# The largest class count of the confident-learning functions and the inspector.
MAX_CLASSES = 46340

CASES = []

# Reasons a case is "raw": what an idiomatic binding cannot express. Binding runners may
# still run a raw case through their idiomatic API if their types can express it.
NULL = "a NULL pointer where the argument is required (an idiomatic binding passes an array)"
SIZE = "an explicit count that disagrees with the arrays (bindings derive counts from arrays)"
NEGATIVE = "a negative count (bindings derive counts from array lengths)"
STRUCT = "a bad struct_size (bindings fill the struct themselves)"
ENUM = "an enum value outside the enum (bindings take the enum type)"
UNSIGNED = "a negative value of a field the Rust API holds as unsigned (u32/usize/bool)"
UTF8 = "ill-formed UTF-8 (Rust, Java and C# strings cannot hold it)"
CAPACITY = "an output capacity (bindings size their outputs themselves)"
INDEX = "a negative index (the Rust API holds indices as usize)"


# ----------------------------------------------------------------------------------------
# Building cases
# ----------------------------------------------------------------------------------------

def num(x):
    """A JSON scalar: special floats as "nan"/"inf"/"-inf", integers beyond 2^53 as
    decimal strings (many JSON readers parse numbers as doubles)."""
    if isinstance(x, float):
        if x != x:
            return "nan"
        if x in (float("inf"), float("-inf")):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(x, bool):
        return x
    if isinstance(x, int) and abs(x) > 2**53:
        return str(x)
    return x


def enc(value):
    """Encodes an argument value: lists and dicts element by element."""
    if isinstance(value, list):
        return [enc(v) for v in value]
    if isinstance(value, dict):
        return {k: enc(v) for k, v in value.items()}
    if value is None or isinstance(value, str):
        return value
    return num(value)


def out(n):
    """An output buffer of n elements of the parameter's C type."""
    return {"out": n}


def hexbytes(data):
    """Text given as raw bytes (for ill-formed UTF-8)."""
    return {"hex": data.hex()}


def nbytes(text):
    """The byte count of a text argument (string, {"hex": ...} or None)."""
    if text is None:
        return 0
    return len(bytes.fromhex(text["hex"])) if isinstance(text, dict) else len(text.encode())


def step(call, args, status="TQ_OK", message=(), written=None):
    s = {"call": call, "args": enc(args), "status": status, "message": list(message)}
    if written:
        s["written"] = enc(written)
    return s


def add(name, family, steps, layer="any", reason=None):
    assert layer in ("any", "raw")
    assert (layer == "raw") == (reason is not None), name
    assert all(c["name"] != name for c in CASES), "duplicate case " + name
    c = {"name": name, "family": family, "layer": layer}
    if reason:
        c["reason"] = reason
    c["steps"] = steps
    CASES.append(c)


def one(name, family, call, args, status, message, layer="any", reason=None, written=None):
    add(name, family, [step(call, args, status, message, written)], layer, reason)


def nan():
    return float("nan")


def inf():
    return float("inf")


# ----------------------------------------------------------------------------------------
# Data shared by the cases: two sentences (tokens 0..2 and 2..3), two classes.
# ----------------------------------------------------------------------------------------

OFFSETS = [0, 2, 3]
LABELS = [0, 1, 1]
PROBS = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4]
K = 2


def with_value(values, index, value):
    copy = list(values)
    copy[index] = value
    return copy


def dataset_args(offsets=OFFSETS, labels=LABELS, probs=PROBS, k=K, **extra):
    a = {"offsets": offsets, "n_sentences": len(offsets) - 1, "labels": labels,
         "pred_probs": probs, "n_tokens": len(labels), "n_classes": k}
    a.update(extra)
    return a


# Probability values that are refused, with the words of their message. Values are
# exact in float32, so that the message (17 significant digits) is the same for both.
BAD_PROBABILITIES = [
    ("nan", 3, nan(), ["pred_probs[1][1]", "NaN"]),
    ("inf", 0, inf(), ["pred_probs[0][0]", "inf", "infinite"]),
    ("minus_inf", 5, float("-inf"), ["pred_probs[2][1]", "-inf", "infinite"]),
    ("below_0", 1, -2.0**-10, ["pred_probs[0][1] = -0.0009765625", "outside"]),
    ("above_1", 4, 1.5, ["pred_probs[2][0] = 1.5", "outside"]),
    ("just_beyond_tolerance", 2, 1 + 2.0**-18, ["pred_probs[1][0] = 1.0000038", "outside"]),
]


# ----------------------------------------------------------------------------------------
# Scores: tq_label_quality_scores_f32 / _f64
# ----------------------------------------------------------------------------------------

def scores_cases():
    fam = "scores"
    for dtype in ("f32", "f64"):
        fn = "tq_label_quality_scores_" + dtype
        p = "scores/" + dtype + "/"

        def args(options=None, sentence_scores=2, token_scores=3, **kw):
            a = dataset_args(**kw)
            a.update(options=options, sentence_scores=out(sentence_scores),
                     token_scores=out(token_scores) if token_scores is not None else None)
            return a

        # Data errors every binding can express.
        one(p + "label_above_range", fam, fn, args(labels=[0, 2, 1]), "TQ_ERR_INVALID_LABEL",
            ["labels[1] = 2", "n_classes = 2"])
        one(p + "label_negative", fam, fn, args(labels=[0, 1, -1]), "TQ_ERR_INVALID_LABEL",
            ["labels[2] = -1"])
        one(p + "label_int32_min", fam, fn, args(labels=[-2**31, 1, 1]), "TQ_ERR_INVALID_LABEL",
            ["labels[0] = -2147483648"])
        for what, index, value, words in BAD_PROBABILITIES:
            one(p + "probability_" + what, fam, fn, args(probs=with_value(PROBS, index, value)),
                "TQ_ERR_INVALID_PROBABILITY", words)
        # The other side of the boundary: within the tolerance is accepted.
        one(p + "probabilities_within_tolerance", fam, fn,
            args(probs=with_value(with_value(PROBS, 0, 1 + 2.0**-20), 1, -2.0**-20)), "TQ_OK", [])
        one(p + "offsets_not_starting_at_0", fam, fn, args(offsets=[1, 2, 3]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[0] = 1"])
        one(p + "offsets_decreasing", fam, fn, args(offsets=[0, 2, 1, 3]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[2] = 1", "offsets[1] = 2"])
        one(p + "offsets_empty_sentence", fam, fn, args(offsets=[0, 2, 2, 3]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[2] = 2", "empty"])
        one(p + "offsets_past_n_tokens", fam, fn, args(offsets=[0, 2, 5]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[n_sentences = 2] = 5", "n_tokens = 3"])
        one(p + "offsets_end_before_n_tokens", fam, fn, args(offsets=[0, 1, 2]),
            "TQ_ERR_INVALID_OFFSETS", ["= 2", "n_tokens = 3"])
        one(p + "no_sentences_but_tokens", fam, fn, args(offsets=[0], sentence_scores=0),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[n_sentences = 0] = 0", "n_tokens = 3"])
        one(p + "temperature_nan", fam, fn,
            args(options={"sentence_method": "TQ_SOFTMIN", "temperature": nan()}),
            "TQ_ERR_INVALID_OPTION", ["options->temperature", "NaN"])
        one(p + "temperature_negative", fam, fn, args(options={"temperature": -1.0}),
            "TQ_ERR_INVALID_OPTION", ["options->temperature = -1", "negative"])
        one(p + "temperature_minus_inf", fam, fn, args(options={"temperature": float("-inf")}),
            "TQ_ERR_INVALID_OPTION", ["options->temperature = -inf"])
        one(p + "margin_one_class", fam, fn,
            args(labels=[0, 0, 0], probs=[1.0, 1.0, 1.0], k=1,
                 options={"token_method": "TQ_NORMALIZED_MARGIN"}),
            "TQ_ERR_INVALID_SIZE", ["n_classes = 1"])
        one(p + "entropy_within_tolerance", fam, fn,
            args(probs=with_value(PROBS, 0, 1 + 2.0**-21),
                 options={"token_method": "TQ_CONFIDENCE_WEIGHTED_ENTROPY"}),
            "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[0][0] = 1.00000047", "entropy"])

        # What only the C layer can express.
        one(p + "n_threads_negative", fam, fn, args(options={"n_threads": -1}),
            "TQ_ERR_INVALID_OPTION", ["options->n_threads = -1"], "raw", UNSIGNED)
        for value in (3, -1, INT32_MAX):
            one(p + "token_method_%d" % value, fam, fn, args(options={"token_method": value}),
                "TQ_ERR_INVALID_OPTION", ["options->token_method = %d" % value], "raw", ENUM)
        one(p + "sentence_method_2", fam, fn, args(options={"sentence_method": 2}),
            "TQ_ERR_INVALID_OPTION", ["options->sentence_method = 2"], "raw", ENUM)
        for value in (0, 8, 4096, 2**40):
            one(p + "struct_size_%d" % value, fam, fn, args(options={"struct_size": value}),
                "TQ_ERR_INVALID_STRUCT_SIZE", ["options->struct_size = %d" % value], "raw",
                STRUCT)
        for arg in ("offsets", "labels", "pred_probs", "sentence_scores"):
            a = args()
            a[arg] = None
            one(p + arg + "_null", fam, fn, a, "TQ_ERR_NULL_ARGUMENT", [arg, "NULL"], "raw",
                NULL)
        for arg in ("n_sentences", "n_tokens", "n_classes"):
            a = args()
            a[arg] = -1
            one(p + arg + "_negative", fam, fn, a, "TQ_ERR_INVALID_SIZE", [arg + " = -1"],
                "raw", NEGATIVE)
        one(p + "n_classes_0", fam, fn, args(k=0, labels=[], probs=[], offsets=[0],
                                              sentence_scores=0, token_scores=0),
            "TQ_ERR_INVALID_SIZE", ["n_classes = 0"])
        one(p + "n_sentences_int64_max", fam, fn, args(n_sentences=INT64_MAX),
            "TQ_ERR_INVALID_SIZE", ["n_sentences = %d" % INT64_MAX], "raw", SIZE)
        one(p + "n_sentences_disagrees_with_offsets", fam, fn, args(n_sentences=1),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[n_sentences = 1] = 2", "n_tokens = 3"], "raw",
            SIZE)
        # n_tokens * n_classes past 2^63 with K = 46341 (the product's smallest token
        # count); the arrays are never read.
        n_big = INT64_MAX // 46341 + 1
        one(p + "matrix_size_overflows", fam, fn,
            args(offsets=[0, n_big], n_sentences=1, n_tokens=n_big, k=46341),
            "TQ_ERR_INVALID_SIZE", ["n_tokens * n_classes", str(n_big), "46341"], "raw", SIZE)
        one(p + "n_classes_int64_max", fam, fn, args(k=INT64_MAX),
            "TQ_ERR_INVALID_SIZE", ["n_tokens * n_classes", str(INT64_MAX)], "raw", SIZE)


# ----------------------------------------------------------------------------------------
# Sentence scores from token scores: tq_sentence_scores_from_token_scores
# ----------------------------------------------------------------------------------------

def aggregate_cases():
    fam = "scores"
    fn = "tq_sentence_scores_from_token_scores"
    p = "scores/aggregate/"

    def args(offsets=OFFSETS, scores=(0.5, 0.2, 0.9), options=None, **kw):
        a = {"offsets": offsets, "n_sentences": len(offsets) - 1, "token_scores": list(scores),
             "n_tokens": len(scores), "options": options,
             "sentence_scores": out(len(offsets) - 1)}
        a.update(kw)
        return a

    one(p + "score_nan", fam, fn, args(scores=[0.5, nan(), 0.9]), "TQ_ERR_INVALID_VALUE",
        ["token_scores[1]", "NaN"])
    one(p + "score_inf", fam, fn, args(scores=[0.5, 0.2, inf()]), "TQ_ERR_INVALID_VALUE",
        ["token_scores[2] = inf", "infinite"])
    one(p + "score_above_1", fam, fn, args(scores=[1.5, 0.2, 0.9]), "TQ_ERR_INVALID_VALUE",
        ["token_scores[0] = 1.5", "outside"])
    one(p + "score_below_0", fam, fn, args(scores=[0.5, -2.0**-10, 0.9]),
        "TQ_ERR_INVALID_VALUE", ["token_scores[1] = -0.0009765625", "outside"])
    one(p + "scores_within_tolerance", fam, fn, args(scores=[1 + 2.0**-20, -2.0**-20, 0.9]),
        "TQ_OK", [])
    one(p + "offsets_not_starting_at_0", fam, fn, args(offsets=[1, 2, 3]),
        "TQ_ERR_INVALID_OFFSETS", ["offsets[0] = 1"])
    one(p + "offsets_empty_sentence", fam, fn, args(offsets=[0, 2, 2, 3]),
        "TQ_ERR_INVALID_OFFSETS", ["offsets[2] = 2", "empty"])
    one(p + "offsets_past_n_tokens", fam, fn, args(offsets=[0, 2, 4]),
        "TQ_ERR_INVALID_OFFSETS", ["= 4", "n_tokens = 3"])
    one(p + "temperature_nan", fam, fn,
        args(options={"sentence_method": "TQ_SOFTMIN", "temperature": nan()}),
        "TQ_ERR_INVALID_OPTION", ["options->temperature", "NaN"])
    one(p + "temperature_negative", fam, fn, args(options={"temperature": -1.0}),
        "TQ_ERR_INVALID_OPTION", ["options->temperature = -1", "negative"])
    # What only the C layer can express.
    one(p + "n_threads_negative", fam, fn, args(options={"n_threads": -1}),
        "TQ_ERR_INVALID_OPTION", ["options->n_threads = -1"], "raw", UNSIGNED)
    one(p + "sentence_method_2", fam, fn, args(options={"sentence_method": 2}),
        "TQ_ERR_INVALID_OPTION", ["options->sentence_method = 2"], "raw", ENUM)
    one(p + "token_method_3", fam, fn, args(options={"token_method": 3}),
        "TQ_ERR_INVALID_OPTION", ["options->token_method = 3"], "raw", ENUM)
    one(p + "struct_size_8", fam, fn, args(options={"struct_size": 8}),
        "TQ_ERR_INVALID_STRUCT_SIZE", ["options->struct_size = 8"], "raw", STRUCT)
    for arg in ("offsets", "token_scores", "sentence_scores"):
        a = args()
        a[arg] = None
        one(p + arg + "_null", fam, fn, a, "TQ_ERR_NULL_ARGUMENT", [arg, "NULL"], "raw", NULL)
    for arg in ("n_sentences", "n_tokens"):
        a = args()
        a[arg] = -1
        one(p + arg + "_negative", fam, fn, a, "TQ_ERR_INVALID_SIZE", [arg + " = -1"], "raw",
            NEGATIVE)


# ----------------------------------------------------------------------------------------
# Issues from scores
# ----------------------------------------------------------------------------------------

def issues_cases():
    fam = "issues"
    fn = "tq_issues_from_sentence_scores"

    def sargs(scores=(0.5, 0.2, 0.9), threshold=0.6, **kw):
        a = {"sentence_scores": list(scores), "n_sentences": len(scores),
             "threshold": threshold, "out_sentences": out(len(scores)), "out_count": out(1)}
        a.update(kw)
        return a

    p = "issues/sentence/"
    one(p + "score_nan", fam, fn, sargs(scores=[0.5, nan(), 0.9]), "TQ_ERR_INVALID_VALUE",
        ["sentence_scores[1]", "NaN"])
    one(p + "threshold_nan", fam, fn, sargs(threshold=nan()), "TQ_ERR_INVALID_OPTION",
        ["threshold", "NaN"])
    for arg in ("sentence_scores", "out_sentences", "out_count"):
        a = sargs()
        a[arg] = None
        one(p + arg + "_null", fam, fn, a, "TQ_ERR_NULL_ARGUMENT", [arg, "NULL"], "raw", NULL)
    one(p + "n_sentences_negative", fam, fn, sargs(n_sentences=-1), "TQ_ERR_INVALID_SIZE",
        ["n_sentences = -1"], "raw", NEGATIVE)

    fn = "tq_issues_from_token_scores"
    p = "issues/token/"

    def targs(offsets=OFFSETS, scores=(0.5, 0.2, 0.9), threshold=0.6, **kw):
        a = {"offsets": offsets, "n_sentences": len(offsets) - 1, "token_scores": list(scores),
             "n_tokens": len(scores), "threshold": threshold,
             "out_sentences": out(len(scores)), "out_tokens": out(len(scores)),
             "out_count": out(1)}
        a.update(kw)
        return a

    one(p + "score_nan", fam, fn, targs(scores=[0.5, 0.2, nan()]), "TQ_ERR_INVALID_VALUE",
        ["token_scores[2]", "NaN"])
    one(p + "threshold_nan", fam, fn, targs(threshold=nan()), "TQ_ERR_INVALID_OPTION",
        ["threshold", "NaN"])
    one(p + "offsets_not_starting_at_0", fam, fn, targs(offsets=[1, 2, 3]),
        "TQ_ERR_INVALID_OFFSETS", ["offsets[0] = 1"])
    one(p + "offsets_decreasing", fam, fn, targs(offsets=[0, 3, 2, 3]),
        "TQ_ERR_INVALID_OFFSETS", ["offsets[2] = 2", "offsets[1] = 3"])
    one(p + "offsets_past_n_tokens", fam, fn, targs(offsets=[0, 2, 4]),
        "TQ_ERR_INVALID_OFFSETS", ["= 4", "n_tokens = 3"])
    for arg in ("offsets", "token_scores", "out_sentences", "out_tokens", "out_count"):
        a = targs()
        a[arg] = None
        one(p + arg + "_null", fam, fn, a, "TQ_ERR_NULL_ARGUMENT", [arg, "NULL"], "raw", NULL)
    for arg in ("n_sentences", "n_tokens"):
        a = targs()
        a[arg] = -1
        one(p + arg + "_negative", fam, fn, a, "TQ_ERR_INVALID_SIZE", [arg + " = -1"], "raw",
            NEGATIVE)


# ----------------------------------------------------------------------------------------
# Confident learning: tq_find_label_issues_* and the statistics under it
# ----------------------------------------------------------------------------------------

# Four tokens in two sentences, both classes labeled twice (the prune methods need that).
F_OFFSETS = [0, 2, 4]
F_LABELS = [0, 1, 0, 1]
F_PROBS = [0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.6, 0.4]
ISSUE_PROBS = [0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.9, 0.1]  # token 3 looks mislabeled


def find_cases():
    fam = "find"
    for dtype in ("f32", "f64"):
        fn = "tq_find_label_issues_" + dtype
        p = "find/" + dtype + "/"

        def args(options=None, offsets=F_OFFSETS, labels=F_LABELS, probs=F_PROBS, k=K,
                 capacity=None, **kw):
            a = dataset_args(offsets, labels, probs, k)
            n = len(labels) if capacity is None else capacity
            a.update(options=options, out_sentences=out(n), out_tokens=out(n),
                     out_count=out(1))
            a.update(kw)
            return a

        one(p + "label_above_range", fam, fn, args(labels=[0, 1, 2, 1]),
            "TQ_ERR_INVALID_LABEL", ["labels[2] = 2", "n_classes = 2"])
        one(p + "label_negative", fam, fn, args(labels=[-1, 1, 0, 1]),
            "TQ_ERR_INVALID_LABEL", ["labels[0] = -1"])
        one(p + "one_label_not_0", fam, fn, args(labels=[1, 1, 1, 1]),
            "TQ_ERR_INVALID_LABEL", ["every label is 1", "two distinct labels"])
        one(p + "one_label_predicted_neq_given", fam, fn,
            args(labels=[0, 0, 0, 0], options={"filter_by": "TQ_PREDICTED_NEQ_GIVEN"}),
            "TQ_ERR_INVALID_LABEL", ["every label is 0", "two distinct labels"])
        for what, index, value, words in BAD_PROBABILITIES:
            if index >= len(F_PROBS) or what not in ("nan", "inf", "below_0", "above_1"):
                continue
            one(p + "probability_" + what, fam, fn, args(probs=with_value(F_PROBS, index, value)),
                "TQ_ERR_INVALID_PROBABILITY", words)
        one(p + "offsets_not_starting_at_0", fam, fn, args(offsets=[2, 2, 4]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[0] = 2"])
        one(p + "offsets_past_n_tokens", fam, fn, args(offsets=[0, 2, 9]),
            "TQ_ERR_INVALID_OFFSETS", ["= 9", "n_tokens = 4"])
        # One token of 46341 classes (the data file holds only three such rows).
        if dtype == "f64":
            one(p + "n_classes_46341", fam, fn,
                args(offsets=[0, 1], labels=[0], probs=[1] + [0] * 46340, k=46341),
                "TQ_ERR_INVALID_SIZE", ["n_classes = 46341", "46340"])
        one(p + "margin_one_class", fam, fn,
            args(labels=[0, 0, 0, 0], probs=[1.0] * 4, k=1,
                 options={"filter_by": "TQ_CONFIDENT_LEARNING", "rank_by": "TQ_NORMALIZED_MARGIN"}),
            "TQ_ERR_INVALID_SIZE", ["n_classes = 1"])
        for value, words in ((0.0, ["options->frac_noise = 0"]), (nan(), ["options->frac_noise", "NaN"]),
                             (2.0, ["options->frac_noise = 2"]), (-1.0, ["options->frac_noise = -1"]),
                             (inf(), ["options->frac_noise = inf"])):
            one(p + "frac_noise_" + str(num(value)).replace("-", "minus_"), fam, fn,
                args(options={"frac_noise": value}), "TQ_ERR_INVALID_OPTION", words)
        one(p + "min_examples_per_class_negative", fam, fn,
            args(options={"min_examples_per_class": -1}), "TQ_ERR_INVALID_OPTION",
            ["options->min_examples_per_class = -1"])
        one(p + "min_examples_per_class_int64_min", fam, fn,
            args(options={"min_examples_per_class": INT64_MIN}), "TQ_ERR_INVALID_OPTION",
            ["options->min_examples_per_class = %d" % INT64_MIN])
        # Huge but valid: no class has that many tokens, so nothing is flagged (issue 9:
        # this converted an out-of-range double to int64_t).
        for method in ("TQ_PRUNE_BY_NOISE_RATE", "TQ_BOTH"):
            one(p + "min_examples_per_class_int64_max_" + method[3:].lower(), fam, fn,
                args(options={"min_examples_per_class": INT64_MAX, "filter_by": method}),
                "TQ_OK", [], written={"out_count": [0]})
        one(p + "num_to_remove_with_confident_learning", fam, fn,
            args(options={"filter_by": "TQ_CONFIDENT_LEARNING", "num_to_remove_per_class": [1, 1]}),
            "TQ_ERR_INVALID_OPTION", ["num_to_remove_per_class"])
        one(p + "num_to_remove_negative", fam, fn,
            args(options={"filter_by": "TQ_PRUNE_BY_CLASS", "num_to_remove_per_class": [0, -1]}),
            "TQ_ERR_INVALID_OPTION", ["num_to_remove_per_class[1] = -1"])
        one(p + "num_to_remove_more_than_class", fam, fn,
            args(options={"filter_by": "TQ_PRUNE_BY_CLASS", "num_to_remove_per_class": [3, 0]}),
            "TQ_ERR_INVALID_OPTION", ["num_to_remove_per_class[0] = 3"])
        one(p + "adjust_with_entropy", fam, fn,
            args(options={"rank_by": "TQ_CONFIDENCE_WEIGHTED_ENTROPY", "adjust_pred_probs": 1}),
            "TQ_ERR_INVALID_OPTION", ["adjust_pred_probs"])

        one(p + "adjust_pred_probs_2", fam, fn, args(options={"adjust_pred_probs": 2}),
            "TQ_ERR_INVALID_OPTION", ["options->adjust_pred_probs = 2"], "raw", UNSIGNED)
        one(p + "n_threads_negative", fam, fn, args(options={"n_threads": -1}),
            "TQ_ERR_INVALID_OPTION", ["options->n_threads = -1"], "raw", UNSIGNED)
        for field, value in (("filter_by", 7), ("filter_by", -1), ("rank_by", 3)):
            one(p + "%s_%d" % (field, value), fam, fn, args(options={field: value}),
                "TQ_ERR_INVALID_OPTION", ["options->%s = %d" % (field, value)], "raw", ENUM)
        one(p + "struct_size_1", fam, fn, args(options={"struct_size": 1}),
            "TQ_ERR_INVALID_STRUCT_SIZE", ["options->struct_size = 1"], "raw", STRUCT)
        for arg in ("offsets", "labels", "pred_probs", "out_sentences", "out_tokens", "out_count"):
            a = args()
            a[arg] = None
            one(p + arg + "_null", fam, fn, a, "TQ_ERR_NULL_ARGUMENT", [arg, "NULL"], "raw", NULL)
        for arg in ("n_sentences", "n_tokens", "n_classes"):
            a = args()
            a[arg] = -1
            one(p + arg + "_negative", fam, fn, a, "TQ_ERR_INVALID_SIZE", [arg + " = -1"],
                "raw", NEGATIVE)
        n_big = INT64_MAX // 46340 + 1
        one(p + "matrix_size_overflows", fam, fn,
            args(offsets=[0, n_big], n_sentences=1, n_tokens=n_big, k=46340),
            "TQ_ERR_INVALID_SIZE", [str(n_big)], "raw", SIZE)

    # The statistics: tq_confident_thresholds_*, tq_confident_joint_*, tq_num_label_issues_*,
    # tq_adjust_pred_probs_* (flat tokens, no sentences).
    def sargs(labels=F_LABELS, probs=F_PROBS, k=K, options=None, **kw):
        a = {"labels": labels, "pred_probs": probs, "n_tokens": len(labels), "n_classes": k,
             "options": options}
        a.update(kw)
        return a

    stats = [
        ("tq_confident_thresholds_", "thresholds", lambda k, n: {"out_thresholds": out(k)}),
        ("tq_confident_joint_", "joint", lambda k, n: {"calibrate": 1, "out_joint": out(k * k)}),
        ("tq_num_label_issues_", "num_issues",
         lambda k, n: {"method": "TQ_OFF_DIAGONAL", "out_count": out(1)}),
        ("tq_adjust_pred_probs_", "adjust", lambda k, n: {"out_pred_probs": out(n * k)}),
    ]
    for prefix, short, outputs in stats:
        for dtype in ("f32", "f64"):
            fn = prefix + dtype
            p = "find/%s/%s/" % (short, dtype)

            def a(labels=F_LABELS, probs=F_PROBS, k=K, **kw):
                r = sargs(labels, probs, k)
                r.update(outputs(k, len(labels)))
                r.update(kw)
                return r

            one(p + "label_above_range", fam, fn, a(labels=[0, 1, 0, 5]),
                "TQ_ERR_INVALID_LABEL", ["labels[3] = 5", "n_classes = 2"])
            one(p + "probability_nan", fam, fn, a(probs=with_value(F_PROBS, 6, nan())),
                "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[3][0]", "NaN"])
            one(p + "probability_minus_inf", fam, fn, a(probs=with_value(F_PROBS, 1, float("-inf"))),
                "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[0][1]", "-inf"])
            if dtype == "f64" and short in ("thresholds", "joint"):
                one(p + "n_classes_46341", fam, fn,
                    a(labels=[0], probs=[1] + [0] * 46340, k=46341, **(
                        {"out_joint": out(0)} if short == "joint" else {})),
                    "TQ_ERR_INVALID_SIZE", ["n_classes = 46341"])
            if dtype == "f64":
                one(p + "n_threads_negative", fam, fn, a(options={"n_threads": -1}),
                    "TQ_ERR_INVALID_OPTION", ["options->n_threads = -1"], "raw", UNSIGNED)
                one(p + "struct_size_0", fam, fn, a(options={"struct_size": 0}),
                    "TQ_ERR_INVALID_STRUCT_SIZE", ["options->struct_size = 0"], "raw", STRUCT)
                one(p + "labels_null", fam, fn, dict(a(), labels=None),
                    "TQ_ERR_NULL_ARGUMENT", ["labels", "NULL"], "raw", NULL)
                one(p + "n_tokens_negative", fam, fn, a(n_tokens=-1),
                    "TQ_ERR_INVALID_SIZE", ["n_tokens = -1"], "raw", NEGATIVE)
                out_name = [k for k in outputs(2, 4) if k.startswith("out_")][0]
                one(p + out_name + "_null", fam, fn, a(**{out_name: None}),
                    "TQ_ERR_NULL_ARGUMENT", [out_name, "NULL"], "raw", NULL)
    n_big = INT64_MAX // 46340 + 1
    for prefix, short, outputs in stats:
        one("find/%s/f32/matrix_size_overflows" % short, fam, prefix + "f32",
            dict(sargs(), n_tokens=n_big, n_classes=46340, **outputs(0, 0)),
            "TQ_ERR_INVALID_SIZE", [str(n_big), "46340"], "raw", SIZE)
    # Thresholds [0.25, 0.25] shift the all-zero rows 2 and 3 to [0, 0].
    one("find/adjust/f64/shifted_row_sums_to_0", fam, "tq_adjust_pred_probs_f64",
        dict(sargs(probs=[0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0]), out_pred_probs=out(8)),
        "TQ_ERR_INVALID_VALUE", ["pred_probs row 2", "sums to 0"])
    one("find/joint/f64/calibrate_2", fam, "tq_confident_joint_f64",
        dict(sargs(), calibrate=2, out_joint=out(4)), "TQ_ERR_INVALID_OPTION",
        ["calibrate = 2"], "raw", UNSIGNED)
    one("find/num_issues/f64/method_2", fam, "tq_num_label_issues_f64",
        dict(sargs(), method=2, out_count=out(1)), "TQ_ERR_INVALID_OPTION",
        ["method = 2"], "raw", ENUM)
    one("find/num_issues/f32/one_label_not_0", fam, "tq_num_label_issues_f32",
        dict(sargs(labels=[1, 1, 1, 1]), method="TQ_OFF_DIAGONAL", out_count=out(1)),
        "TQ_ERR_INVALID_LABEL", ["every label is 1", "two distinct labels"])


# ----------------------------------------------------------------------------------------
# The streaming inspector: calls out of order, bad batches, damaged saved state
# ----------------------------------------------------------------------------------------

def create(name="a", k=K, options=None, status="TQ_OK", message=()):
    return step("tq_inspector_create",
                {"n_classes": k, "options": options, "out_inspector": {"inspector": name}},
                status, message)


def update(name="a", labels=F_LABELS, probs=F_PROBS, k=K, dtype="f64", status="TQ_OK",
           message=(), **kw):
    a = {"inspector": name, "labels": labels, "pred_probs": probs,
         "n_tokens": len(labels or ()), "n_classes": k}
    a.update(kw)
    return step("tq_inspector_update_thresholds_" + dtype, a, status, message)


def finish(name="a", status="TQ_OK", message=()):
    return step("tq_inspector_finish_thresholds", {"inspector": name}, status, message)


def score(name="a", first=0, offsets=F_OFFSETS, labels=F_LABELS, probs=F_PROBS, k=K,
          dtype="f64", status="TQ_OK", message=(), **kw):
    a = {"inspector": name, "first_sentence": first, "offsets": offsets,
         "n_sentences": len(offsets) - 1, "labels": labels, "pred_probs": probs,
         "n_tokens": len(labels), "n_classes": k, "token_scores": out(len(labels))}
    a.update(kw)
    return step("tq_inspector_score_" + dtype, a, status, message)


def merge(into, frm, status="TQ_OK", message=()):
    return step("tq_inspector_merge", {"into": into, "from": frm}, status, message)


def save(name, as_name):
    return step("tq_inspector_save", {"inspector": name, "buffer": {"bytes": as_name}})


def load(saved, edits, name="b", status="TQ_OK", message=()):
    return step("tq_inspector_load",
                {"buffer": {"saved": saved, "edits": edits}, "out_inspector": {"inspector": name}},
                status, message)


# The saved format (src/inspector_io.cpp, version 1): offsets of its fields for K classes.
DIGITS = 38  # ExactSum::kDigits


def layout(k):
    class_record = 8 + 8 * DIGITS
    pass2 = 48 + k * class_record
    batches = pass2 + 16 + 24 * k
    return {
        "version": 8, "n_classes": 12, "rank_by": 20, "adjust_pred_probs": 24,
        "num_issues_method": 28, "n_threads": 32, "pass": 36, "threshold_tokens": 40,
        "class_tokens": lambda c: 48 + c * class_record,
        "class_digit": lambda c, d: 56 + c * class_record + 8 * d,
        "scored_tokens": pass2, "off_diagonal_count": pass2 + 8,
        "scored": lambda c: pass2 + 16 + 24 * c,
        "confident": lambda c: pass2 + 24 + 24 * c,
        "off_diagonal": lambda c: pass2 + 32 + 24 * c,
        "n_batches": batches,
        # The first batch of a pass-2 state (F_OFFSETS: 2 sentences, 4 tokens).
        "first_sentence": batches + 8, "batch_sentences": batches + 16,
        "batch_offset": lambda i: batches + 24 + 8 * i,
        "score": lambda t: batches + 48 + 8 * t,
        "flag": lambda t: batches + 80 + t,
        "size_pass1": batches + 8, "size_pass2": batches + 84,
    }


DAMAGED = "not a valid saved inspector"
# What the message says about each damaged state (so that an edit provably hit its field).
REASONS = {
    "truncated": "ends early",
    "header_only": "ends early",
    "trailing_byte": "trailing bytes",
    "signature": "signature",
    "n_classes_negative": "class count",
    "n_classes_0": "n_classes = 0",
    "n_classes_huge": "class count",
    "pass_3": "pass is neither 1 nor 2",
    "rank_by_7": "options->rank_by = 7",
    "adjust_pred_probs_2": "options->adjust_pred_probs = 2",
    "n_threads_negative": "options->n_threads = -1",
    "threshold_tokens_negative": "token count is negative",
    "threshold_tokens_disagree": "pass-1 counts disagree",
    "class_tokens_negative": "token count is negative",
    "class_sum_not_normalized": "class sum is not normalized",
    "class_mean_above_1": "probability sum",
    "class_sum_without_tokens": "probability sum",
    "pass_1_holds_scores": "pass-2 counts disagree",
    "pass_2_as_pass_1": "pass 1 holds pass-2 data",
    "scored_tokens_disagree": "pass-2 counts disagree",
    "confident_above_scored": "pass-2 counts disagree",
    "n_batches_huge": "batch count",
    "first_sentence_negative": "first sentence is negative",
    "batch_sentences_overflow": "sentence count",
    "batch_sentences_0": "sentence count",
    "batch_offsets_not_from_0": "do not start at 0",
    "batch_offsets_decreasing": "do not increase",
    "score_nan": "not finite",
    "score_negative": "outside the range",
    "score_above_1": "outside the range",
    "score_inf": "not finite",
    "flag_2": "flag is not 0 or 1",
}


def inspector_cases():
    fam = "inspector"
    p = "inspector/"

    # Creation.
    add(p + "create/n_classes_0", fam, [create(k=0, status="TQ_ERR_INVALID_SIZE",
                                               message=["n_classes = 0"])])
    add(p + "create/n_classes_46341", fam, [create(k=46341, status="TQ_ERR_INVALID_SIZE",
                                                   message=["n_classes = 46341"])])
    add(p + "create/adjust_with_entropy", fam,
        [create(options={"rank_by": "TQ_CONFIDENCE_WEIGHTED_ENTROPY", "adjust_pred_probs": 1},
                status="TQ_ERR_INVALID_OPTION", message=["adjust_pred_probs"])])
    add(p + "create/n_classes_negative", fam,
        [create(k=-1, status="TQ_ERR_INVALID_SIZE", message=["n_classes = -1"])], "raw", NEGATIVE)
    add(p + "create/n_classes_int64_max", fam,
        [create(k=INT64_MAX, status="TQ_ERR_INVALID_SIZE", message=[str(INT64_MAX)])], "raw",
        SIZE)
    for field, value, reason in (("rank_by", 3, ENUM), ("num_issues_method", 2, ENUM),
                                 ("adjust_pred_probs", 2, UNSIGNED), ("n_threads", -1, UNSIGNED)):
        add(p + "create/%s_%d" % (field, value), fam,
            [create(options={field: value}, status="TQ_ERR_INVALID_OPTION",
                    message=["options->%s = %d" % (field, value)])], "raw", reason)
    add(p + "create/struct_size_0", fam,
        [create(options={"struct_size": 0}, status="TQ_ERR_INVALID_STRUCT_SIZE",
                message=["options->struct_size = 0"])], "raw", STRUCT)
    add(p + "create/out_inspector_null", fam,
        [step("tq_inspector_create", {"n_classes": 2, "options": None, "out_inspector": None},
              "TQ_ERR_NULL_ARGUMENT", ["out_inspector", "NULL"])], "raw", NULL)

    # Calls out of order.
    state = "TQ_ERR_INVALID_STATE"
    add(p + "order/finish_without_tokens", fam,
        [create(), finish(status=state, message=["no token has been seen in pass 1"])])
    add(p + "order/finish_twice", fam,
        [create(), update(), finish(), finish(status=state, message=["pass 2"])])
    add(p + "order/score_before_finish", fam,
        [create(), update(), score(status=state, message=["pass 1", "tq_inspector_finish_thresholds"])])
    add(p + "order/score_without_pass_1", fam,
        [create(), score(status=state, message=["pass 1", "tq_inspector_finish_thresholds"])])
    add(p + "order/update_after_finish", fam,
        [create(), update(), finish(), update(status=state, message=["pass 2"])])
    add(p + "order/thresholds_before_tokens", fam,
        [create(), step("tq_inspector_thresholds",
                        {"inspector": "a", "out_thresholds": out(2), "n_classes": 2},
                        state, ["no token has been seen in pass 1"])])
    for what, steps, words in (("pass_1", [create(), update()], ["pass 1"]),
                               ("nothing_scored", [create(), update(), finish()],
                                ["no token has been scored"])):
        add(p + "order/num_label_issues_" + what, fam, steps + [
            step("tq_inspector_num_label_issues", {"inspector": "a", "out_count": out(1)},
                 state, words)])
        add(p + "order/find_label_issues_" + what, fam, steps + [
            step("tq_inspector_find_label_issues",
                 {"inspector": "a", "out_sentences": out(4), "out_tokens": out(4),
                  "capacity": 4, "out_count": out(1)}, state, words)])
    add(p + "order/merge_pass_1_into_pass_2", fam,
        [create("a"), update("a"), finish("a"), create("b"), update("b"),
         merge("a", "b", state, ["from is in pass 1", "into is in pass 2"])])
    add(p + "order/merge_other_thresholds", fam,
        [create("a"), update("a"), finish("a"),
         create("b"), update("b", probs=with_value(F_PROBS, 0, 0.5)), finish("b"),
         merge("a", "b", state, ["different thresholds"])])

    # Bad batches and merges.
    add(p + "update/label_above_range", fam,
        [create(), update(labels=[0, 1, 2, 1], status="TQ_ERR_INVALID_LABEL",
                          message=["labels[2] = 2"])])
    add(p + "update/probability_nan_f32", fam,
        [create(), update(probs=with_value(F_PROBS, 3, nan()), dtype="f32",
                          status="TQ_ERR_INVALID_PROBABILITY", message=["pred_probs[1][1]", "NaN"])])
    add(p + "update/probability_above_1", fam,
        [create(), update(probs=with_value(F_PROBS, 4, 1.5), status="TQ_ERR_INVALID_PROBABILITY",
                          message=["pred_probs[2][0] = 1.5"])])
    add(p + "score/label_negative", fam,
        [create(), update(), finish(),
         score(labels=[0, -1, 0, 1], status="TQ_ERR_INVALID_LABEL", message=["labels[1] = -1"])])
    add(p + "score/probability_inf_f32", fam,
        [create(), update(), finish(),
         score(probs=with_value(F_PROBS, 7, inf()), dtype="f32",
               status="TQ_ERR_INVALID_PROBABILITY", message=["pred_probs[3][1]", "inf"])])
    add(p + "score/probability_nan", fam,
        [create(), update(), finish(),
         score(probs=with_value(F_PROBS, 2, nan()), status="TQ_ERR_INVALID_PROBABILITY",
               message=["pred_probs[1][0]", "NaN"])])
    add(p + "score/probability_below_0_f32", fam,
        [create(), update(), finish(),
         score(probs=with_value(F_PROBS, 5, -0.5), dtype="f32",
               status="TQ_ERR_INVALID_PROBABILITY", message=["pred_probs[2][1] = -0.5"])])
    add(p + "score/offsets_not_starting_at_0", fam,
        [create(), update(), finish(),
         score(offsets=[1, 2, 4], status="TQ_ERR_INVALID_OFFSETS", message=["offsets[0] = 1"])])
    add(p + "score/offsets_past_n_tokens", fam,
        [create(), update(), finish(),
         score(offsets=[0, 2, 5], status="TQ_ERR_INVALID_OFFSETS", message=["= 5", "n_tokens = 4"])])
    add(p + "score/sentence_twice", fam,
        [create(), update(), finish(), score(),
         score(status="TQ_ERR_INVALID_VALUE", message=["sentence"])])
    add(p + "score/overlapping_batch", fam,
        [create(), update(), finish(), score(first=10),
         score(first=9, status="TQ_ERR_INVALID_VALUE", message=["sentence"])])
    add(p + "merge/other_n_classes", fam,
        [create("a"), create("b", k=3), merge("a", "b", "TQ_ERR_INVALID_SIZE", ["3 classes", "2"])])
    add(p + "merge/other_options", fam,
        [create("a"), create("b", options={"rank_by": "TQ_NORMALIZED_MARGIN"}),
         merge("a", "b", "TQ_ERR_INVALID_OPTION", ["different options", "rank_by 1 / 0"])])
    add(p + "merge/overlapping_sentences", fam,
        [create("a"), update("a"), finish("a"), step("tq_inspector_clone",
                                                     {"inspector": "a", "out_inspector": {"inspector": "b"}}),
         score("a"), score("b", first=1), merge("a", "b", "TQ_ERR_INVALID_VALUE", ["sentence"])])

    # Raw-only misuse.
    add(p + "counts/inspector_null", fam,
        [step("tq_inspector_counts", {"inspector": None, "out_threshold_tokens": out(1),
                                      "out_scored_tokens": out(1)},
              "TQ_ERR_NULL_ARGUMENT", ["inspector", "NULL"])], "raw", NULL)
    add(p + "merge/into_itself", fam, [create(), merge("a", "a", "TQ_ERR_INVALID_VALUE", ["same inspector"])],
        "raw", "the same inspector as into and from (Rust's borrow rules forbid it)")
    add(p + "merge/into_null", fam,
        [create(), step("tq_inspector_merge", {"into": None, "from": "a"},
                        "TQ_ERR_NULL_ARGUMENT", ["into"])], "raw", NULL)
    add(p + "update/inspector_null", fam,
        [update(name=None, status="TQ_ERR_NULL_ARGUMENT", message=["inspector", "NULL"])],
        "raw", NULL)
    add(p + "update/other_n_classes", fam,
        [create(), update(labels=[0, 1], probs=[0.5] * 6, k=3, status="TQ_ERR_INVALID_SIZE",
                          message=["n_classes = 3"])], "raw", SIZE)
    n_big = INT64_MAX // 2 + 1
    add(p + "update/matrix_size_overflows", fam,
        [create(), update(n_tokens=n_big, status="TQ_ERR_INVALID_SIZE", message=[str(n_big)])],
        "raw", SIZE)
    add(p + "update/n_tokens_negative", fam,
        [create(), update(n_tokens=-1, status="TQ_ERR_INVALID_SIZE", message=["n_tokens = -1"])],
        "raw", NEGATIVE)
    add(p + "update/labels_null", fam,
        [create(), update(labels=None, n_tokens=4, status="TQ_ERR_NULL_ARGUMENT",
                          message=["labels", "NULL"])], "raw", NULL)
    add(p + "score/first_sentence_negative", fam,
        [create(), update(), finish(),
         score(first=-1, status="TQ_ERR_INVALID_VALUE", message=["first_sentence = -1"])],
        "raw", INDEX)
    add(p + "score/first_sentence_overflows", fam,
        [create(), update(), finish(),
         score(first=INT64_MAX, status="TQ_ERR_INVALID_VALUE",
               message=["first_sentence + n_sentences", str(INT64_MAX), "overflows"])],
        "raw", "a sentence index past the largest Rust usize the batch can add to")
    add(p + "thresholds/other_n_classes", fam,
        [create(), update(), step("tq_inspector_thresholds",
                                  {"inspector": "a", "out_thresholds": out(3), "n_classes": 3},
                                  "TQ_ERR_INVALID_SIZE", ["n_classes = 3"])], "raw", SIZE)
    # Token 3 (labeled 1, predicted 0 with confidence) is the one issue.
    add(p + "find_label_issues/capacity_too_small", fam,
        [create(), update(probs=ISSUE_PROBS), finish(), score(probs=ISSUE_PROBS),
         step("tq_inspector_find_label_issues",
              {"inspector": "a", "out_sentences": out(0), "out_tokens": out(0), "capacity": 0,
               "out_count": out(1)}, "TQ_ERR_BUFFER_TOO_SMALL", ["capacity = 0"],
              written={"out_count": [1]})], "raw", CAPACITY)
    add(p + "find_label_issues/capacity_negative", fam,
        [create(), update(), finish(), score(),
         step("tq_inspector_find_label_issues",
              {"inspector": "a", "out_sentences": out(4), "out_tokens": out(4), "capacity": -1,
               "out_count": out(1)}, "TQ_ERR_INVALID_SIZE", ["capacity = -1"])], "raw", NEGATIVE)
    add(p + "save/capacity_too_small", fam,
        [create(), update(),
         step("tq_inspector_save", {"inspector": "a", "buffer": out(16), "capacity": 16,
                                    "out_size": out(1)},
              "TQ_ERR_BUFFER_TOO_SMALL", ["capacity = 16"],
              written={"out_size": [layout(2)["size_pass1"]]})], "raw", CAPACITY)
    add(p + "save/out_size_null", fam,
        [create(), step("tq_inspector_save", {"inspector": "a", "buffer": None, "capacity": 0,
                                              "out_size": None},
                        "TQ_ERR_NULL_ARGUMENT", ["out_size", "NULL"])], "raw", NULL)
    add(p + "save/buffer_null", fam,
        [create(), step("tq_inspector_save", {"inspector": "a", "buffer": None,
                                              "capacity": 4096, "out_size": out(1)},
                        "TQ_ERR_NULL_ARGUMENT", ["buffer", "NULL"])], "raw", NULL)
    add(p + "load/buffer_null", fam,
        [step("tq_inspector_load", {"buffer": None, "size": 744,
                                    "out_inspector": {"inspector": "b"}},
              "TQ_ERR_NULL_ARGUMENT", ["buffer", "NULL"])], "raw", NULL)

    # Damaged saved state: every load must fail with TQ_ERR_INVALID_VALUE.
    bad = "TQ_ERR_INVALID_VALUE"
    L = layout(2)
    pass1 = [create(), update(), save("a", "s")]
    pass2 = [create(), update(), finish(), score(), save("a", "s")]
    add(p + "load/empty", fam,
        [step("tq_inspector_load", {"buffer": {"hex": ""}, "out_inspector": {"inspector": "b"}},
              bad, [DAMAGED])])
    add(p + "load/not_an_inspector", fam,
        [step("tq_inspector_load", {"buffer": "TQINSPCX and more bytes than a header",
                                    "out_inspector": {"inspector": "b"}}, bad, [DAMAGED])])
    damages = [
        ("pass1", "truncated", [{"truncate": L["size_pass1"] - 1}], [DAMAGED, "ends early"]),
        ("pass1", "header_only", [{"truncate": 12}], [DAMAGED]),
        ("pass1", "trailing_byte", [{"append": "00"}], [DAMAGED, "trailing"]),
        ("pass1", "signature", [{"at": 0, "u8": ord("t")}], [DAMAGED, "signature"]),
        ("pass1", "version_2", [{"at": L["version"], "i32": 2}], ["version 2"]),
        ("pass1", "n_classes_negative", [{"at": L["n_classes"], "i64": -1}], [DAMAGED]),
        ("pass1", "n_classes_0", [{"at": L["n_classes"], "i64": 0}], [DAMAGED]),
        ("pass1", "n_classes_huge", [{"at": L["n_classes"], "i64": INT64_MAX}], [DAMAGED]),
        ("pass1", "pass_3", [{"at": L["pass"], "i32": 3}], [DAMAGED, "pass"]),
        ("pass1", "rank_by_7", [{"at": L["rank_by"], "i32": 7}], [DAMAGED]),
        ("pass1", "adjust_pred_probs_2", [{"at": L["adjust_pred_probs"], "i32": 2}], [DAMAGED]),
        ("pass1", "n_threads_negative", [{"at": L["n_threads"], "i32": -1}], [DAMAGED]),
        ("pass1", "threshold_tokens_negative", [{"at": L["threshold_tokens"], "i64": -4}],
         [DAMAGED]),
        ("pass1", "threshold_tokens_disagree", [{"at": L["threshold_tokens"], "i64": 5}],
         [DAMAGED]),
        ("pass1", "class_tokens_negative",
         [{"at": L["class_tokens"](0), "i64": -1}, {"at": L["class_tokens"](1), "i64": 5}],
         [DAMAGED]),
        ("pass1", "class_sum_not_normalized",
         [{"at": L["class_digit"](0, 0), "i64": INT64_MAX}], [DAMAGED]),
        # A class's threshold is the mean of its probability sum: 1.6 over one token.
        ("pass1", "class_mean_above_1",
         [{"at": L["class_tokens"](0), "i64": 1}, {"at": L["threshold_tokens"], "i64": 3}],
         [DAMAGED]),
        ("pass1", "class_sum_without_tokens",
         [{"at": L["class_tokens"](0), "i64": 0}, {"at": L["threshold_tokens"], "i64": 2}],
         [DAMAGED]),
        ("pass1", "pass_1_holds_scores", [{"at": L["scored_tokens"], "i64": 1}], [DAMAGED]),
        ("pass2", "pass_2_as_pass_1", [{"at": L["pass"], "i32": 1}], [DAMAGED]),
        ("pass2", "scored_tokens_disagree", [{"at": L["scored_tokens"], "i64": 3}], [DAMAGED]),
        ("pass2", "confident_above_scored", [{"at": L["confident"](0), "i64": 3}], [DAMAGED]),
        ("pass2", "n_batches_huge", [{"at": L["n_batches"], "i64": INT64_MAX}], [DAMAGED]),
        ("pass2", "first_sentence_negative", [{"at": L["first_sentence"], "i64": -1}], [DAMAGED]),
        ("pass2", "batch_sentences_overflow", [{"at": L["first_sentence"], "i64": INT64_MAX - 1}],
         [DAMAGED]),
        ("pass2", "batch_sentences_0", [{"at": L["batch_sentences"], "i64": 0}], [DAMAGED]),
        ("pass2", "batch_offsets_not_from_0", [{"at": L["batch_offset"](0), "i64": 1}], [DAMAGED]),
        ("pass2", "batch_offsets_decreasing", [{"at": L["batch_offset"](1), "i64": 5}], [DAMAGED]),
        ("pass2", "score_nan", [{"at": L["score"](1), "f64": nan()}], [DAMAGED]),
        # Scores outside [0, 1] (issue 9: accepted, then find_label_issues overflowed).
        ("pass2", "score_negative", [{"at": L["score"](0), "f64": -0.5}], [DAMAGED]),
        ("pass2", "score_above_1", [{"at": L["score"](2), "f64": 2.0}], [DAMAGED]),
        ("pass2", "score_inf", [{"at": L["score"](3), "f64": inf()}], [DAMAGED]),
        ("pass2", "flag_2", [{"at": L["flag"](0), "u8": 2}], [DAMAGED]),
    ]
    for base, what, edits, words in damages:
        words = [w for w in words if w not in ("ends early", "trailing", "signature", "pass")]
        words += [REASONS[what]] if what in REASONS else []
        add(p + "load/%s/%s" % (base, what), fam,
            (pass1 if base == "pass1" else pass2) +
            [load("s", edits, status=bad, message=words)])

    # Signed overflow (issue 9): three class counts that wrap around to the stored total
    # of 4 tokens (INT64_MAX + INT64_MAX + 6 = 4 modulo 2^64).
    L3 = layout(3)
    add(p + "load/pass1/class_tokens_overflow", fam, [
        create(k=3), update(labels=[0, 1, 2, 0], probs=[0.8, 0.1, 0.1] * 4, k=3),
        save("a", "s"),
        load("s", [{"at": L3["class_tokens"](0), "i64": INT64_MAX},
                   {"at": L3["class_tokens"](1), "i64": INT64_MAX},
                   {"at": L3["class_tokens"](2), "i64": 6}], status=bad,
             message=[DAMAGED, "counts overflow"])])

    # Count arithmetic on a loaded state with huge (consistent) pass-1 counts: merging it
    # with a copy of itself, or adding a token, must be refused, not wrap (issue 9).
    half = 2**62
    huge = [{"at": L["threshold_tokens"], "i64": INT64_MAX},
            {"at": L["class_tokens"](0), "i64": half}, {"at": L["class_tokens"](1), "i64": half - 1}]
    add(p + "merge/count_overflow", fam, pass1 + [
        load("s", huge, "b"),
        step("tq_inspector_clone", {"inspector": "b", "out_inspector": {"inspector": "c"}}),
        merge("b", "c", "TQ_ERR_INVALID_SIZE", ["%d + %d" % (INT64_MAX, INT64_MAX), "overflow"])])
    add(p + "update/count_overflow", fam, pass1 + [
        load("s", huge, "b"),
        update("b", status="TQ_ERR_INVALID_SIZE", message=["%d + 4" % INT64_MAX, "overflow"])])


# ----------------------------------------------------------------------------------------
# Text helpers
# ----------------------------------------------------------------------------------------

# Ill-formed UTF-8, each placed after "ab" in a text.
BAD_UTF8 = [
    ("overlong_2_bytes", "c0af"),
    ("overlong_3_bytes", "e080af"),
    ("surrogate", "eda080"),
    ("truncated", "e282"),
    ("stray_continuation", "80"),
    ("above_10ffff", "f4908080"),
    ("byte_ff", "ff"),
]


def text_out(capacity=64):
    return {"out_text": out(capacity), "capacity": capacity, "out_size": out(1)}


def text_cases():
    fam = "text"
    p = "text/get_sentence/"
    fn = "tq_get_sentence"
    WORDS = "Helloworld!"
    W_OFFSETS = [0, 5, 10, 11]

    def gargs(text=WORDS, offsets=W_OFFSETS, capacity=64, **kw):
        size = nbytes(text)
        a = {"text": text, "text_size": size, "word_offsets": offsets,
             "n_words": len(offsets) - 1}
        a.update(text_out(capacity))
        a.update(kw)
        return a

    for what, hx in BAD_UTF8:
        data = bytes.fromhex("48656c6c6f" + hx + "21")  # "Hello" + bad + "!"
        one(p + "utf8_" + what, fam, fn,
            gargs(text=hexbytes(data), offsets=[0, 5, len(data) - 1, len(data)]),
            "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
    # "é" split between two words: each word must be valid UTF-8 on its own.
    one(p + "utf8_split_character", fam, fn, gargs(text="\u00e9!", offsets=[0, 1, 3]),
        "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", SIZE)
    one(p + "word_offsets_decreasing", fam, fn, gargs(offsets=[0, 5, 4, 11]),
        "TQ_ERR_INVALID_OFFSETS", ["word_offsets[2] = 4"], "raw", SIZE)
    one(p + "word_offsets_past_text", fam, fn, gargs(offsets=[0, 5, 10, 12]),
        "TQ_ERR_INVALID_OFFSETS", ["word_offsets[3] = 12", "text_size = 11"], "raw", SIZE)
    one(p + "word_offsets_negative", fam, fn, gargs(offsets=[-1, 5, 10, 11]),
        "TQ_ERR_INVALID_OFFSETS", ["word_offsets[0] = -1"], "raw", SIZE)
    one(p + "text_null", fam, fn, gargs(text=None, text_size=11), "TQ_ERR_NULL_ARGUMENT",
        ["text", "NULL"], "raw", NULL)
    one(p + "word_offsets_null", fam, fn, dict(gargs(), word_offsets=None),
        "TQ_ERR_NULL_ARGUMENT", ["word_offsets", "NULL"], "raw", NULL)
    one(p + "out_size_null", fam, fn, gargs(out_size=None), "TQ_ERR_NULL_ARGUMENT",
        ["out_size", "NULL"], "raw", NULL)
    one(p + "out_text_null", fam, fn, gargs(out_text=None), "TQ_ERR_NULL_ARGUMENT",
        ["out_text", "NULL"], "raw", NULL)
    one(p + "n_words_negative", fam, fn, gargs(n_words=-1), "TQ_ERR_INVALID_SIZE",
        ["n_words = -1"], "raw", NEGATIVE)
    one(p + "text_size_negative", fam, fn, gargs(text_size=-1), "TQ_ERR_INVALID_SIZE",
        ["text_size = -1"], "raw", NEGATIVE)
    one(p + "capacity_negative", fam, fn, gargs(capacity=-1, out_text=out(0)),
        "TQ_ERR_INVALID_SIZE", ["capacity = -1"], "raw", NEGATIVE)
    # "Hello world!" is 12 bytes: 12 is one short (no room for the NUL).
    one(p + "capacity_too_small", fam, fn, gargs(capacity=12), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 12"], "raw", CAPACITY, written={"out_size": [12]})
    one(p + "capacity_0", fam, fn, gargs(capacity=0, out_text=None), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 0", "12 bytes"], "raw", CAPACITY, written={"out_size": [12]})

    p = "text/filter_sentences/"
    fn = "tq_filter_sentences"

    def fargs(text="one sentence#two", offsets=(0, 12, 16), **kw):
        size = nbytes(text)
        a = {"text": text, "text_size": size, "sentence_offsets": list(offsets),
             "n_sentences": len(offsets) - 1, "predicate": None, "user_data": None,
             "out_mask": out(len(offsets) - 1), "out_kept": out(len(offsets) - 1),
             "out_count": out(1)}
        a.update(kw)
        return a

    for what, hx in BAD_UTF8[:5]:
        data = b"ab" + bytes.fromhex(hx) + b"cd"
        one(p + "utf8_" + what, fam, fn, fargs(text=hexbytes(data), offsets=(0, 2, len(data))),
            "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
    one(p + "offsets_past_text", fam, fn, fargs(offsets=(0, 12, 17)), "TQ_ERR_INVALID_OFFSETS",
        ["sentence_offsets[2] = 17", "text_size = 16"], "raw", SIZE)
    one(p + "offsets_decreasing", fam, fn, fargs(offsets=(0, 12, 3)), "TQ_ERR_INVALID_OFFSETS",
        ["sentence_offsets[2] = 3"], "raw", SIZE)
    one(p + "out_count_null", fam, fn, fargs(out_count=None), "TQ_ERR_NULL_ARGUMENT",
        ["out_count", "NULL"], "raw", NULL)
    one(p + "n_sentences_negative", fam, fn, fargs(n_sentences=-1), "TQ_ERR_INVALID_SIZE",
        ["n_sentences = -1"], "raw", NEGATIVE)

    p = "text/process_token/"
    fn = "tq_process_token"

    def pargs(token="#tok", pairs=("#", ""), **kw):
        text = "".join(pairs)
        offs = [0]
        for x in pairs:
            offs.append(offs[-1] + len(x.encode()))
        a = {"token": token, "token_size": nbytes(token), "pairs_text": text,
             "pairs_text_size": len(text.encode()), "pair_offsets": offs,
             "n_pairs": len(pairs) // 2}
        a.update(text_out())
        a.update(kw)
        return a

    one(p + "empty_find_string", fam, fn, pargs(pairs=("#", "", "", "x")), "TQ_ERR_INVALID_VALUE",
        ["empty"])
    one(p + "utf8_token", fam, fn, pargs(token=hexbytes(b"a\xed\xa0\x80"), token_size=4),
        "TQ_ERR_INVALID_VALUE", ["token", "UTF-8"], "raw", UTF8)
    one(p + "utf8_pair", fam, fn,
        pargs(pairs_text=hexbytes(b"#\xc0\xaf"), pairs_text_size=3, pair_offsets=[0, 1, 3]),
        "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
    one(p + "pair_offsets_decreasing", fam, fn, pargs(pairs=("#", "x"), pair_offsets=[0, 1, 0]),
        "TQ_ERR_INVALID_OFFSETS", ["pair_offsets[2] = 0"], "raw", SIZE)
    one(p + "n_pairs_negative", fam, fn, pargs(n_pairs=-1), "TQ_ERR_INVALID_SIZE",
        ["n_pairs = -1"], "raw", NEGATIVE)
    one(p + "pair_offsets_null", fam, fn, pargs(pair_offsets=None), "TQ_ERR_NULL_ARGUMENT",
        ["pair_offsets", "NULL"], "raw", NULL)
    one(p + "capacity_too_small", fam, fn, pargs(capacity=3), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 3"], "raw", CAPACITY, written={"out_size": [3]})

    p = "text/map_labels/"
    fn = "tq_map_labels"

    def margs(labels=(0, 2, 1), maps=(0, 1, 1), **kw):
        a = {"labels": list(labels), "n_labels": len(labels), "maps": list(maps),
             "n_maps": len(maps), "out_labels": out(len(labels))}
        a.update(kw)
        return a

    one(p + "label_above_range", fam, fn, margs(labels=[0, 3, 1]), "TQ_ERR_INVALID_LABEL",
        ["labels[1] = 3", "n_maps = 3"])
    one(p + "label_negative", fam, fn, margs(labels=[0, 1, -1]), "TQ_ERR_INVALID_LABEL",
        ["labels[2] = -1"])
    one(p + "maps_null", fam, fn, dict(margs(), maps=None), "TQ_ERR_NULL_ARGUMENT", ["maps", "NULL"],
        "raw", NULL)
    one(p + "out_labels_null", fam, fn, margs(out_labels=None), "TQ_ERR_NULL_ARGUMENT",
        ["out_labels", "NULL"], "raw", NULL)
    one(p + "n_labels_negative", fam, fn, margs(n_labels=-1), "TQ_ERR_INVALID_SIZE",
        ["n_labels = -1"], "raw", NEGATIVE)

    for dtype in ("f32", "f64"):
        p = "text/merge_probs/%s/" % dtype
        fn = "tq_merge_probs_" + dtype

        def mpargs(probs=(0.5, 0.3, 0.2, 0.1, 0.1, 0.8), k=3, maps=(0, 1, 1), **kw):
            n = len(probs) // k
            merged = max(maps) + 1
            a = {"pred_probs": list(probs), "n_tokens": n, "n_classes": k, "maps": list(maps),
                 "n_merged_classes": merged, "out_probs": out(n * max(merged, 0))}
            a.update(kw)
            return a

        one(p + "map_below_minus_1", fam, fn, mpargs(maps=[0, -2, 1]), "TQ_ERR_INVALID_VALUE",
            ["maps[1] = -2"])
        one(p + "probability_nan", fam, fn, mpargs(probs=[0.5, 0.3, 0.2, 0.1, nan(), 0.8]),
            "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[1][1]", "NaN"])
        one(p + "no_kept_mass", fam, fn, mpargs(probs=[0.5, 0.5, 0.0, 0.0, 0.0, 1.0],
                                                maps=[0, 1, -1]),
            "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[1]", "kept mass 0"])
        one(p + "n_merged_classes_wrong", fam, fn, mpargs(n_merged_classes=3, out_probs=out(6)),
            "TQ_ERR_INVALID_SIZE", ["n_merged_classes = 3"], "raw", SIZE)
        one(p + "n_tokens_negative", fam, fn, mpargs(n_tokens=-1), "TQ_ERR_INVALID_SIZE",
            ["n_tokens = -1"], "raw", NEGATIVE)
        n_big = INT64_MAX // 3 + 1
        one(p + "matrix_size_overflows", fam, fn, mpargs(n_tokens=n_big), "TQ_ERR_INVALID_SIZE",
            [str(n_big)], "raw", SIZE)
        one(p + "maps_null", fam, fn, dict(mpargs(), maps=None), "TQ_ERR_NULL_ARGUMENT",
            ["maps", "NULL"], "raw", NULL)
    one("text/merge_probs/f64/all_dropped", fam, "tq_merge_probs_f64",
        {"pred_probs": [0.5, 0.5], "n_tokens": 1, "n_classes": 2, "maps": [-1, -1],
         "n_merged_classes": 0, "out_probs": out(0)},
        "TQ_ERR_INVALID_VALUE", ["maps"])

    p = "text/replace_word/"
    fn = "tq_replace_word"

    def rargs(sentence="This is a sentence.", word="sentence", new_word="word", **kw):
        a = {}
        for name, value in (("sentence", sentence), ("word", word), ("new_word", new_word)):
            a[name] = value
            a[name + "_size"] = nbytes(value)
        a.update(text_out())
        a.update(kw)
        return a

    for arg, (what, hx) in zip(("sentence", "word", "new_word", "sentence"),
                               (BAD_UTF8[2], BAD_UTF8[0], BAD_UTF8[3], BAD_UTF8[4])):
        one(p + "utf8_%s_%s" % (arg, what), fam, fn,
            rargs(**{arg: hexbytes(b"sent" + bytes.fromhex(hx))}),
            "TQ_ERR_INVALID_VALUE", [arg, "UTF-8"], "raw", UTF8)
    one(p + "sentence_size_negative", fam, fn, rargs(sentence_size=-1), "TQ_ERR_INVALID_SIZE",
        ["sentence_size = -1"], "raw", NEGATIVE)
    one(p + "word_null", fam, fn, dict(rargs(), word=None), "TQ_ERR_NULL_ARGUMENT", ["word", "NULL"],
        "raw", NULL)
    one(p + "capacity_too_small", fam, fn, rargs(capacity=15), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 15"], "raw", CAPACITY, written={"out_size": [15]})

    p = "text/color_sentence/"
    fn = "tq_color_sentence"

    def cargs(**kw):
        a = rargs()
        del a["new_word"], a["new_word_size"]
        a.update(before="<b>", after="</b>")
        a.update(kw)
        return a

    one(p + "utf8_before", fam, fn, cargs(before=hexbytes(b"<\xe2\x82")),
        "TQ_ERR_INVALID_VALUE", ["before", "UTF-8"], "raw", UTF8)
    one(p + "utf8_after", fam, fn, cargs(after=hexbytes(b"\xf5\x80\x80\x80")),
        "TQ_ERR_INVALID_VALUE", ["after", "UTF-8"], "raw", UTF8)
    one(p + "utf8_sentence", fam, fn, cargs(sentence=hexbytes(b"\xc1\xbf"), sentence_size=2),
        "TQ_ERR_INVALID_VALUE", ["sentence", "UTF-8"], "raw", UTF8)
    one(p + "capacity_too_small", fam, fn, cargs(capacity=1), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 1"], "raw", CAPACITY, written={"out_size": [26]})

    p = "text/format_token_scores/"
    fn = "tq_format_token_scores"

    def tsargs(scores=(0.5, 0.25, 1.0), **kw):
        a = {"text": WORDS, "text_size": 11, "word_offsets": W_OFFSETS, "n_words": 3,
             "scores": list(scores)}
        a.update(text_out())
        a.update(kw)
        return a

    one(p + "score_nan", fam, fn, tsargs(scores=[0.5, nan(), 1.0]), "TQ_ERR_INVALID_VALUE",
        ["scores[1] = nan", "not finite"])
    one(p + "score_inf", fam, fn, tsargs(scores=[0.5, 0.25, inf()]), "TQ_ERR_INVALID_VALUE",
        ["scores[2]", "inf"])
    one(p + "score_minus_inf", fam, fn, tsargs(scores=[float("-inf"), 0.25, 1.0]),
        "TQ_ERR_INVALID_VALUE", ["scores[0]", "-inf"])
    one(p + "utf8_text", fam, fn, tsargs(text=hexbytes(b"Hello\xe0\x80\xaf!!!!!")),
        "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
    one(p + "scores_null", fam, fn, dict(tsargs(), scores=None), "TQ_ERR_NULL_ARGUMENT",
        ["scores", "NULL"], "raw", NULL)
    one(p + "capacity_too_small", fam, fn, tsargs(capacity=10), "TQ_ERR_BUFFER_TOO_SMALL",
        ["capacity = 10"], "raw", CAPACITY, written={"out_size": [27]})

    for dtype in ("f32", "f64"):
        p = "text/subword_to_word_probs/%s/" % dtype
        fn = "tq_subword_to_word_probs_" + dtype
        SUB = [0.5, 0.5, 0.9, 0.1, 0.2, 0.8, 0.3, 0.7]  # 4 subwords, 2 classes

        def swargs(begin=(0, 1), end=(1, 4), weights=None, **kw):
            a = {"subword_probs": SUB, "n_subwords": 4, "n_classes": 2,
                 "word_begin": list(begin), "word_end": list(end), "n_words": len(begin),
                 "weights": weights, "n_weights": len(weights) if weights else 0,
                 "out_word_probs": out(2 * len(begin))}
            a.update(kw)
            return a

        one(p + "empty_range", fam, fn, swargs(begin=[0, 2], end=[1, 2]),
            "TQ_ERR_INVALID_OFFSETS", ["word_begin[1] = 2", "word_end[1] = 2"])
        one(p + "range_past_subwords", fam, fn, swargs(end=[1, 5]), "TQ_ERR_INVALID_OFFSETS",
            ["word_end[1] = 5", "n_subwords = 4"])
        one(p + "range_reversed", fam, fn, swargs(begin=[0, 3], end=[1, 2]),
            "TQ_ERR_INVALID_OFFSETS", ["word_begin[1] = 3"])
        one(p + "weight_negative", fam, fn, swargs(weights=[1.0, 1.0, -1.0, 1.0]),
            "TQ_ERR_INVALID_VALUE", ["weights[2] = -1"])
        one(p + "weight_nan", fam, fn, swargs(weights=[nan(), 1.0, 1.0, 1.0]),
            "TQ_ERR_INVALID_VALUE", ["weights[0] = nan"])
        one(p + "weights_sum_0", fam, fn, swargs(weights=[1.0, 0.0, 0.0, 0.0]),
            "TQ_ERR_INVALID_VALUE", ["word 1"])
        one(p + "weights_too_few", fam, fn, swargs(weights=[1.0, 1.0, 1.0]),
            "TQ_ERR_INVALID_SIZE", ["n_weights = 3", "4"])
        one(p + "probability_nan", fam, fn,
            swargs(subword_probs=with_value(SUB, 5, nan())), "TQ_ERR_INVALID_PROBABILITY",
            ["[2][1]", "NaN"])
        one(p + "matrix_size_overflows", fam, fn, swargs(n_subwords=INT64_MAX // 2 + 1),
            "TQ_ERR_INVALID_SIZE", [str(INT64_MAX // 2 + 1)], "raw", SIZE)
        one(p + "begin_negative", fam, fn, swargs(begin=[-1, 1]), "TQ_ERR_INVALID_OFFSETS",
            ["word_begin[0] = -1"], "raw", INDEX)
        one(p + "weights_null", fam, fn, swargs(n_weights=4), "TQ_ERR_NULL_ARGUMENT",
            ["weights", "NULL"], "raw", NULL)
        one(p + "n_words_negative", fam, fn, swargs(n_words=-1), "TQ_ERR_INVALID_SIZE",
            ["n_words = -1"], "raw", NEGATIVE)


# ----------------------------------------------------------------------------------------
# Summaries: tq_format_issues_*, tq_common_label_issues_*, tq_format_common_label_issues_*,
# tq_filter_by_token
# ----------------------------------------------------------------------------------------

S_OFFSETS = [0, 3, 5]
S_TOKENS = ["An", "sentence", "with", "a", "typo"]
S_PROBS = [0.9, 0.1, 0.3, 0.7, 0.6, 0.4, 0.2, 0.8, 0.5, 0.5]
S_LABELS = [1, 1, 0, 1, 0]


def token_list(tokens):
    offs = [0]
    for t in tokens:
        offs.append(offs[-1] + len(t.encode()))
    return "".join(tokens), offs


def summary_args(issue_sentences=(0, 1), issue_tokens=(0, 1), labels=S_LABELS,
                 probs=S_PROBS, k=K, tokens=S_TOKENS, offsets=S_OFFSETS, exclude=None):
    text, toffs = token_list(tokens)
    return {"offsets": offsets, "n_sentences": len(offsets) - 1, "token_text": text,
            "text_size": len(text.encode()), "token_offsets": toffs, "n_tokens": len(tokens),
            "issue_sentences": list(issue_sentences),
            "issue_tokens": None if issue_tokens is None else list(issue_tokens),
            "n_issues": len(issue_sentences), "labels": labels, "pred_probs": probs,
            "n_classes": k, "exclude": exclude, "n_exclude": len(exclude or ()) // 2}


# The length of the text of summary_args() (default options), for TQ_ERR_BUFFER_TOO_SMALL.
FORMATTED_SIZE = {"format_issues": 436, "format_common_label_issues": 602}


def summary_cases():
    fam = "summary"
    formats = [
        ("format_issues", lambda d: "tq_format_issues_" + d, True),
        ("common_label_issues", lambda d: "tq_common_label_issues_" + d, False),
        ("format_common_label_issues", lambda d: "tq_format_common_label_issues_" + d, True),
    ]
    for short, name, is_text in formats:
        for dtype in ("f32", "f64"):
            fn = name(dtype)
            p = "summary/%s/%s/" % (short, dtype)

            def args(**kw):
                a = summary_args(**{k: v for k, v in kw.items() if k in (
                    "issue_sentences", "issue_tokens", "labels", "probs", "k", "tokens",
                    "offsets", "exclude")})
                n = len(a["issue_sentences"])
                if is_text:
                    a.update(class_names=None, class_names_size=0, class_name_offsets=None,
                             options=None)
                    a.update(text_out(4096))
                else:
                    a.update(out_word_tokens=out(n), out_given=out(n), out_predicted=out(n),
                             out_counts=out(n), out_count=out(1))
                a.update({k: v for k, v in kw.items() if k in a and k not in (
                    "issue_sentences", "issue_tokens", "labels", "offsets", "exclude")})
                return a

            one(p + "issue_sentence_past_end", fam, fn, args(issue_sentences=[0, 2]),
                "TQ_ERR_INVALID_VALUE", ["issue_sentences[1] = 2"])
            one(p + "issue_token_past_sentence", fam, fn, args(issue_tokens=[3, 1]),
                "TQ_ERR_INVALID_VALUE", ["issue_tokens[0] = 3"])
            one(p + "label_above_range", fam, fn, args(labels=[1, 1, 0, 2, 0]),
                "TQ_ERR_INVALID_LABEL", ["labels[3] = 2"])
            one(p + "probability_nan", fam, fn, args(probs=with_value(S_PROBS, 9, nan())),
                "TQ_ERR_INVALID_PROBABILITY", ["pred_probs[4][1]", "NaN"])
            one(p + "exclude_class_out_of_range", fam, fn, args(exclude=[0, 1, 1, 5]),
                "TQ_ERR_INVALID_LABEL", ["exclude", "5"])
            one(p + "offsets_past_n_tokens", fam, fn, args(offsets=[0, 3, 6]),
                "TQ_ERR_INVALID_OFFSETS", ["= 6", "n_tokens = 5"])
            if dtype == "f32":
                continue
            one(p + "issue_sentence_negative", fam, fn, args(issue_sentences=[-1, 1]),
                "TQ_ERR_INVALID_VALUE", ["issue_sentences[0] = -1"], "raw", INDEX)
            one(p + "matrix_size_overflows", fam, fn, args(n_classes=INT64_MAX // 5 + 1),
                "TQ_ERR_INVALID_SIZE", [str(INT64_MAX // 5 + 1)], "raw", SIZE)
            one(p + "n_issues_negative", fam, fn, args(n_issues=-1), "TQ_ERR_INVALID_SIZE",
                ["n_issues = -1"], "raw", NEGATIVE)
            text, toffs = token_list(S_TOKENS)
            one(p + "token_offsets_decreasing", fam, fn,
                args(token_offsets=[0, 2, 1, 14, 15, 19]), "TQ_ERR_INVALID_OFFSETS",
                ["token_offsets[2] = 1"], "raw", SIZE)
            one(p + "utf8_token_text", fam, fn,
                args(token_text=hexbytes(text.encode()[:14] + b"\xed\xbf\xbf" + b"typo"),
                     text_size=21, token_offsets=[0, 2, 10, 14, 17, 21]),
                "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
            if is_text:
                one(p + "top_negative", fam, fn, args(options={"top": -1}),
                    "TQ_ERR_INVALID_OPTION", ["options->top = -1"], "raw", UNSIGNED)
                one(p + "struct_size_0", fam, fn, args(options={"struct_size": 0}),
                    "TQ_ERR_INVALID_STRUCT_SIZE", ["options->struct_size = 0"], "raw", STRUCT)
                one(p + "utf8_class_name", fam, fn,
                    args(class_names=hexbytes(b"O\xc0\x80"), class_names_size=3,
                         class_name_offsets=[0, 1, 3]),
                    "TQ_ERR_INVALID_VALUE", ["UTF-8"], "raw", UTF8)
                one(p + "capacity_too_small", fam, fn, args(capacity=8, out_text=out(8)),
                    "TQ_ERR_BUFFER_TOO_SMALL", ["capacity = 8"], "raw", CAPACITY,
                    written={"out_size": [FORMATTED_SIZE[short]]})
                one(p + "out_size_null", fam, fn, args(out_size=None), "TQ_ERR_NULL_ARGUMENT",
                    ["out_size", "NULL"], "raw", NULL)
            else:
                one(p + "out_counts_null", fam, fn, args(out_counts=None),
                    "TQ_ERR_NULL_ARGUMENT", ["out_counts", "NULL"], "raw", NULL)
    one("summary/format_issues/f64/highlight_utf8", fam, "tq_format_issues_f64",
        dict(summary_args(), class_names=None, class_names_size=0, class_name_offsets=None,
             options={"highlight_before": hexbytes(b"\xe2\x28\xa1")}, **text_out(4096)),
        "TQ_ERR_INVALID_VALUE", ["highlight_before", "UTF-8"], "raw", UTF8)
    one("summary/format_issues/f64/exclude_null", fam, "tq_format_issues_f64",
        dict(summary_args(), exclude=None, n_exclude=1, class_names=None, class_names_size=0,
             class_name_offsets=None, options=None, **text_out(4096)),
        "TQ_ERR_NULL_ARGUMENT", ["exclude", "NULL"], "raw", NULL)
    one("summary/format_issues/f64/labels_with_0_classes", fam, "tq_format_issues_f64",
        dict(summary_args(probs=None, k=0), class_names=None, class_names_size=0,
             class_name_offsets=None, options=None, **text_out(4096)),
        "TQ_ERR_INVALID_SIZE", ["n_classes = 0"], "raw", SIZE)
    one("summary/format_issues/f64/class_name_offsets_past_text", fam, "tq_format_issues_f64",
        dict(summary_args(), class_names="OX", class_names_size=2, class_name_offsets=[0, 1, 3],
             options=None, **text_out(4096)),
        "TQ_ERR_INVALID_OFFSETS", ["class_name_offsets[2] = 3"], "raw", SIZE)
    # Sentence issues (issue_tokens NULL) are only for tq_format_issues_*.
    for dtype in ("f32", "f64"):
        one("summary/common_label_issues/%s/sentence_issues" % dtype, fam,
            "tq_common_label_issues_" + dtype,
            dict(summary_args(issue_tokens=None), out_word_tokens=out(2), out_given=out(2),
                 out_predicted=out(2), out_counts=out(2), out_count=out(1)),
            "TQ_ERR_NULL_ARGUMENT", ["issue_tokens", "NULL"])

    fn = "tq_filter_by_token"
    p = "summary/filter_by_token/"

    def fbargs(word="an", **kw):
        a = summary_args()
        for key in ("labels", "pred_probs", "n_classes", "exclude", "n_exclude"):
            del a[key]
        a.update(word=word, word_size=nbytes(word),
                 out_sentences=out(2), out_tokens=out(2), out_count=out(1))
        a.update(kw)
        return a

    one(p + "issue_sentence_past_end", fam, fn, fbargs(issue_sentences=[0, 7]),
        "TQ_ERR_INVALID_VALUE", ["issue_sentences[1] = 7"])
    one(p + "issue_token_past_sentence", fam, fn, fbargs(issue_tokens=[0, 2]),
        "TQ_ERR_INVALID_VALUE", ["issue_tokens[1] = 2"])
    one(p + "utf8_word", fam, fn, fbargs(word=hexbytes(b"a\x80")), "TQ_ERR_INVALID_VALUE",
        ["word", "UTF-8"], "raw", UTF8)
    one(p + "word_null", fam, fn, dict(fbargs(), word=None), "TQ_ERR_NULL_ARGUMENT",
        ["word", "NULL"], "raw", NULL)
    one(p + "issue_tokens_null", fam, fn, fbargs(issue_tokens=None), "TQ_ERR_NULL_ARGUMENT",
        ["issue_tokens", "NULL"], "raw", NULL)
    one(p + "n_issues_negative", fam, fn, fbargs(n_issues=-1), "TQ_ERR_INVALID_SIZE",
        ["n_issues = -1"], "raw", NEGATIVE)


def options_init_cases():
    for name in ("score", "find", "inspector", "format_issues", "common_issues"):
        fn = "tq_%s_options_init" % name
        one("options/%s_options_init_null" % name, "options", fn, {"options": None},
            "TQ_ERR_NULL_ARGUMENT", ["options", "NULL"], "raw", NULL)


# ----------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------

FORMAT = (
    "The bad-input matrix of the tokqual C API: each case is a list of calls (steps), "
    "each with arguments by C parameter name, the status it must return and words its "
    "tq_last_error_message() must contain. Described in tests/conformance/README.md "
    "(section bad_inputs.json); generated by generate_bad_inputs.py.")


def build():
    CASES.clear()
    scores_cases()
    aggregate_cases()
    issues_cases()
    find_cases()
    inspector_cases()
    text_cases()
    summary_cases()
    options_init_cases()
    return {"format": FORMAT, "version": FORMAT_VERSION, "sentinel_byte": 0xA5,
            "cases": CASES}


def dump(data):
    """One case per line, so that a diff shows which cases changed."""
    lines = ["{"]
    for key in ("format", "version", "sentinel_byte"):
        lines.append("  %s: %s," % (json.dumps(key), json.dumps(data[key])))
    lines.append('  "cases": [')
    cases = [json.dumps(c, ensure_ascii=True, allow_nan=False) for c in data["cases"]]
    lines.append(",\n".join("    " + c for c in cases))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the stored file instead of writing it")
    args = parser.parse_args()
    text = dump(build())
    if args.check:
        with open(OUTPUT, encoding="utf-8") as f:
            if f.read() != text:
                print("bad_inputs.json is out of date: run generate_bad_inputs.py", file=sys.stderr)
                return 1
        print("bad_inputs.json is up to date (%d cases)" % len(CASES))
        return 0
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s (%d cases)" % (OUTPUT, len(CASES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

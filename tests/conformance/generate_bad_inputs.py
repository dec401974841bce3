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
            "TQ_ERR_INVALID_LABEL", ["1"])
        one(p + "one_label_predicted_neq_given", fam, fn,
            args(labels=[0, 0, 0, 0], options={"filter_by": "TQ_PREDICTED_NEQ_GIVEN"}),
            "TQ_ERR_INVALID_LABEL", ["0"])
        for what, index, value, words in BAD_PROBABILITIES:
            if index >= len(F_PROBS) or what not in ("nan", "inf", "below_0", "above_1"):
                continue
            one(p + "probability_" + what, fam, fn, args(probs=with_value(F_PROBS, index, value)),
                "TQ_ERR_INVALID_PROBABILITY", words)
        one(p + "offsets_not_starting_at_0", fam, fn, args(offsets=[2, 2, 4]),
            "TQ_ERR_INVALID_OFFSETS", ["offsets[0] = 2"])
        one(p + "offsets_past_n_tokens", fam, fn, args(offsets=[0, 2, 9]),
            "TQ_ERR_INVALID_OFFSETS", ["= 9", "n_tokens = 4"])
        one(p + "n_classes_46341", fam, fn,
            args(offsets=[0, 1], labels=[0], probs=[1.0] + [0.0] * 46340, k=46341),
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
            if dtype == "f64":
                one(p + "n_classes_46341", fam, fn,
                    a(labels=[0], probs=[1.0] + [0.0] * 46340, k=46341, **(
                        {"out_joint": out(0)} if short == "joint" else {})),
                    "TQ_ERR_INVALID_SIZE", ["n_classes = 46341"])
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
    one("find/joint/f64/calibrate_2", fam, "tq_confident_joint_f64",
        dict(sargs(), calibrate=2, out_joint=out(4)), "TQ_ERR_INVALID_OPTION",
        ["calibrate = 2"], "raw", UNSIGNED)
    one("find/num_issues/f64/method_2", fam, "tq_num_label_issues_f64",
        dict(sargs(), method=2, out_count=out(1)), "TQ_ERR_INVALID_OPTION",
        ["method = 2"], "raw", ENUM)
    one("find/num_issues/f32/one_label_not_0", fam, "tq_num_label_issues_f32",
        dict(sargs(labels=[1, 1, 1, 1]), method="TQ_OFF_DIAGONAL", out_count=out(1)),
        "TQ_ERR_INVALID_LABEL", ["1"])


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
    issues_cases()
    find_cases()
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

"""Live cross-check: libtokqual (through ctypes) against cleanlab 2.9.0 on fresh random data.

Run from the repository root:

    TOKQUAL_LIB=build/libtokqual.so python3 -m pytest -q tests/live
    TOKQUAL_LIVE_SEED=12345 python3 -m pytest -q tests/live     # reproduce a failure

Environment:
    TOKQUAL_LIB          path of the shared library (default <repo>/build/libtokqual.so)
    TOKQUAL_REQUIRE_LIB  "1": fail, rather than skip, when the library cannot be found
    TOKQUAL_LIVE_SEED    seed of the random cases (default: derived from the clock);
                         the seed is printed and appears in every failure message

Checked: sentence and token scores for every token method x {min, softmin at
temperatures 0, 1e-4, 0.05, 1, 10, inf}, float32 and float64 input, within 1e-12 of
cleanlab (float32 input: cleanlab runs on the same values converted to float64);
bitwise-identical results for n_threads 1, 2 and 0; issue lists against
cleanlab.token_classification.rank.issues_from_scores under tokqual's tie rule (ascending
score, ties by position); and a few error cases (status, message, untouched buffers).
"""

import math
import os
import re
import sys
import time

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokqual_ctypes as tqc  # noqa: E402

cleanlab = pytest.importorskip("cleanlab")
from cleanlab.token_classification.rank import (  # noqa: E402
    get_label_quality_scores as cl_scores, issues_from_scores as cl_issues)

TOL = 1e-12
N_CASES = 30
TOKEN_METHODS = list(tqc.TOKEN_METHODS)
SENTENCE_CONFIGS = [("min", None)] + [("softmin", t)
                                      for t in (0.0, 1e-4, 0.05, 1.0, 10.0, math.inf)]
CLASS_COUNTS = (2, 3, 5, 9, 17, 50)


def _seed():
    env = os.environ.get("TOKQUAL_LIVE_SEED")
    if env:
        return int(env)
    return int(time.time() * 1000) % (2 ** 31)


SEED = _seed()
print(f"\n[tokqual live] TOKQUAL_LIVE_SEED={SEED}", file=sys.stderr)


@pytest.fixture(autouse=True)
def _print_seed():
    # Shown in the "Captured stdout" section of any failing test.
    print(f"TOKQUAL_LIVE_SEED={SEED}")
    yield


def _tag(case_id, extra=""):
    return f"(TOKQUAL_LIVE_SEED={SEED}, case {case_id}{', ' + extra if extra else ''})"


# --------------------------------------------------------------------------------------
# Library fixture
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tq():
    env_path = os.environ.get("TOKQUAL_LIB")
    path = env_path or tqc.DEFAULT_LIB
    if not os.path.exists(path):
        msg = (f"libtokqual not found at {path} (set TOKQUAL_LIB, or build it into "
               f"{tqc.DEFAULT_LIB})")
        if env_path or os.environ.get("TOKQUAL_REQUIRE_LIB") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return tqc.load(path)


# --------------------------------------------------------------------------------------
# Random cases
# --------------------------------------------------------------------------------------

def _rows(rng, n, k):
    """Probability rows in a mix of styles, including exact zeros and ones."""
    out = np.empty((n, k))
    style = rng.integers(0, 5, size=n)
    for i in range(n):
        s = style[i]
        if s <= 1:   # model-like softmax
            z = rng.normal(0, rng.uniform(0.3, 3.0), size=k)
            z[rng.integers(k)] += rng.uniform(0, 6)
            e = np.exp(z - z.max())
            out[i] = e / e.sum()
        elif s == 2:  # sparse: many values near 0, some exactly 0 after rounding
            out[i] = rng.dirichlet(np.full(k, 0.08))
        elif s == 3:  # flat
            out[i] = rng.dirichlet(np.full(k, 3.0))
        else:         # exact zeros / one-hot
            if rng.random() < 0.5:
                out[i] = 0.0
                out[i, rng.integers(k)] = 1.0
            else:
                r = rng.dirichlet(np.ones(k))
                r[rng.random(k) < 0.5] = 0.0
                out[i] = r
    # Duplicated rows: ties.
    n_dup = int(rng.integers(0, n // 3 + 1))
    if n_dup and n > 1:
        src = rng.integers(0, n, size=n_dup)
        dst = rng.integers(0, n, size=n_dup)
        out[dst] = out[src]
    return out


def make_case(case_id):
    """A random case; deterministic in (SEED, case_id)."""
    rng = np.random.default_rng([SEED, case_id])
    k = int(rng.choice(CLASS_COUNTS))
    n_sent = int(rng.integers(1, 25))
    if rng.random() < 0.2:
        lengths = np.ones(n_sent, dtype=np.int64)               # single-token sentences
    else:
        lengths = rng.integers(1, 41, size=n_sent)
    # Duplicated sentences (tied sentence scores) in some cases.
    n = int(lengths.sum())
    probs = _rows(rng, n, k)
    labels = probs.argmax(axis=1)
    flip = rng.random(n) < rng.uniform(0.0, 0.5)
    labels = np.where(flip, (labels + rng.integers(1, k, size=n)) % k, labels)
    if n_sent >= 4 and rng.random() < 0.5:
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        a, b = rng.choice(n_sent, size=2, replace=False)
        if lengths[a] == lengths[b]:
            probs[offsets[b]:offsets[b + 1]] = probs[offsets[a]:offsets[a + 1]]
            labels[offsets[b]:offsets[b + 1]] = labels[offsets[a]:offsets[a + 1]]
    # Slightly outside [0, 1] (cleanlab tolerates 1e-6) in some cases: no entropy then.
    outside = rng.random() < 0.15
    if outside:
        m = rng.random(probs.shape) < 0.1
        probs = np.where(m & (probs == 0.0), -rng.uniform(0, 9e-7, probs.shape), probs)
        probs = np.where(m & (probs == 1.0), 1.0 + rng.uniform(0, 9e-7, probs.shape), probs)
        probs[0, 0] = -5e-7
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    methods = TOKEN_METHODS if not outside else ["self_confidence", "normalized_margin"]
    return offsets, labels.astype(np.int32), probs, k, methods


def _nested(flat, offsets):
    return [flat[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


def cleanlab_reference(offsets, labels, probs64, method, sentence_method, temperature):
    kwargs = {}
    if sentence_method == "softmin":
        kwargs["sentence_score_kwargs"] = {"temperature": temperature}
    sent, tok = cl_scores([list(map(int, l)) for l in _nested(labels, offsets)],
                          _nested(probs64, offsets), token_score_method=method,
                          sentence_score_method=sentence_method, **kwargs)
    return (np.asarray(sent, dtype=np.float64),
            np.concatenate([np.asarray(t, dtype=np.float64) for t in tok]))


def expected_sentence_issues(scores, threshold):
    """cleanlab's set, ordered by (score, index); all sentences when cleanlab raises."""
    try:
        got = [int(i) for i in cl_issues(scores, threshold=threshold)]
    except IndexError:   # cleanlab 2.9.0: every sentence below the threshold
        got = list(range(len(scores)))
    exp = sorted(got, key=lambda i: (scores[i], i))
    assert set(exp) == {i for i, s in enumerate(scores) if s < threshold}
    return exp


def expected_token_issues(token_scores, offsets, threshold):
    nested = [list(map(float, s)) for s in _nested(token_scores, offsets)]
    got = [(int(i), int(j)) for i, j in
           cl_issues(np.zeros(len(nested)), token_scores=nested, threshold=threshold)]
    stable = sorted(((i, j) for i, s in enumerate(nested) for j, v in enumerate(s)
                     if v < threshold), key=lambda ij: (nested[ij[0]][ij[1]], ij))
    assert got == stable
    return got


def _bits(a):
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------

def test_version_matches_header(tq):
    header = open(os.path.join(tqc.REPO_ROOT, "include", "tokqual", "tokqual.h")).read()
    parts = [int(re.search(rf"#define TQ_VERSION_{p} (\d+)", header).group(1))
             for p in ("MAJOR", "MINOR", "PATCH")]
    assert tq.version() == "{}.{}.{}".format(*parts)
    assert tq.version_number() == parts[0] * 10000 + parts[1] * 100 + parts[2]


def test_score_options_init(tq):
    opts = tqc.ScoreOptions()
    assert tq.lib.tq_score_options_init(opts) == tqc.TQ_OK
    assert opts.struct_size == 32 == tqc.ctypes.sizeof(tqc.ScoreOptions)
    assert opts.token_method == 0 and opts.sentence_method == 0
    assert opts.temperature == 0.05 and opts.n_threads == 0
    assert tq.lib.tq_score_options_init(None) == tqc.TQ_ERR_NULL_ARGUMENT


@pytest.mark.parametrize("case_id", range(N_CASES))
def test_scores_and_issues_match_cleanlab(tq, case_id):
    offsets, labels, probs, k, methods = make_case(case_id)
    n_sent, n_tok = len(offsets) - 1, len(labels)
    for dtype in (np.float64, np.float32):
        stored = probs.astype(dtype)
        ref_input = stored.astype(np.float64)
        for method in methods:
            cl_min_sent = cl_tok = None
            for sentence_method, temperature in SENTENCE_CONFIGS:
                where = _tag(case_id, f"K={k}, {n_sent} sentences, {n_tok} tokens, "
                             f"{np.dtype(dtype).name}, {method}, {sentence_method}, "
                             f"T={temperature}")
                ref_sent, ref_tok = cleanlab_reference(offsets, labels, ref_input, method,
                                                       sentence_method, temperature)
                assert np.all(np.isfinite(ref_sent)), where
                results = {}
                for n_threads in (1, 2, 0):
                    results[n_threads] = tq.label_quality_scores(
                        offsets, labels, stored, token_method=method,
                        sentence_method=sentence_method,
                        temperature=0.05 if temperature is None else temperature,
                        n_threads=n_threads)
                sent, tok = results[1]
                d_sent = np.max(np.abs(sent - ref_sent))
                d_tok = np.max(np.abs(tok - ref_tok))
                assert d_sent <= TOL, f"sentence scores differ by {d_sent} {where}"
                assert d_tok <= TOL, f"token scores differ by {d_tok} {where}"
                for n_threads in (2, 0):
                    s2, t2 = results[n_threads]
                    assert np.array_equal(_bits(s2), _bits(sent)), \
                        f"n_threads={n_threads} changes sentence scores {where}"
                    assert np.array_equal(_bits(t2), _bits(tok)), \
                        f"n_threads={n_threads} changes token scores {where}"
                # token_scores = NULL gives the same sentence scores.
                s3, t3 = tq.label_quality_scores(
                    offsets, labels, stored, token_method=method,
                    sentence_method=sentence_method,
                    temperature=0.05 if temperature is None else temperature,
                    with_token_scores=False)
                assert t3 is None and np.array_equal(_bits(s3), _bits(sent)), where
                if sentence_method == "min":
                    cl_min_sent, cl_tok = ref_sent, ref_tok

            # Issues, from cleanlab's own scores (so this checks only the ranking).
            thresholds = [0.1, 0.5, 1.01, float(np.median(cl_min_sent)),
                          float(cl_tok[len(cl_tok) // 2]), -1.0]
            for t in thresholds:
                where = _tag(case_id, f"{np.dtype(dtype).name}, {method}, threshold={t!r}")
                got = tq.issues_from_sentence_scores(cl_min_sent, threshold=t)
                assert got.tolist() == expected_sentence_issues(cl_min_sent, t), where
                got_tok = tq.issues_from_token_scores(offsets, cl_tok, threshold=t)
                assert [tuple(r) for r in got_tok.tolist()] == \
                    expected_token_issues(cl_tok, offsets, t), where


def test_defaults_null_options(tq):
    """options = NULL means self_confidence + min."""
    offsets, labels, probs, k, _ = make_case(1000)
    ref_sent, ref_tok = cleanlab_reference(offsets, labels, probs, "self_confidence",
                                           "min", None)
    sent = np.empty(len(offsets) - 1)
    tok = np.empty(len(labels))
    st = tq.label_quality_scores_raw(offsets, labels, probs, k, None, sent, tok)
    assert st == tqc.TQ_OK, tq.last_error_message()
    assert np.max(np.abs(sent - ref_sent)) <= TOL and np.max(np.abs(tok - ref_tok)) <= TOL


def test_thread_counts_bitwise_identical_on_larger_input(tq):
    """Enough sentences for the work to be split between threads."""
    rng = np.random.default_rng([SEED, 2000])
    lengths = rng.integers(1, 28, size=1500)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    n, k = int(offsets[-1]), 9
    probs = rng.dirichlet(np.full(k, 0.3), size=n).astype(np.float32)
    labels = probs.argmax(axis=1).astype(np.int32)
    labels[rng.random(n) < 0.1] = rng.integers(0, k)
    for method in TOKEN_METHODS:
        ref_sent, ref_tok = cleanlab_reference(offsets, labels, probs.astype(np.float64),
                                               method, "softmin", 0.05)
        base = None
        for n_threads in (1, 2, 0, 3):
            sent, tok = tq.label_quality_scores(offsets, labels, probs, token_method=method,
                                                sentence_method="softmin", temperature=0.05,
                                                n_threads=n_threads)
            if base is None:
                base = (sent, tok)
                assert np.max(np.abs(sent - ref_sent)) <= TOL, _tag(2000, method)
                assert np.max(np.abs(tok - ref_tok)) <= TOL, _tag(2000, method)
            else:
                assert np.array_equal(_bits(sent), _bits(base[0])), _tag(2000, method)
                assert np.array_equal(_bits(tok), _bits(base[1])), _tag(2000, method)


# ---- errors --------------------------------------------------------------------------

SENTINEL = -12345.678


def _call_expect(tq, status, offsets, labels, probs, k, options=None):
    """Call with sentinel-filled buffers; check the status, message and untouched buffers."""
    sent = np.full(len(offsets) - 1, SENTINEL)
    tok = np.full(len(labels), SENTINEL)
    got = tq.label_quality_scores_raw(offsets, labels, probs, k, options, sent, tok)
    msg = tq.last_error_message()
    assert got == status, f"status {got} ({tq.status_string(got)}), expected {status}: {msg}"
    assert msg != "", "empty tq_last_error_message after a failure"
    assert np.all(sent == SENTINEL) and np.all(tok == SENTINEL), "buffer written on error"
    return msg


def _small():
    offsets = np.array([0, 2, 5], dtype=np.int64)
    labels = np.array([0, 1, 2, 1, 0], dtype=np.int32)
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4],
                      [0.2, 0.5, 0.3], [0.6, 0.4, 0.0]])
    return offsets, labels, probs


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("bad_label", [3, -1, 1000])
def test_error_label_out_of_range(tq, dtype, bad_label):
    offsets, labels, probs = _small()
    labels[3] = bad_label
    opts = tq.score_options("normalized_margin", "softmin", 0.05, 1)
    msg = _call_expect(tq, tqc.TQ_ERR_INVALID_LABEL, offsets, labels, probs.astype(dtype), 3,
                       opts)
    assert "label" in msg.lower(), msg


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1.5, -2e-6])
def test_error_bad_probability(tq, dtype, bad):
    offsets, labels, probs = _small()
    probs[4, 1] = bad
    for method in TOKEN_METHODS:
        opts = tq.score_options(method, "min", None, 2)
        _call_expect(tq, tqc.TQ_ERR_INVALID_PROBABILITY, offsets, labels,
                     probs.astype(dtype), 3, opts)


def test_error_entropy_refuses_tolerated_values(tq):
    """cleanlab's entropy refuses values outside [0, 1] that the other methods tolerate."""
    offsets, labels, probs = _small()
    probs[4, 2] = -5e-7
    with pytest.raises(ValueError):
        cleanlab_reference(offsets, labels, probs, "confidence_weighted_entropy", "min", None)
    _call_expect(tq, tqc.TQ_ERR_INVALID_PROBABILITY, offsets, labels, probs, 3,
                 tq.score_options("confidence_weighted_entropy"))
    # ...while self_confidence accepts it, as cleanlab does.
    ref_sent, _ = cleanlab_reference(offsets, labels, probs, "self_confidence", "min", None)
    sent, _ = tq.label_quality_scores(offsets, labels, probs)
    assert np.max(np.abs(sent - ref_sent)) <= TOL


def test_error_wrapper_raises_with_status_and_message(tq):
    offsets, labels, probs = _small()
    labels[0] = 7
    with pytest.raises(tqc.TokqualError) as info:
        tq.label_quality_scores(offsets, labels, probs)
    assert info.value.status == tqc.TQ_ERR_INVALID_LABEL and info.value.message


def test_error_nan_in_issue_inputs(tq):
    with pytest.raises(tqc.TokqualError) as info:
        tq.issues_from_sentence_scores([0.1, math.nan, 0.3], threshold=0.5)
    assert info.value.status == tqc.TQ_ERR_INVALID_VALUE and info.value.message
    with pytest.raises(tqc.TokqualError) as info:
        tq.issues_from_sentence_scores([0.1, 0.2], threshold=math.nan)
    assert info.value.status == tqc.TQ_ERR_INVALID_OPTION and info.value.message

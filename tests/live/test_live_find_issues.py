"""Live cross-check of confident learning: libtokqual (ctypes) against cleanlab 2.9.0 on
fresh random data, for every filter_by x ranking x option set, the statistics, and the
streaming inspector against cleanlab's low-memory mode under 1, 2 and 7 shards.

    TOKQUAL_LIB=build/libtokqual.so python3 -m pytest -q tests/live/test_live_find_issues.py
    TOKQUAL_LIVE_SEED=12345 ...        # reproduce a failure (the seed is printed)
    TOKQUAL_LIVE_BUDGET=60 ...         # seconds of random cases per test (default 7)

cleanlab runs with numpy's argsort made stable (ties by position, tokqual's documented
rule; see tests/conformance/generate_find_issues.py), single-process (n_jobs=1).
"""

import contextlib
import os
import sys
import time

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokqual_ctypes as tqc  # noqa: E402

cleanlab = pytest.importorskip("cleanlab")
import cleanlab.experimental.label_issues_batched as cl_batched  # noqa: E402
from cleanlab_ties import quiet, stable_ties  # noqa: E402
from cleanlab.count import (compute_confident_joint, get_confident_thresholds,  # noqa: E402
                            num_label_issues)
from cleanlab.internal.label_quality_utils import _subtract_confident_thresholds  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues as cl_find  # noqa: E402

FILTERS = tqc.FILTERS
METHODS = tqc.METHODS
Find = tqc.Find
TQ_ERR_INVALID_STATE = 12
BUDGET = float(os.environ.get("TOKQUAL_LIVE_BUDGET", "7"))


def _seed():
    env = os.environ.get("TOKQUAL_LIVE_SEED")
    return int(env) if env else int(time.time() * 1000) % (2 ** 31)


SEED = _seed()
print(f"\n[tokqual live find_issues] TOKQUAL_LIVE_SEED={SEED}", file=sys.stderr)


@pytest.fixture(scope="module")
def fx():
    env_path = os.environ.get("TOKQUAL_LIB")
    path = env_path or tqc.DEFAULT_LIB
    if not os.path.exists(path):
        msg = f"libtokqual not found at {path} (set TOKQUAL_LIB)"
        if env_path or os.environ.get("TOKQUAL_REQUIRE_LIB") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    return Find(tqc.load(path))


@contextlib.contextmanager
def cleanlab_stable():
    """cleanlab with ties by position (see cleanlab_ties.py), silenced."""
    with stable_ties(), quiet():
        yield


def random_case(rng):
    k = int(rng.choice([2, 3, 4, 5, 9, 17, 40, 120]))
    n_sent = int(rng.integers(3, 150))
    lengths = rng.integers(1, 16, size=n_sent)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    n = int(offsets[-1])
    classes = np.arange(k)
    if k > 2 and rng.random() < 0.3:
        classes = np.sort(rng.choice(k, size=int(rng.integers(2, k)), replace=False))
    style = rng.choice(["model", "model", "quantized"])
    if style == "model":
        believed = rng.choice(classes, size=n)
        logits = rng.normal(size=(n, k)) * rng.uniform(0.5, 2.5)
        logits[np.arange(n), believed] += rng.uniform(0.5, 5)
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
    else:  # exact ties everywhere
        probs = rng.multinomial(10, rng.dirichlet(np.ones(k) * 0.5), size=n) / 10.0
        believed = np.where(np.isin(probs.argmax(axis=1), classes), probs.argmax(axis=1),
                            rng.choice(classes, size=n))
    labels = believed.copy()
    flip = rng.random(n) < rng.choice([0.02, 0.1, 0.3, 0.6])
    labels[flip] = rng.choice(classes, size=int(flip.sum()))
    if rng.random() < 0.3:
        probs = probs.astype(np.float32)
    return offsets, labels.astype(np.int32), np.ascontiguousarray(probs), k


def reference_probs(probs):
    """What cleanlab runs on: float32 input converted to float64, as tokqual computes."""
    return probs.astype(np.float64)


def cl_expected(offsets, labels, probs, **kw):
    p = reference_probs(probs)
    nl = [labels[a:b].tolist() for a, b in zip(offsets[:-1], offsets[1:])]
    npb = [p[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
    args = {"filter_by": kw["filter_by"], "frac_noise": kw["frac_noise"],
            "min_examples_per_class": kw["min_examples"], "n_jobs": 1}
    if kw["num_to_remove"] is not None:
        args["num_to_remove_per_class"] = list(kw["num_to_remove"])
    if kw["adjust"]:
        args["rank_by_kwargs"] = {"adjust_pred_probs": True}
    try:
        with cleanlab_stable():
            return [tuple(map(int, x)) for x in cl_find(
                nl, npb, return_indices_ranked_by=kw["rank_by"], **args)]
    except ValueError:
        return "error"


def time_up(start):
    return time.time() - start > BUDGET


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------

def test_find_label_issues_matches_cleanlab(fx):
    rng = np.random.default_rng(SEED)
    start, n_cases, n_configs = time.time(), 0, 0
    while not time_up(start) or n_cases < 2:
        offsets, labels, probs, k = random_case(rng)
        counts = np.bincount(labels, minlength=k)
        n_cases += 1
        for filter_by in FILTERS:
            option_sets = [(1.0, 1, None), (float(rng.uniform(0.05, 1)), int(rng.integers(0, 8)), None)]
            if filter_by in FILTERS[:3]:
                option_sets.append((float(rng.choice([1.0, 0.6])), int(rng.integers(0, 3)),
                                    [int(rng.integers(0, c + 1)) for c in counts]))
            for frac, min_examples, ntr in option_sets:
                for rank_by, adjust in [(m, False) for m in METHODS] + [
                        ("self_confidence", True), ("normalized_margin", True)]:
                    kw = dict(filter_by=filter_by, rank_by=rank_by, frac_noise=frac,
                              min_examples=min_examples, num_to_remove=ntr, adjust=adjust)
                    expected = cl_expected(offsets, labels, probs, **kw)
                    got = fx.find(offsets, labels, probs, k, n_threads=int(rng.integers(0, 4)), **kw)
                    tag = f"(TOKQUAL_LIVE_SEED={SEED}, case {n_cases}, k={k}, {kw})"
                    if expected == "error":
                        assert isinstance(got, int) and got != 0, tag
                    else:
                        assert got == expected, tag
                    n_configs += 1
    print(f"[tokqual live find_issues] {n_cases} cases, {n_configs} configurations",
          file=sys.stderr)


def test_statistics_match_cleanlab(fx):
    rng = np.random.default_rng(SEED + 1)
    start, n_cases = time.time(), 0
    while not time_up(start) or n_cases < 2:
        offsets, labels, probs, k = random_case(rng)
        n_cases += 1
        tag = f"(TOKQUAL_LIVE_SEED={SEED}, case {n_cases})"
        got = fx.statistics(labels, probs, k)
        p = reference_probs(probs)
        with cleanlab_stable():
            np.testing.assert_allclose(got["thresholds"], get_confident_thresholds(labels, p),
                                       rtol=0, atol=1e-12, err_msg=tag)
            assert np.array_equal(got["joint0"], compute_confident_joint(labels, p, calibrate=False)), tag
            assert np.array_equal(got["joint1"], compute_confident_joint(labels, p)), tag
            for m, name in enumerate(("off_diagonal", "off_diagonal_calibrated")):
                try:
                    expected = int(num_label_issues(labels, p, estimation_method=name))
                except ValueError:
                    expected = "error"
                if expected == "error":
                    assert isinstance(got[f"num{m}"], tuple), tag
                else:
                    assert got[f"num{m}"] == expected, tag
            np.testing.assert_allclose(got["adjusted"], _subtract_confident_thresholds(labels, p),
                                       rtol=0, atol=1e-12, err_msg=tag)


def test_inspector_matches_cleanlab_low_memory_mode_for_any_sharding(fx):
    rng = np.random.default_rng(SEED + 2)
    start, n_cases = time.time(), 0
    while not time_up(start) or n_cases < 2:
        offsets, labels, probs, k = random_case(rng)
        n_cases += 1
        p = reference_probs(probs)
        for rank_by, adjust in [(m, False) for m in METHODS] + [("normalized_margin", True)]:
            for calibrated in (0, 1):
                quality = {"method": rank_by, "adjust_pred_probs": adjust}
                num_kwargs = {"estimation_method": "off_diagonal_calibrated"} if calibrated else None
                with cleanlab_stable():
                    flat = cl_batched.find_label_issues_batched(
                        labels, p, quality_score_kwargs=quality, num_issue_kwargs=num_kwargs,
                        verbose=False, n_jobs=1)
                    inspector = cl_batched.LabelInspector(
                        num_class=k, verbose=False, n_jobs=1, quality_score_kwargs=quality,
                        num_issue_kwargs=num_kwargs)
                    inspector.update_confident_thresholds(labels, p)
                    inspector.score_label_quality(labels, p)
                    cl_scores = inspector.get_quality_scores()
                    n_issues = min(int(inspector.get_num_issues(silent=True)), len(labels))
                sentence = np.searchsorted(offsets, flat, side="right") - 1
                expected = [(int(s), int(t - offsets[s])) for s, t in zip(sentence, flat)]
                # Adjusted scores depend on the thresholds, whose last bit differs from
                # cleanlab's running mean (tokqual's is exact, for shard independence), so
                # scores tied in cleanlab may come out a bit apart: then only tokens tied
                # with the cut score may differ.
                cut = np.sort(cl_scores)[n_issues - 1] if n_issues > 0 else None
                tag = (f"(TOKQUAL_LIVE_SEED={SEED}, case {n_cases}, k={k}, {rank_by}, "
                       f"adjust={adjust}, calibrated={calibrated})")
                first = None
                for shards in (1, 2, 7):
                    issues, _, _ = fx.sharded_batched(rng, offsets, labels, probs, k, rank_by,
                                                      adjust, calibrated, shards)
                    if first is None:
                        # cleanlab lists them by position, tokqual ranks them.
                        if adjust and sorted(issues) != expected:
                            for i, j in set(issues) ^ set(expected):
                                score = cl_scores[offsets[i] + j]
                                assert abs(score - cut) <= 1e-12, f"{tag}: ({i}, {j}) {score} vs cut {cut}"
                        else:
                            assert sorted(issues) == expected, tag
                        first = issues
                    else:
                        assert issues == first, f"{tag}, {shards} shards"


def test_inspector_refuses_calls_out_of_order(fx):
    h = fx.inspector(3, "self_confidence", False, 0)
    try:
        status = fx.lib.tq_inspector_finish_thresholds(h)
        assert status == TQ_ERR_INVALID_STATE
        assert "no token has been seen" in fx.tq.last_error_message()
    finally:
        fx.lib.tq_inspector_destroy(h)

"""The tokqual command against cleanlab 2.9.0 itself: the JSONL ranking and issues of
`tokqual rank` / `tokqual issues` on CoNLL + .npy files equal what a Python program
reading the same files gets from cleanlab.token_classification (scores to 1e-12, order
exactly, with numpy's sort made stable: ties by position, tokqual's documented rule).

    TOKQUAL_CLI=build/apps/tokqual/tokqual TOKQUAL_DEMO_DIR=build/demo \
        python3 -m pytest -q tests/cli/test_cli_live.py
    TOKQUAL_LIVE_SEED=123 ...   # replay the random cases (the seed is printed)
"""
import json
import os
import sys
import time

import numpy as np
import pytest

from cli_util import DEMO, random_case, read_conll_labels, require_cli, run

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "live"))
cleanlab = pytest.importorskip("cleanlab")
import cleanlab.experimental.label_issues_batched as cl_batched  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues  # noqa: E402
from cleanlab.token_classification.rank import get_label_quality_scores  # noqa: E402
from cleanlab_ties import quiet, stable_ties  # noqa: E402

SEED = int(os.environ.get("TOKQUAL_LIVE_SEED") or int(time.time() * 1000) % (2 ** 31))
print(f"\n[tokqual cli live] TOKQUAL_LIVE_SEED={SEED}", file=sys.stderr)

TOKEN_METHODS = ["self_confidence", "normalized_margin", "confidence_weighted_entropy"]
FILTERS = ["prune_by_noise_rate", "prune_by_class", "both", "confident_learning",
           "predicted_neq_given", "low_normalized_margin", "low_self_confidence"]


@pytest.fixture(autouse=True)
def _cli():
    require_cli()


def jsonl(out):
    return [json.loads(line) for line in out.decode("utf-8").splitlines()]


def cases(tmp_path):
    """The demo corpus and random hand-made files (float32 and float64)."""
    with open(os.path.join(DEMO, "demo_classes.txt")) as f:
        demo_classes = f.read().split()
    probs = np.load(os.path.join(DEMO, "demo_probs.npy"))
    conll = os.path.join(DEMO, "demo.conll")
    yield conll, os.path.join(DEMO, "demo_probs.npy"), demo_classes, \
        read_conll_labels(conll, demo_classes), probs
    rng = np.random.default_rng(SEED)
    for i in range(4):
        yield random_case(rng, tmp_path, name=f"case{i}",
                          dtype=np.float64 if i % 2 else np.float32)


def split(sentences, probs):
    p = probs.astype(np.float64)  # tokqual computes float32 input in double
    out, t = [], 0
    for s in sentences:
        out.append(p[t:t + len(s)])
        t += len(s)
    return out


def test_rank_matches_cleanlab(tmp_path):
    for conll, npy, classes, sentences, probs in cases(tmp_path):
        pp = split(sentences, probs)
        for method in TOKEN_METHODS:
            for sentence_method in ("min", "softmin"):
                with quiet():
                    scores, _ = get_label_quality_scores(
                        sentences, pp, token_score_method=method,
                        sentence_score_method=sentence_method)
                order = np.argsort(scores, kind="stable")
                _, out, err = run("rank", "--conll", conll, "--probs", npy, "--classes",
                                  ",".join(classes), "--token-method", method,
                                  "--sentence-method", sentence_method, "--format", "jsonl",
                                  check_rc=0)
                rows = jsonl(out)
                tag = f"seed {SEED}, {conll}, {method}, {sentence_method}"
                assert [r["sentence"] for r in rows] == order.tolist(), tag
                got = np.array([r["score"] for r in rows])
                assert np.max(np.abs(got - np.asarray(scores)[order])) <= 1e-12, tag


def test_issues_match_cleanlab(tmp_path):
    for conll, npy, classes, sentences, probs in cases(tmp_path):
        pp = split(sentences, probs)
        for filter_by in FILTERS:
            for rank_by in TOKEN_METHODS:
                try:
                    with stable_ties(), quiet():
                        expected = [tuple(map(int, x)) for x in find_label_issues(
                            sentences, pp, filter_by=filter_by,
                            return_indices_ranked_by=rank_by, n_jobs=1)]
                except ValueError:  # e.g. a single class in a tiny case
                    continue
                rc, out, err = run("issues", "--conll", conll, "--probs", npy, "--classes",
                                   ",".join(classes), "--filter-by", filter_by, "--rank-by",
                                   rank_by, "--format", "jsonl")
                tag = f"seed {SEED}, {conll}, {filter_by}, {rank_by}"
                assert rc == 0, (tag, err)
                got = [(r["sentence"], r["token"]) for r in jsonl(out)]
                assert got == expected, tag


def test_low_memory_matches_cleanlab_batched(tmp_path):
    for conll, npy, classes, sentences, probs in cases(tmp_path):
        labels = np.concatenate([np.array(s, dtype=np.int64) for s in sentences])
        offsets = np.concatenate([[0], np.cumsum([len(s) for s in sentences])])
        with stable_ties(), quiet():
            flat = cl_batched.find_label_issues_batched(labels, probs.astype(np.float64),
                                                        verbose=False, n_jobs=1)
        sent = np.searchsorted(offsets, flat, side="right") - 1
        expected = sorted((int(s), int(t - offsets[s])) for s, t in zip(sent, flat))
        _, out, _ = run("issues", "--conll", conll, "--probs", npy, "--classes",
                        ",".join(classes), "--low-memory", "--batch-tokens", "50",
                        "--format", "jsonl", check_rc=0)
        # cleanlab lists them by position; tokqual ranks them by score.
        assert sorted((r["sentence"], r["token"]) for r in jsonl(out)) == expected, \
            f"seed {SEED}, {conll}"


def read_conll_tokens(path):
    """The sentences' tokens of a CoNLL file (first column), as cleanlab takes them."""
    sentences, current = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                if not cols and current:
                    sentences.append(current)
                    current = []
                continue
            current.append(cols[0])
    if current:
        sentences.append(current)
    return sentences


def test_text_reports_match_cleanlab(tmp_path):
    """`issues --format text` and `summary` (text), in memory and with --low-memory (which
    formats from small stand-ins instead of the mapped array): byte for byte what
    cleanlab's display_issues and common_label_issues print for the same issues."""
    import contextlib
    import io
    from cleanlab.token_classification.summary import common_label_issues, display_issues
    checked = 0
    for conll, npy, classes, sentences, probs in cases(tmp_path):
        tokens = read_conll_tokens(conll)
        base = ["--conll", conll, "--probs", npy, "--classes", ",".join(classes)]
        for extra in ([], ["--low-memory", "--batch-tokens", "50"]):
            tag = f"seed {SEED}, {conll}, {extra}"
            rows = jsonl(run("issues", *base, *extra, "--format", "jsonl", check_rc=0)[1])
            if not rows:  # cleanlab raises IndexError on an empty list
                continue
            issues = [(r["sentence"], r["token"]) for r in rows]
            expected = io.StringIO()
            with stable_ties(), quiet(), contextlib.redirect_stdout(expected):
                display_issues(issues, tokens, labels=sentences, pred_probs=split(sentences, probs),
                               class_names=classes, top=0)
            # (cleanlab colours the token whatever stdout is)
            got = run("issues", *base, *extra, "--color", "always", check_rc=0)[1].decode()
            assert got == expected.getvalue(), tag
            expected = io.StringIO()
            with stable_ties(), quiet(), contextlib.redirect_stdout(expected):
                common_label_issues(issues, tokens, labels=sentences,
                                    pred_probs=split(sentences, probs), class_names=classes,
                                    top=10, verbose=True)
            assert run("summary", *base, *extra, check_rc=0)[1].decode() == expected.getvalue(), tag
            checked += 1
    assert checked >= 4

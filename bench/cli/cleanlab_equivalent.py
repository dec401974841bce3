#!/usr/bin/env python3
"""What `tokqual rank` + `tokqual issues --format jsonl` do, written as a Python user would
with cleanlab 2.9.0: read the CoNLL file (plain Python) and the .npy (numpy), rank the
sentences (token_classification.rank.get_label_quality_scores), find the token issues
(token_classification.filter.find_label_issues), and write both as JSON lines with the
same fields. Prints the seconds of each phase as one JSON object on stdout.

    python3 bench/cli/cleanlab_equivalent.py CONLL NPY CLASSES RANK_OUT ISSUES_OUT
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "live"))
from cleanlab_ties import quiet, stable_ties  # noqa: E402
from cleanlab.internal.token_classification_utils import get_sentence  # noqa: E402
from cleanlab.token_classification.filter import find_label_issues  # noqa: E402
from cleanlab.token_classification.rank import get_label_quality_scores  # noqa: E402


def read_conll(path, index):
    words, labels, sw, sl = [], [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if sw:
                    words.append(sw)
                    labels.append(sl)
                    sw, sl = [], []
                continue
            if cols[0] == "-DOCSTART-":
                continue
            sw.append(cols[0])
            sl.append(index[cols[-1]])
    if sw:
        words.append(sw)
        labels.append(sl)
    return words, labels


def main():
    conll, npy, classes_file, rank_out, issues_out = sys.argv[1:6]
    t = {}
    start = time.perf_counter()
    with open(classes_file, encoding="utf-8") as f:
        classes = f.read().split()
    words, labels = read_conll(conll, {c: i for i, c in enumerate(classes)})
    probs = np.load(npy, mmap_mode="r")
    bounds = np.cumsum([len(s) for s in labels])[:-1]
    pred_probs = np.split(np.asarray(probs, dtype=np.float64), bounds)
    t["read"] = time.perf_counter() - start

    start = time.perf_counter()
    with stable_ties(), quiet():
        scores, token_scores = get_label_quality_scores(labels, pred_probs)
    order = np.argsort(scores, kind="stable")
    with open(rank_out, "w", encoding="utf-8") as f:
        for r, s in enumerate(order):
            worst = int(np.argmin(token_scores[s]))
            f.write(json.dumps({"rank": r + 1, "sentence": int(s), "score": float(scores[s]),
                                "text": get_sentence(words[s]), "token": worst,
                                "word": words[s][worst],
                                "token_score": float(token_scores[s][worst]),
                                "given": classes[labels[s][worst]],
                                "predicted": classes[int(np.argmax(pred_probs[s][worst]))]},
                               ensure_ascii=False) + "\n")
    t["rank"] = time.perf_counter() - start

    start = time.perf_counter()
    with stable_ties(), quiet():
        issues = find_label_issues(labels, pred_probs)
    with open(issues_out, "w", encoding="utf-8") as f:
        for r, (s, j) in enumerate(issues):
            f.write(json.dumps({"rank": r + 1, "sentence": int(s), "token": int(j),
                                "word": words[s][j], "given": classes[labels[s][j]],
                                "predicted": classes[int(np.argmax(pred_probs[s][j]))],
                                "score": float(token_scores[s][j]),
                                "text": get_sentence(words[s])}, ensure_ascii=False) + "\n")
    t["issues"] = time.perf_counter() - start
    print(json.dumps(t))


if __name__ == "__main__":
    main()

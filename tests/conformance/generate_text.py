#!/usr/bin/env python3
"""Generate tests/conformance/text.json: conformance vectors for tokqual's text helpers.

Every expected value comes from cleanlab 2.9.0 (or, for the Unicode tables, from the
Python that runs cleanlab), used as a black-box oracle:

  * cleanlab.internal.token_classification_utils: get_sentence, filter_sentence,
    process_token, mapping, merge_probs, color_sentence, _replace_sentence;
  * cleanlab.token_classification.summary: display_issues (its printed text),
    common_label_issues (its printed text and its DataFrame), filter_by_token;
  * cleanlab.token_classification.rank.get_label_quality_scores with tokens (the pandas
    Series of token scores, written one "token<TAB>repr(score)" line per token);
  * numpy.average over subword rows, as the paper's benchmark code merges subword
    probabilities into word probabilities;
  * Python's str.isalnum(), str.isspace() and str.lower() on every code point, the
    character properties cleanlab's results depend on (its `re` \\b, str.strip() and
    filter_by_token's lower()).

Sentences are random mixes of accented words, CJK, emoji, digits of other scripts,
punctuation, words that occur inside other words ("a", "an", "and", "band"), words with
special lowercase rules ("İstanbul", "ΣΟΦΟΣ"), combining marks and odd white space.
No token contains a backslash: cleanlab hands the highlighted word to re.sub as a
template, so a backslash there changes the text or raises (tokqual inserts it literally;
see tq_replace_word in tokqual.h).

Tie order in common_label_issues' printed text: cleanlab ranks words and swaps with
np.argsort(...)[::-1] using numpy's default sort, which is not stable for long inputs
(the order among equal counts depends on the machine). The expected text is produced
with np.argsort temporarily made stable, which is the order tokqual documents; the
script counts how often that differs from the unpatched call ("argsort_ties_differ").

Deterministic (fixed seeds); needs numpy, pandas and cleanlab 2.9.0:

    python3 tests/conformance/generate_text.py            # writes text.json next to it
    python3 tests/conformance/generate_text.py --check    # regenerate, compare, write nothing
"""

import argparse
import contextlib
import io
import json
import os
import random
import sys
import unicodedata
import warnings

import numpy as np

import cleanlab
from cleanlab.internal import token_classification_utils as utils
from cleanlab.token_classification import summary
from cleanlab.token_classification.rank import get_label_quality_scores

EXPECTED_CLEANLAB = "2.9.0"
STATS = {"argsort_ties_differ": 0, "common_cases": 0}

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

WORDS = [
    "a", "an", "and", "band", "Ander", "sand", "A", "An", "AND", "the", "The", "them",
    "Hello", "World", "world", "Cleanlab", "clean", "lab", "is", "This", "this",
    "café", "Café", "CAFÉ", "naïve", "Über", "über", "résumé", "São", "Paulo",
    "İstanbul", "ISTANBUL", "istanbul", "ı", "I", "i", "İ",
    "ΣΟΦΟΣ", "σοφος", "σοφοσ", "ΟΔΟΣ", "Σ", "ς",
    "Straße", "STRASSE", "straße", "ǅemal", "ǄEMAL",
    "東京", "日本語", "日本", "北京大学", "大学", "한국어", "한국",
    "привет", "Привет", "МИР", "мир", "Ελλάδα",
    "مرحبا", "שלום", "हिन्दी", "ไทย",
    "2022", "٣٤", "²", "Ⅻ", "½", "x²", "snake_case", "_private", "a_b",
    "e\u0301", "e\u0301te\u0301", "ä", "a\u0308",
    "😀", "👍🏽", "🇫🇷", "❤️", "a😀b", "C++", "C#", "#tag", "#", "##ing", "##s",
    "U.S.", "e-mail", "don't", "'s", "n't", "O'Neil", "rock'n'roll",
    "(", ")", "()", "-", "--", ".", ",", "...", "?", "!", "'", "\"", ":", ";", "[", "]",
    "?weird", "!bang", ".dot", "end.", "(paren", "paren)", "@user", "$5", "100%",
    "\u00a0", "\u3000", "tab\there", "a b", "ﬁ", "ﬀ", "K", "Å", "Ω", "µ",
]
CLASS_NAMES_POOL = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
    "人名", "Ort-ß", "ÉVÉNEMENT", "emoji😀", "x",
]


def random_sentence(rng, max_len=12):
    n = rng.randint(1, max_len)
    return [rng.choice(WORDS) for _ in range(n)]


def random_rows(rng_np, n, k):
    logits = rng_np.normal(size=(n, k)) * 2.0
    rows = np.exp(logits - logits.max(axis=1, keepdims=True))
    rows /= rows.sum(axis=1, keepdims=True)
    # Some rows with an exact tie at the maximum (argmax takes the first).
    for t in range(n):
        if rng_np.random() < 0.1 and k >= 2:
            a, b = rng_np.choice(k, size=2, replace=False)
            rows[t, :] = 0.0
            rows[t, a] = rows[t, b] = 0.5
    return rows


# --------------------------------------------------------------------------------------
# Oracles
# --------------------------------------------------------------------------------------

def printed(function, *args, **kwargs):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = function(*args, **kwargs)
    return out.getvalue(), result


@contextlib.contextmanager
def stable_argsort():
    original = np.argsort

    def stable(a, axis=-1, kind=None, order=None, **kwargs):
        return original(a, axis=axis, kind="stable", order=order)

    np.argsort = stable
    try:
        yield
    finally:
        np.argsort = original


def unicode_tables():
    word_ranges = []
    lower = {}
    spaces = []
    assigned_ranges = []
    for c in range(0x110000):
        ch = chr(c)
        if unicodedata.category(ch) != "Cn":
            if assigned_ranges and assigned_ranges[-1][1] == c - 1:
                assigned_ranges[-1][1] = c
            else:
                assigned_ranges.append([c, c])
        if 0xD800 <= c <= 0xDFFF:
            continue
        if ch.isalnum() or ch == "_":
            if word_ranges and word_ranges[-1][1] == c - 1:
                word_ranges[-1][1] = c
            else:
                word_ranges.append([c, c])
        if ch.isspace():
            spaces.append(c)
        if ch.lower() != ch:
            lower[str(c)] = ch.lower()
    # Strings where the context decides (Final_Sigma) or mappings expand.
    lower_strings = [
        "ΣΟΦΟΣ", "ΟΔΟΣ.", "Σ", "ΑΣ", "ΑΣΑ", "Α Σ", "ΑΣ\u0301", "ΑΣ\u0301Β", "ΑΣ'", "Α'Σ",
        "ΑΣ\u00ad", "ἈΣ", "1Σ", "Σ1", "aΣ", "aΣb", "İstanbul", "İİ", "ǄEMAL", "ΣΣ", "ΣΣΣ",
        "A\u0345Σ", "\u0345Σ", "aΣ\u0345", "ΣA", "ΑΣ😀",
    ]
    return {
        "python_unicode_version": unicodedata.unidata_version,
        "assigned_ranges": assigned_ranges,
        "word_char_ranges": word_ranges,
        "spaces": spaces,
        "lower": lower,
        "lower_strings": [[s, s.lower()] for s in lower_strings],
    }


def sentence_cases(rng):
    cases = []
    fixed = [
        ["This", "is", "a", "sentence", "."],
        ["Hello", "World"], ["#I", "love", "Cleanlab"], ["A"],
        ["Heading", "-", "Title"], ["Some", "reason", "(", "Explanation", ")"],
        ["(", "'", "x"], ["don", "'t"], ["a", "'", "b"], ["(", "(", "a"],
        ["", "x", ""], ["\u3000", "a", "\u3000"], ["()", "x", ",-.", "..."],
        [], [""], ["\u00a0"], ["x", "( "], ["'", "'"],
    ]
    for words in fixed + [random_sentence(rng) for _ in range(150)]:
        cases.append({"words": words, "sentence": utils.get_sentence(words)})
    return cases


def filter_cases(rng):
    sentences = ["Hello World", "#I love Cleanlab", "A", "", "é", "ab", "日本", "😀", "a#",
                 "e\u0301", "  "]
    sentences += [utils.get_sentence(random_sentence(rng, 4)) for _ in range(60)]
    _, mask = utils.filter_sentence(sentences)
    return {"sentences": sentences, "mask": mask}


def process_token_cases(rng):
    cases = []
    fixed = [
        ("#Comment", None), ("Cleanlab", [("C", "a"), ("a", "C")]), ("Cleanlab", [("C", "a")]),
        ("##ing", None), ("a#b#", None), ("aaa", [("a", "b"), ("aa", "c")]),
        ("aaa", [("aa", "c"), ("a", "b")]), ("aXa", [("a", "1"), ("X", "2"), ("a", "3")]),
        ("日本語", [("本", "ほん"), ("日本", "x")]), ("😀a😀", [("😀", ""), ("a", "😀")]),
        ("x.y*z", [(".", "?"), ("*", "+")]), ("(a)", [("(", "["), (")", "]")]),
        ("İi", [("i", "I"), ("İ", "i")]), ("", [("a", "b")]),
    ]
    for token, replace in fixed:
        result = utils.process_token(token) if replace is None else utils.process_token(token, replace)
        cases.append({"token": token, "replace": replace, "result": result})
    for _ in range(80):
        token = "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        replace = []
        for _ in range(rng.randint(1, 4)):
            source = rng.choice(token) if rng.random() < 0.6 else rng.choice(WORDS)
            if rng.random() < 0.3 and len(token) >= 2:
                start = rng.randrange(len(token) - 1)
                source = token[start:start + 2]
            replace.append((source, rng.choice(["", "_", "X", "é", "##", rng.choice(WORDS)])))
        cases.append({"token": token, "replace": replace,
                      "result": utils.process_token(token, replace)})
    return cases


def color_cases(rng):
    cases = []
    fixed = [
        ("This is a sentence.", "sentence"),
        ("This is a sentence. This is another sentence.", "sentence"),
        ("Hello World", "World"), ("If you and I were to meet", "I"),
        ("If you and I were to meet", "If you and I"),
        ("If you and I were to meet", "If you and I w"),
        ("I think I know this", "I"), ("A good reason for a test", "a"),
        ("ab ab a b ab", "ab a"), ("ab ab ab ab", "ab a"),
        ("Alan John Percivale (A.j.p.) Taylor died", "("), ("A ?weird sentence", "?weird"),
        ("band and sand", "and"), ("café cafés", "café"), ("x_y x", "x"), ("日本語 日本", "日本"),
        ("e\u0301te\u0301 e", "e"), ("x² x", "x"), ("😀a 😀", "😀"), ("a😀b a", "a"),
        ("ab cd", ""), ("  ", ""), ("", ""), ("", "a"), ("aaa", "aa"), ("..a..", "."),
    ]
    for sentence, word in fixed:
        cases.append({"sentence": sentence, "word": word,
                      "colored": utils.color_sentence(sentence, word)})
    for _ in range(200):
        words = random_sentence(rng)
        sentence = utils.get_sentence(words)
        word = rng.choice(words) if rng.random() < 0.8 else rng.choice(WORDS)
        cases.append({"sentence": sentence, "word": word,
                      "colored": utils.color_sentence(sentence, word)})
    # Other replacement words through _replace_sentence.
    for _ in range(40):
        words = random_sentence(rng)
        sentence = utils.get_sentence(words)
        word = rng.choice(words)
        new_word = rng.choice(["<mark>" + word + "</mark>", "**" + word + "**", "", "X", "日"])
        cases.append({"sentence": sentence, "word": word, "new_word": new_word,
                      "replaced": utils._replace_sentence(sentence, word, new_word)})
    return cases


def mapping_cases(rng):
    cases = []
    for _ in range(20):
        n_maps = rng.randint(1, 8)
        maps = [rng.randint(-1, 5) for _ in range(n_maps)]
        labels = [rng.randrange(n_maps) for _ in range(rng.randint(0, 12))]
        cases.append({"labels": labels, "maps": maps, "mapped": utils.mapping(labels, maps)})
    return cases


def merge_probs_cases(rng, rng_np):
    cases = []
    for case in range(30):
        k = rng.randint(1, 9)
        n = rng.randint(1, 12)
        maps = [rng.randint(-1, 4) for _ in range(k)]
        if max(maps) < 0:
            maps[rng.randrange(k)] = rng.randint(0, 3)
        probs = random_rows(rng_np, n, k)
        dtype = "float32" if case % 3 == 2 else "float64"
        if dtype == "float32":
            probs = probs.astype(np.float32).astype(np.float64)
        merged = utils.merge_probs(probs, maps)
        if not np.all(np.isfinite(merged)):
            continue  # a row with no kept mass: tokqual refuses it (tested separately)
        cases.append({"dtype": dtype, "n_classes": k, "maps": maps,
                      "pred_probs": probs.ravel().tolist(), "merged": merged.ravel().tolist(),
                      "n_merged_classes": int(max(maps)) + 1})
    return cases


def subword_cases(rng, rng_np):
    cases = []
    for case in range(25):
        k = rng.randint(1, 6)
        n_rows = rng.randint(1, 15)
        rows = random_rows(rng_np, n_rows, k)
        words = []
        for _ in range(rng.randint(1, 8)):
            begin = rng.randrange(n_rows)
            end = rng.randint(begin + 1, min(n_rows, begin + 4))
            weights = [float(rng.randint(0, 6)) for _ in range(end - begin)]
            if sum(weights) == 0:
                weights[0] = 1.0
            words.append((begin, end, weights))
        weighted = case % 2 == 1
        expected = []
        for begin, end, weights in words:
            if end - begin == 1:
                expected.append(rows[begin])
            else:
                expected.append(np.average(rows[begin:end], axis=0,
                                           weights=weights if weighted else None))
        cases.append({
            "n_classes": k, "subword_probs": rows.ravel().tolist(),
            "word_begin": [w[0] for w in words], "word_end": [w[1] for w in words],
            "weights": [x for w in words for x in w[2]] if weighted else None,
            "word_probs": np.array(expected).ravel().tolist(),
        })
    return cases


def dataset_case(rng, rng_np, seed):
    n_sentences = rng.randint(1, 12)
    sentences = [random_sentence(rng) for _ in range(n_sentences)]
    k = rng.randint(2, 6)
    n_tokens = sum(len(s) for s in sentences)
    probs = random_rows(rng_np, n_tokens, k)
    flat_labels = []
    for t in range(n_tokens):
        flat_labels.append(int(probs[t].argmax()) if rng.random() < 0.6 else rng.randrange(k))
    offsets = [0]
    for s in sentences:
        offsets.append(offsets[-1] + len(s))
    labels = [flat_labels[offsets[i]:offsets[i + 1]] for i in range(n_sentences)]
    pred_probs = [probs[offsets[i]:offsets[i + 1]] for i in range(n_sentences)]
    pairs = [(i, j) for i in range(n_sentences) for j in range(len(sentences[i]))]
    n_issues = rng.randint(1, min(len(pairs), 25))
    issues = rng.sample(pairs, n_issues)
    if rng.random() < 0.3:
        issues += rng.sample(issues, min(3, len(issues)))  # repeated issues are allowed
    class_names = rng.sample(CLASS_NAMES_POOL, k) if rng.random() < 0.5 else None
    swaps = [(labels[i][j], int(pred_probs[i][j].argmax())) for i, j in issues]
    exclude = rng.sample(swaps, rng.randint(0, min(2, len(swaps)))) if rng.random() < 0.5 else []
    exclude = [(int(a), int(b)) for a, b in exclude]
    if rng.random() < 0.2:
        exclude.append((rng.randrange(k), rng.randrange(k)))
    top_display = rng.choice([0, 1, 2, 3, 20, 100])
    top_common = rng.choice([0, 1, 2, 5, 10, 100])

    case = {
        "seed": seed, "tokens": [t for s in sentences for t in s], "offsets": offsets,
        "n_classes": k, "labels": flat_labels, "pred_probs": probs.ravel().tolist(),
        "issues": [list(x) for x in issues], "class_names": class_names,
        "exclude": [list(x) for x in exclude], "top_display": top_display,
        "top_common": top_common, "display": [], "common": [],
    }
    # display_issues with every combination of optional inputs.
    for use_labels in (False, True):
        for use_probs in (False, True):
            for use_names in (False, True):
                if use_names and class_names is None:
                    continue
                kwargs = {"top": top_display}
                if use_labels:
                    kwargs["labels"] = labels
                if use_probs:
                    kwargs["pred_probs"] = pred_probs
                if use_names:
                    kwargs["class_names"] = class_names
                if exclude:
                    kwargs["exclude"] = exclude
                text_out, _ = printed(summary.display_issues, issues, sentences, **kwargs)
                case["display"].append({"labels": use_labels, "pred_probs": use_probs,
                                        "class_names": use_names, "text": text_out})
    sentence_issues = sorted(set(i for i, _ in issues))
    rng.shuffle(sentence_issues)
    text_out, _ = printed(summary.display_issues, sentence_issues, sentences, top=top_display,
                          labels=labels if rng.random() < 0.5 else None)
    case["display_sentences"] = {"issues": sentence_issues, "text": text_out,
                                 "labels": "Classes will be printed" in text_out}
    # common_label_issues: per word, and per swap with and without class names/verbose.
    for use_swaps in (False, True):
        for use_names in (False, True):
            for verbose in (True, False):
                if use_names and (class_names is None or not use_swaps):
                    continue
                if not verbose and not use_swaps:
                    continue
                kwargs = {"top": top_common, "verbose": verbose}
                if use_swaps:
                    kwargs["labels"] = labels
                    kwargs["pred_probs"] = pred_probs
                    kwargs["exclude"] = exclude
                if use_names:
                    kwargs["class_names"] = class_names
                with stable_argsort():
                    text_out, df = printed(summary.common_label_issues, issues, sentences, **kwargs)
                unpatched, _ = printed(summary.common_label_issues, issues, sentences, **kwargs)
                STATS["common_cases"] += 1
                STATS["argsort_ties_differ"] += unpatched != text_out
                rows = []
                for record in df.itertuples(index=False):
                    if use_swaps:
                        given, predicted = record.given_label, record.predicted_label
                        if use_names:
                            given, predicted = class_names.index(given), class_names.index(predicted)
                        rows.append([record.token, int(given), int(predicted),
                                     int(record.num_label_issues)])
                    else:
                        rows.append([record.token, -1, -1, int(record.num_label_issues)])
                case["common"].append({"swaps": use_swaps, "class_names": use_names,
                                       "verbose": verbose, "text": text_out, "rows": rows})
    # filter_by_token with case variants of issue words and words that do not occur.
    queries = []
    for _ in range(6):
        i, j = rng.choice(issues)
        word = sentences[i][j]
        queries.append(rng.choice([word, word.upper(), word.lower(), word.title(),
                                   word.swapcase(), word.casefold()]))
    queries += [rng.choice(WORDS), "nothing-like-this"]
    case["filter_by_token"] = [
        {"word": q, "issues": [list(x) for x in summary.filter_by_token(q, issues, sentences)]}
        for q in queries
    ]
    # Token scores with tokens: cleanlab's pandas Series, one line per token.
    _, token_info = get_label_quality_scores(labels, pred_probs, tokens=sentences)
    case["token_scores_text"] = [
        "".join(f"{token}\t{float(score)!r}\n" for token, score in series.items())
        for series in token_info
    ]
    return case


def generate():
    if cleanlab.__version__ != EXPECTED_CLEANLAB:
        sys.exit(f"need cleanlab {EXPECTED_CLEANLAB}, found {cleanlab.__version__}")
    warnings.filterwarnings("ignore")
    rng = random.Random(20240601)
    rng_np = np.random.default_rng(20240601)
    data = {
        "generator": "tests/conformance/generate_text.py",
        "cleanlab_version": cleanlab.__version__,
        "unicode": unicode_tables(),
        "get_sentence": sentence_cases(rng),
        "filter_sentence": filter_cases(rng),
        "process_token": process_token_cases(rng),
        "color": color_cases(rng),
        "mapping": mapping_cases(rng),
        "merge_probs": merge_probs_cases(rng, rng_np),
        "subword": subword_cases(rng, rng_np),
        "datasets": [dataset_case(random.Random(seed), np.random.default_rng(seed), seed)
                     for seed in range(40)],
    }
    data["stats"] = dict(STATS)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate and compare with the stored file; write nothing")
    args = parser.parse_args()
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "text.json")
    text = json.dumps(generate(), ensure_ascii=True, separators=(",", ":")) + "\n"
    if args.check:
        with open(path, encoding="utf-8") as f:
            same = f.read() == text
        print("text.json is up to date" if same else "text.json differs from the generator")
        sys.exit(0 if same else 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path} ({len(text)} bytes); stats: {STATS}")


if __name__ == "__main__":
    main()

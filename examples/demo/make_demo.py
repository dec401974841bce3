#!/usr/bin/env python3
"""Writes the demo corpus of `tokqual demo`: a synthetic CoNLL-style NER corpus with label
errors injected at known places, and a simulated model's out-of-sample probabilities.

    python3 examples/demo/make_demo.py OUT_DIR

writes, deterministically (fixed seed, Python's standard library only, so the build needs
no numpy):
    demo.conll        "-DOCSTART-", then "token POS tag" lines, a blank line between sentences
    demo_probs.npy    float32, n_tokens x 9, C order: the simulated model's probabilities
    demo_classes.txt  the 9 tags in column order
    demo_errors.tsv   the injected errors: sentence, token (within the sentence), true tag,
                      the (wrong) tag written to demo.conll

The model favours each token's TRUE tag, so the injected errors get low label-quality
scores; it is also unsure, or wrong, on some ambiguous tokens (a place that is also a
company, "Jordan"), so not every low score is an injected error.
"""
import os
import random
import struct
import sys

SEED = 2026
N_SENTENCES = 3000
ERROR_RATE = 0.04  # the share of sentences that get one wrong tag

CLASSES = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]

FIRST = ["Angela", "Lionel", "Serena", "Pablo", "Maria", "Kenji", "Amara", "Oliver", "Sofia",
         "Ravi", "Chen", "Fatima", "Lucas", "Ingrid", "Tomas", "Aisha", "Mateo", "Yuki", "Omar",
         "Elena", "Jordan", "Grace", "Noah", "Leila"]
LAST = ["Merkel", "Messi", "Williams", "Picasso", "Garcia", "Tanaka", "Okafor", "Smith", "Rossi",
        "Patel", "Wei", "Haddad", "Silva", "Larsen", "Novak", "Khan", "Lopez", "Sato", "Farouk",
        "Petrova", "Brown", "Kim", "Dubois", "Nasser"]
PLACES = [["Paris"], ["Geneva"], ["Tokyo"], ["Osaka"], ["Madrid"], ["Berlin"], ["Cairo"],
          ["Lagos"], ["Lima"], ["Oslo"], ["New", "York"], ["Buenos", "Aires"], ["Hong", "Kong"],
          ["Jordan"], ["Washington"], ["Chad"], ["Georgia"], ["Nairobi"], ["Toronto"],
          ["Mumbai"], ["Sydney"], ["Rio", "de", "Janeiro"]]
ORGS = [["Reuters"], ["Microsoft"], ["Toyota"], ["Amazon"], ["Siemens"], ["Nokia"],
        ["United", "Nations"], ["World", "Bank"], ["Red", "Cross"], ["Le", "Monde"],
        ["Inter", "Miami"], ["Real", "Madrid"], ["Apple"], ["Shell"], ["Ford"],
        ["European", "Central", "Bank"], ["Samsung"], ["Oxfam"]]
MISC = [["Olympics"], ["German"], ["French"], ["Japanese"], ["Nobel", "Prize"], ["World", "Cup"],
        ["Brazilian"], ["Kenyan"], ["Euro"], ["Ramadan"], ["Christmas"], ["Grand", "Prix"]]
# Words the simulated model finds ambiguous, and the class it confuses them with.
CONFUSABLE = {"Jordan": "B-PER", "Washington": "B-PER", "Georgia": "B-PER", "Chad": "B-PER",
              "Apple": "O", "Shell": "O", "Ford": "B-PER", "Real": "B-LOC", "Madrid": "B-LOC",
              "Inter": "O", "Euro": "O", "German": "O", "Grace": "O"}

TEMPLATES = [
    "{PER} visited {LOC} on Monday .",
    "{PER} met {PER} in {LOC} .",
    "{ORG} opened an office in {LOC} .",
    "The {MISC} came to {LOC} in 2012 .",
    "{PER} plays for {ORG} .",
    "{ORG} reported the news from {LOC} .",
    "Shares of {ORG} rose after {PER} spoke .",
    "{PER} , who works for {ORG} , lives in {LOC} .",
    "She flew from {LOC} to {LOC} with {PER} .",
    "{MISC} engineers built the bridge near {LOC} .",
    "{PER} won the {MISC} again .",
    "The deal between {ORG} and {ORG} was signed in {LOC} .",
    "{PER} said the weather in {LOC} was mild .",
    "Fans of {ORG} celebrated in {LOC} on Sunday .",
    "A {MISC} delegation arrived in {LOC} .",
    "{PER} and {PER} founded {ORG} .",
    "Prices fell sharply last week .",
    "The meeting ended without an agreement .",
]
POS = {".": ".", ",": ",", "the": "DT", "The": "DT", "a": "DT", "A": "DT", "an": "DT",
       "in": "IN", "on": "IN", "from": "IN", "to": "TO", "for": "IN", "of": "IN", "with": "IN",
       "and": "CC", "near": "IN", "after": "IN", "between": "IN", "without": "IN"}


def entity(kind, rng):
    if kind == "PER":
        words = [rng.choice(FIRST)] + ([rng.choice(LAST)] if rng.random() < 0.8 else [])
    else:
        words = rng.choice({"LOC": PLACES, "ORG": ORGS, "MISC": MISC}[kind])
    return [(w, ("B-" if i == 0 else "I-") + kind) for i, w in enumerate(words)]


def sentence(rng):
    tokens = []
    for piece in rng.choice(TEMPLATES).split():
        if piece.startswith("{"):
            tokens += entity(piece[1:-1], rng)
        else:
            tokens.append((piece, "O"))
    return tokens


def wrong_tag(true, rng):
    """A plausible annotation mistake for a token whose right tag is `true`."""
    if true == "O":
        return rng.choice(["B-MISC", "B-ORG", "B-PER"])
    prefix, kind = true.split("-")
    if rng.random() < 0.25:
        return "O"
    other = rng.choice([k for k in ("PER", "LOC", "ORG", "MISC") if k != kind])
    return prefix + "-" + other


def probabilities(word, true, rng):
    """The simulated model's row for a token whose right tag is `true`."""
    k = len(CLASSES)
    noise = [rng.gammavariate(0.3, 1.0) + 0.01 for _ in range(k)]
    total = sum(noise)
    confidence = rng.uniform(0.55, 0.97)
    row = [(1 - confidence) * x / total for x in noise]
    target = CLASSES.index(true)
    if word in CONFUSABLE and rng.random() < 0.6:
        # Split between the right tag and the confusable one; sometimes the wrong one wins.
        other = CLASSES.index(CONFUSABLE[word] if CONFUSABLE[word] != true else "O")
        share = rng.uniform(0.25, 0.75)
        row[target] += confidence * share
        row[other] += confidence * (1 - share)
    else:
        row[target] += confidence
    return row


def write_npy(path, rows, k):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (len(rows), k)
    pad = 64 - (10 + len(header) + 1) % 64
    header += " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        for row in rows:
            f.write(struct.pack("<%df" % k, *row))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_demo.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    lines, rows, errors = ["-DOCSTART- -X- O", ""], [], []
    for s in range(N_SENTENCES):
        tokens = sentence(rng)
        given = [tag for _, tag in tokens]
        if rng.random() < ERROR_RATE:
            j = rng.randrange(len(tokens))
            given[j] = wrong_tag(tokens[j][1], rng)
            errors.append((s, j, tokens[j][1], given[j]))
        for (word, true), tag in zip(tokens, given):
            pos = POS.get(word, "NNP" if true != "O" else ("CD" if word.isdigit() else "NN"))
            lines.append(f"{word} {pos} {tag}")
            rows.append(probabilities(word, true, rng))
        lines.append("")
    with open(os.path.join(out, "demo.conll"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    write_npy(os.path.join(out, "demo_probs.npy"), rows, len(CLASSES))
    with open(os.path.join(out, "demo_classes.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(CLASSES) + "\n")
    with open(os.path.join(out, "demo_errors.tsv"), "w", encoding="utf-8") as f:
        f.write("sentence\ttoken\ttrue\tgiven\n")
        for e in errors:
            f.write("%d\t%d\t%s\t%s\n" % e)


if __name__ == "__main__":
    main()

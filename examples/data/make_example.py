"""Writes the bundled example: a small CoNLL-style NER file with a few deliberate label
errors, and a matching float32 .npy of predicted probabilities (N_tokens x 9).

The probabilities are synthetic: they favour each token's *true* class, so the tokens
whose annotation was corrupted get low label-quality scores. Run from anywhere:
    python3 examples/data/make_example.py
"""
import os
import numpy as np

CLASSES = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]

# (token, true tag, annotated tag); annotated differs from true on purpose where marked.
SENTENCES = [
    "Angela/B-PER Merkel/I-PER visited/O Paris/B-LOC on/O Monday/O ./O",
    "The/O United/B-ORG Nations/I-ORG met/O in/O Geneva/B-LOC ./O",
    "Lionel/B-PER Messi/I-PER plays/O for/O Inter/B-ORG Miami/I-ORG ./O",
    "She/O flew/O from/O Tokyo/B-LOC to/O Osaka/B-LOC:O ./O",
    "Microsoft/B-ORG bought/O GitHub/B-ORG in/O 2018/O ./O",
    "The/O Eiffel/B-LOC Tower/I-LOC is/O in/O France/B-LOC ./O",
    "Barack/B-PER Obama/I-PER:O spoke/O at/O Harvard/B-ORG ./O",
    "German/B-MISC engineers/O built/O the/O bridge/O ./O",
    "Apple/B-ORG:B-PER released/O a/O new/O phone/O ./O",
    "Maria/B-PER lives/O in/O Madrid/B-LOC ,/O Spain/B-LOC ./O",
    "The/O Olympics/B-MISC came/O to/O London/B-LOC in/O 2012/O ./O",
    "Reuters/B-ORG reported/O the/O news/O ./O",
    "Amazon/B-ORG opened/O an/O office/O in/O Berlin/B-LOC:B-ORG ./O",
    "Serena/B-PER Williams/I-PER won/O again/O ./O",
    "The/O Nile/B-LOC flows/O through/O Egypt/B-LOC ./O",
    "Toyota/B-ORG cars/O are/O popular/O in/O Canada/B-LOC ./O",
    "He/O read/O Le/B-ORG Monde/I-ORG every/O morning/O ./O",
    "The/O match/O ended/O 2-1/O ./O:B-MISC",
    "Kenya/B-LOC 's/O runners/O dominate/O marathons/O ./O",
    "Pablo/B-PER Picasso/I-PER was/O born/O in/O Malaga/B-LOC ./O",
]


def parse(sentence):
    tokens, true, given = [], [], []
    for item in sentence.split():
        word, tags = item.rsplit("/", 1)
        t, _, g = tags.partition(":")
        tokens.append(word)
        true.append(CLASSES.index(t))
        given.append(CLASSES.index(g or t))
    return tokens, true, given


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = np.random.default_rng(2022)
    rows, lines = [], []
    for sentence in SENTENCES:
        tokens, true, given = parse(sentence)
        for word, t, g in zip(tokens, true, given):
            p = rng.dirichlet(np.full(len(CLASSES), 0.3))
            p = 0.15 * p
            p[t] += 0.85
            rows.append(p / p.sum())
            lines.append(f"{word} {CLASSES[g]}")
        lines.append("")
    with open(os.path.join(here, "example.conll"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    np.save(os.path.join(here, "example_pred_probs.npy"), np.array(rows, dtype=np.float32))
    with open(os.path.join(here, "example_classes.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(CLASSES) + "\n")


if __name__ == "__main__":
    main()

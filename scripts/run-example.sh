#!/usr/bin/env bash
# Builds tokqual and runs the main job on the bundled example: score every sentence of
# examples/data/example.conll with the model probabilities in example_pred_probs.npy
# and print the sentences most likely to hold a label error, worst first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTQ_BUILD_TESTS=OFF >/dev/null
cmake --build build --target worst_sentences
build/examples/worst_sentences examples/data/example.conll \
  examples/data/example_pred_probs.npy examples/data/example_classes.txt "$@"

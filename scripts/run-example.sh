#!/usr/bin/env bash
# Builds the tokqual command and runs its demo: a synthetic CoNLL corpus of 3,000
# sentences with label errors injected at known places (examples/demo/make_demo.py) and a
# model's probabilities as a .npy; prints the most suspicious sentences and how many of
# the injected errors `tokqual rank` and `tokqual issues` find. Arguments go to
# `tokqual demo` (e.g. --top 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTQ_BUILD_TESTS=OFF >/dev/null
cmake --build build --target tokqual_cli
build/apps/tokqual/tokqual demo "$@"

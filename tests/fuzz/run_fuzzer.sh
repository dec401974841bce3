#!/usr/bin/env bash
# Runs a libFuzzer harness for CTest (see cmake/tokqual_fuzz.cmake).
#   run_fuzzer.sh regress FUZZER CORPUS_DIR REGRESSIONS_DIR [libFuzzer flags...]
#       every file of CORPUS_DIR (which must hold at least one) and of REGRESSIONS_DIR
#       (may be absent) is run once; fails on the first crash or invariant violation
#   run_fuzzer.sh fuzz FUZZER CORPUS_DIR WORK_DIR [libFuzzer flags...]
#       fuzzes starting from a fresh copy of CORPUS_DIR in WORK_DIR/corpus (the committed
#       corpus is never written to); crash inputs go to WORK_DIR/artifacts/
set -euo pipefail
mode="$1" fuzzer="$2" corpus="$3" dir="$4"
shift 4
case "$mode" in
  regress)
    files=()
    while IFS= read -r -d '' f; do files+=("$f"); done \
      < <(find "$corpus" -type f -print0 | sort -z)
    if [ "${#files[@]}" -eq 0 ]; then echo "run_fuzzer: no seed in $corpus" >&2; exit 1; fi
    if [ -d "$dir" ]; then
      while IFS= read -r -d '' f; do files+=("$f"); done \
        < <(find "$dir" -type f ! -name 'README*' -print0 | sort -z)
    fi
    echo "run_fuzzer: ${#files[@]} inputs"
    exec "$fuzzer" "$@" "${files[@]}"
    ;;
  fuzz)
    rm -rf "$dir"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp -R "$corpus/." "$dir/corpus/"
    exec "$fuzzer" "$@" -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus"
    ;;
  *) echo "run_fuzzer: unknown mode $mode" >&2; exit 2 ;;
esac

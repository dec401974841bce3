#!/usr/bin/env bash
# Builds and runs every tokqual test: installs what is missing, then
#   1. a Release build with -Werror: every CTest test (core, C, conformance, live
#      cross-check against cleanlab, examples, and the bindings' tests as they land);
#   2. an ASan + UBSan build: the same tests except the live Python cross-check;
#   3. a ThreadSanitizer build: the core and C tests;
#   4. a clang build of the libFuzzer harnesses: each replays its corpus and fuzzes 45 s.
# Prints "N passed, N failed" last; exits non-zero if anything failed.
# Environment: JOBS (default: nproc), TQ_SKIP_SANITIZE=1 to skip steps 2 and 3,
# TQ_SKIP_FUZZ=1 to skip step 4.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1
jobs="${JOBS:-$(nproc)}"
total_passed=0
total_failed=0

# run_suite NAME BUILD_DIR CMAKE_ARGS...: configure, build and ctest one configuration.
run_suite() {
  local name="$1" dir="$2"
  shift 2
  echo "=== $name: configure and build ($dir)"
  mkdir -p "$dir"
  if ! cmake -S . -B "$dir" -G Ninja -DTQ_WERROR=ON "$@" >"$dir/configure.log" 2>&1; then
    cat "$dir/configure.log"; echo "=== $name: CONFIGURE FAILED"
    total_failed=$((total_failed + 1)); return
  fi
  if ! cmake --build "$dir" -j "$jobs"; then
    echo "=== $name: BUILD FAILED"; total_failed=$((total_failed + 1)); return
  fi
  echo "=== $name: ctest"
  local log="$dir/ctest.log"
  (cd "$dir" && ctest -j "$jobs" --output-on-failure --timeout 900 "${CTEST_ARGS[@]}") 2>&1 | tee "$log"
  local line passed failed ran
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$line" ]; then
    echo "=== $name: ctest printed no summary"; total_failed=$((total_failed + 1)); return
  fi
  failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  ran=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
  passed=$((ran - failed))
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
}

CTEST_ARGS=()
run_suite "release" build-test -DCMAKE_BUILD_TYPE=Release -DTQ_BUILD_BENCH=ON
if [ "${TQ_SKIP_SANITIZE:-0}" != "1" ]; then
  CTEST_ARGS=(-LE "live|abi|slow")
  run_suite "asan+ubsan" build-asan -DCMAKE_BUILD_TYPE=Debug -DTQ_SANITIZE=ON \
    -DTQ_BUILD_EXAMPLES=ON
  # ThreadSanitizer: the core suite (with its concurrency tests and every n_threads > 1
  # path) and the C tests; the Rust and install tests build consumers without the TSan
  # runtime.
  CTEST_ARGS=(-L "^(core|c)$" -LE "install")
  export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}"
  run_suite "tsan" build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTQ_SANITIZE_THREAD=ON \
    -DTQ_BUILD_EXAMPLES=OFF
fi

# --- Fuzzing (issue 9): libFuzzer harnesses built by clang; see tests/fuzz/README.md ------
if [ "${TQ_SKIP_FUZZ:-0}" != "1" ]; then
  CTEST_ARGS=(-L fuzz)
  run_suite "fuzz" build-fuzz -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang-14 \
    -DCMAKE_CXX_COMPILER=clang++-14 -DTQ_FUZZ=ON -DTQ_BUILD_TESTS=OFF -DTQ_BUILD_EXAMPLES=OFF \
    -DTQ_BUILD_JAVA=OFF -DTQ_BUILD_CSHARP=OFF -DTQ_BUILD_GO=OFF -DTQ_FUZZ_SECONDS=45
fi
# --- end fuzzing ------------------------------------------------------------------------

echo
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

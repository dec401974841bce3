#!/usr/bin/env bash
# run_junit.sh REPORTS_DIR MVN_COMMAND...: runs the JUnit suite through Maven (surefire,
# with -Xcheck:jni from the pom), then fails if the JVM reported any JNI misuse anywhere
# in the run's output or surefire's report and dump files, and prints the test counts.
set -uo pipefail
reports="$1"
shift
rm -rf "$reports"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if grep -rlE "(WARNING|FATAL ERROR) in native method" "$log" "$reports" 2>/dev/null; then
  echo "run_junit: -Xcheck:jni reported JNI misuse (files above)"
  status=1
fi
total=0
for f in "$reports"/*.txt; do
  [ -e "$f" ] || continue
  case "$f" in *-output.txt) continue ;; esac
  line=$(grep -E "^Tests run:" "$f" | head -1)
  echo "run_junit: $(basename "$f" .txt): $line"
  n=$(echo "$line" | sed -E 's/^Tests run: ([0-9]+).*/\1/')
  total=$((total + ${n:-0}))
done
echo "run_junit: $total JUnit tests, maven exit status $status"
[ "$total" -gt 0 ] || { echo "run_junit: no test ran"; status=1; }
exit "$status"

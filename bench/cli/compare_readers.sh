#!/usr/bin/env bash
# The tokqual command's CoNLL reader against an older version of itself, in alternation on
# the same file (bench/cli/parse_conll_timer.cpp around apps/tokqual/conll.cpp, parsing
# only, the file paged in): prints each side's best wall and CPU time per round.
#
#     bench/cli/compare_readers.sh OLD_COMMIT FILE [ROUNDS]
# e.g. bench/cli/compare_readers.sh 0bd4a50 /tmp/cli-bench/bench.conll 6
# (FILE from bench/cli/make_data.py). Builds both into a temporary directory with g++ -O3.
set -euo pipefail
cd "$(dirname "$0")/../.."
old="$1" file="$2" rounds="${3:-6}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/old"
for f in conll.cpp conll.hpp errors.hpp conll_scan.cpp conll_scan.hpp; do
  git show "$old:apps/tokqual/$f" > "$work/old/$f" 2>/dev/null || rm -f "$work/old/$f"
done
flags=(-O3 -std=c++17 -Iinclude)
old_sources=("$work/old/conll.cpp")
[ -f "$work/old/conll_scan.cpp" ] && old_sources+=("$work/old/conll_scan.cpp")
g++ "${flags[@]}" -I"$work/old" bench/cli/parse_conll_timer.cpp "${old_sources[@]}" \
  $(pkg-config --libs libhwy) -o "$work/old_reader"
g++ "${flags[@]}" -Iapps/tokqual bench/cli/parse_conll_timer.cpp apps/tokqual/conll.cpp \
  apps/tokqual/conll_scan.cpp $(pkg-config --libs libhwy) -o "$work/new_reader"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < rounds; ++i)); do  # one process per run, alternating
  echo "old $("$work/old_reader" "$file" 1)"
  echo "new $("$work/new_reader" "$file" 1)"
done | tee "$work/runs"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Best of the runs, each side: wall and CPU in ms.
awk '{ w = $(NF - 4) + 0; c = $(NF - 1) + 0
       if (!($1 in bw) || w < bw[$1]) bw[$1] = w
       if (!($1 in bc) || c < bc[$1]) bc[$1] = c }
     END { printf "best: old (%s) wall %.2f ms, cpu %.2f ms; new wall %.2f ms, cpu %.2f ms; " \
                  "cpu ratio %.1fx\n", old, bw["old"], bc["old"], bw["new"], bc["new"], bc["old"] / bc["new"] }' \
  old="$old" "$work/runs"

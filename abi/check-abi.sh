#!/usr/bin/env bash
# Checks the current sources against the committed ABI baseline (abi/*.abi): fails on
# any removed or changed function, type or enumerator value, accepts additions (new
# functions, new enumerators, fields appended to options structs; see tokqual.abignore).
#   check-abi.sh SOURCE_DIR WORK_DIR
# WORK_DIR holds the debug build of the library and the current dumps. After a release
# that deliberately changes the ABI (a new major version), regenerate the baseline with
# abi/update-baseline.sh.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
work=$2
abi_dir="$source_dir/abi"

command -v abidiff > /dev/null ||
    { echo "check-abi.sh: abidiff not found: install Debian's abigail-tools"; exit 2; }
"$abi_dir/dump-abi.sh" "$source_dir" "$work/build" "$work/current"

status=0
for dump in tokqual.abi tokqual-header-types.abi; do
    echo "== abidiff $dump (baseline -> current)"
    set +e
    abidiff --no-added-syms --suppressions "$abi_dir/tokqual.abignore" \
        "$abi_dir/$dump" "$work/current/$dump"
    rc=$?
    set -e
    # abidiff's exit status is a bit set: 1 error, 2 usage error, 4 ABI change,
    # 8 incompatible ABI change. After the suppressions, any of them fails the check.
    if (( rc & 3 )); then
        echo "check-abi.sh: abidiff could not compare $dump (status $rc)"
        status=1
    elif (( rc & 12 )); then
        echo "check-abi.sh: $dump: the ABI changed incompatibly (status $rc; see above)."
        echo "  If this is a deliberate major-version change, bump the version and run"
        echo "  abi/update-baseline.sh; otherwise keep the old declarations as they were."
        status=1
    else
        echo "check-abi.sh: $dump: compatible with the baseline"
    fi
done
exit $status

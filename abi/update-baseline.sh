#!/usr/bin/env bash
# Regenerates the committed ABI baseline (abi/tokqual.abi, abi/tokqual-header-types.abi)
# from the current sources. Run it after adding functions or types (the check accepts
# additions, but the baseline should then include them so that later removals are
# caught), or when a major release deliberately changes the ABI. Review the diff with
# `git diff abi/` before committing it.
#   abi/update-baseline.sh [BUILD_DIR]     (default: a temporary directory)
set -euo pipefail
abi_dir=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$abi_dir")
build_dir=${1:-}
if [[ -z "$build_dir" ]]; then
    build_dir=$(mktemp -d "${TMPDIR:-/tmp}/tokqual-abi.XXXXXX")
    trap 'rm -rf "$build_dir"' EXIT
fi
"$abi_dir/dump-abi.sh" "$source_dir" "$build_dir" "$abi_dir"
echo "update-baseline.sh: baseline regenerated; review it with: git diff -- $abi_dir"

#!/usr/bin/env bash
# Checks what the shared library exports: its SONAME is libtokqual.so.MAJOR, every
# defined dynamic symbol is a tq_ function (plus the version node of cmake/tokqual.map),
# each is versioned with that node, and the exported functions are exactly those the
# public header declares.
#   check_exports.sh LIBRARY HEADER SOVERSION
set -euo pipefail
lib=$1 header=$2 soversion=$3
status=0

soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [[ "$soname" != "libtokqual.so.$soversion" ]]; then
    echo "SONAME is '$soname', expected libtokqual.so.$soversion"
    status=1
fi

# "ADDRESS TYPE NAME[@@VERSION]" for every defined dynamic symbol.
nm -D --defined-only --with-symbol-versions "$lib" > "${TMPDIR:-/tmp}/tq_exports.$$"
trap 'rm -f "${TMPDIR:-/tmp}/tq_exports.$$"' EXIT
exported=()
while read -r _address type name; do
    if [[ "$type" == "A" && "$name" =~ ^TOKQUAL_[0-9]+ ]]; then
        continue  # the version node itself
    fi
    if [[ ! "$name" =~ ^tq_[a-z0-9_]+@@TOKQUAL_[0-9]+$ ]]; then
        echo "unexpected export: $type $name"
        status=1
        continue
    fi
    exported+=("${name%%@@*}")
done < "${TMPDIR:-/tmp}/tq_exports.$$"

# The functions the header declares: every TQ_API line names one.
mapfile -t declared < <(grep -E '^TQ_API' "$header" | grep -oE '\btq_[a-z0-9_]+[[:space:]]*\(' |
                        tr -d '( \t' | sort -u)
mapfile -t exported < <(printf '%s\n' "${exported[@]}" | grep . | sort -u)
if [[ ${#declared[@]} -eq 0 ]]; then
    echo "no TQ_API declarations found in $header"
    status=1
fi
missing=$(comm -23 <(printf '%s\n' "${declared[@]}") <(printf '%s\n' "${exported[@]}"))
extra=$(comm -13 <(printf '%s\n' "${declared[@]}") <(printf '%s\n' "${exported[@]}"))
[[ -z "$missing" ]] || { echo "declared in the header but not exported: $missing"; status=1; }
[[ -z "$extra" ]] || { echo "exported but not declared in the header: $extra"; status=1; }

echo "$lib: SONAME $soname, ${#exported[@]} exported tq_ functions, header declares ${#declared[@]}"
exit $status

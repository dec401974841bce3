#!/usr/bin/env bash
# Builds tests/native/consumer/consumer.c OUT OF TREE against an installed tokqual with
# pkg-config only: once with `--libs` (shared library) and once with `--static --libs`
# (libtokqual.a, so Libs.private/Requires.private must name everything it needs), and
# runs both.
#   consumer_pkgconfig.sh PREFIX LIBDIR WORK_DIR C_COMPILER [EXTRA_FLAGS]
# LIBDIR is the install libdir relative to PREFIX (CMAKE_INSTALL_LIBDIR, e.g. lib).
set -euo pipefail
prefix=$1 libdir_name=$2 work=$3 cc=$4 flags=${5:-}
source=$(cd "$(dirname "$0")/consumer" && pwd)/consumer.c
# Only the installed copy is visible to pkg-config, besides the system's own modules.
export PKG_CONFIG_PATH="$prefix/$libdir_name/pkgconfig"

rm -rf "$work"
mkdir -p "$work"
pkg-config --exists --print-errors tokqual
echo "pkg-config: tokqual $(pkg-config --modversion tokqual) in $(pkg-config --variable=prefix tokqual)"
[[ "$(pkg-config --variable=prefix tokqual)" == "$prefix" ]] ||
    { echo "pkg-config found a tokqual outside $prefix"; exit 1; }
libdir=$(pkg-config --variable=libdir tokqual)
cflags=$(pkg-config --cflags tokqual)

# Shared: the usual one-liner, plus an rpath because the prefix is not a system path.
# shellcheck disable=SC2086  # flags are word lists
"$cc" $flags $cflags -o "$work/consumer_shared" "$source" $(pkg-config --libs tokqual) -lm \
    "-Wl,-rpath,$libdir"
# Static: libtokqual.a itself (-Bstatic just around -ltokqual, since the shared library
# sits beside it) and what `--static` adds for it, so a missing Libs.private or
# Requires.private entry is a link error here rather than a surprise for users.
# (The README's recipe, word for word.)
static_libs=$(pkg-config --libs --static tokqual | sed 's/-ltokqual/-Wl,-Bstatic -ltokqual -Wl,-Bdynamic/')
echo "static link flags: $static_libs"
# shellcheck disable=SC2086
"$cc" $flags $cflags -o "$work/consumer_static" "$source" $static_libs -lm
if readelf -d "$work/consumer_static" | grep -q 'libtokqual'; then
    echo "consumer_static still needs a shared libtokqual"; exit 1
fi
"$work/consumer_shared" "pkg-config, shared"
"$work/consumer_static" "pkg-config, static"

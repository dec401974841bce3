#!/usr/bin/env bash
# Builds tests/native/consumer OUT OF TREE against an installed tokqual with CMake's
# find_package, links it to the shared and the static library, checks what each binary
# needs at run time, runs both, and checks that an incompatible version request fails.
#   consumer_cmake.sh PREFIX WORK_DIR C_COMPILER GENERATOR [EXTRA_FLAGS]
# EXTRA_FLAGS go to compiling and linking (e.g. sanitizer flags matching the library).
set -euo pipefail
prefix=$1 work=$2 cc=$3 generator=$4 flags=${5:-}
source_dir=$(cd "$(dirname "$0")/consumer" && pwd)

rm -rf "$work"
mkdir -p "$work"
configure() {  # configure BUILD_DIR [extra cmake args...]
    local dir=$1
    shift
    cmake -S "$source_dir" -B "$dir" -G "$generator" \
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "$@"
}

configure "$work/build" > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
grep -F -- "Found tokqual" "$work/configure.log"
grep -qF -- "in $prefix/" "$work/configure.log" ||
    { echo "find_package did not pick the package under $prefix"; exit 1; }
cmake --build "$work/build"

# The shared consumer loads libtokqual.so.MAJOR; the static one does not need it at all.
readelf -d "$work/build/consumer_shared" | grep -E 'NEEDED.*libtokqual\.so\.[0-9]+\]' ||
    { echo "consumer_shared does not need libtokqual.so.MAJOR"; exit 1; }
if readelf -d "$work/build/consumer_static" | grep -q 'libtokqual'; then
    echo "consumer_static still needs a shared libtokqual"; exit 1
fi
"$work/build/consumer_shared" "cmake, shared"
"$work/build/consumer_static" "cmake, static"

# SameMajorVersion: a request for the next major version must not be satisfied.
if configure "$work/build-v1" -DTQ_REQUESTED_VERSION=1.0 > "$work/configure-v1.log" 2>&1; then
    echo "find_package(tokqual 1.0) accepted this 0.x package"; exit 1
fi
grep -q "compatible with requested version \"1.0\"" "$work/configure-v1.log" ||
    { cat "$work/configure-v1.log"; echo "unexpected failure for version 1.0"; exit 1; }
echo "find_package(tokqual 1.0) is refused, as it should be"

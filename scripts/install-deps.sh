#!/usr/bin/env bash
# Installs what building and testing tokqual needs, skipping what is already there.
# Debian packages through apt-get (as root, or through sudo), Python packages through pip.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --build  only what building the library and examples needs
set -euo pipefail

build_packages=(cmake ninja-build g++ gcc pkg-config libutf8proc-dev libicu-dev libhwy-dev)
# The tokqual command (apps/tokqual): argument parsing, JSON, .npz inflation, and python3
# to generate the demo corpus at build time.
build_packages+=(libcli11-dev nlohmann-json3-dev zlib1g-dev python3)
test_packages=(libgtest-dev libbenchmark-dev abigail-tools python3 python3-pip
               valgrind)
# The tokqual command's HTML report is tested in headless Chromium.
test_packages+=(chromium)
# Java binding (issue 10): SWIG, a JDK and Maven (Maven fetches the pinned plugins, JUnit
# and Gson from Maven Central on first use).
test_packages+=(swig default-jdk-headless maven)
# C# binding (issue 11): Mono (mcs compiles C# 7; mono-devel brings the reference
# assemblies and Facades/netstandard.dll the build compiles against).
test_packages+=(mono-mcs mono-runtime mono-devel)
# The libFuzzer harnesses (issue 9): clang with libFuzzer and the sanitizer runtimes.
test_packages+=(clang-14 libclang-rt-14-dev)
python_packages=("cleanlab==2.9.0" "numpy" "pytest")

packages=("${build_packages[@]}")
want_tests=1
if [ "${1:-}" = "--build" ]; then want_tests=0; else packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# python3 and its pip may come from elsewhere (pyenv); only ask apt for what is absent.
# (Exact names: a pattern substitution would turn python3-pip into -pip.)
have_python=0; have_pip=0
command -v python3 >/dev/null 2>&1 && have_python=1
[ "$have_python" -eq 1 ] && python3 -m pip --version >/dev/null 2>&1 && have_pip=1
kept=()
for p in "${missing[@]}"; do
  if [ "$p" = python3 ] && [ "$have_python" -eq 1 ]; then continue; fi
  if [ "$p" = python3-pip ] && [ "$have_pip" -eq 1 ]; then continue; fi
  kept+=("$p")
done
missing=("${kept[@]}")

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

if [ "$want_tests" -eq 1 ]; then
  if ! python3 -c 'import cleanlab, sys; sys.exit(cleanlab.__version__ != "2.9.0")' 2>/dev/null ||
     ! python3 -c 'import pytest, numpy' 2>/dev/null; then
    echo "install-deps: pip install ${python_packages[*]}"
    python3 -m pip install -q --disable-pip-version-check "${python_packages[@]}" 2>&1 |
      grep -v "Running pip as the 'root' user" || true
  fi
fi
# Go binding (issue 12): Go 1.21+ is not a Debian 12 package (bookworm has 1.19); the
# project's machines have it in /usr/local/go, where CMake looks first. Without it the
# configure reports the binding as not built and ctest fails (go_toolchain_missing).
if [ "$want_tests" -eq 1 ] && ! [ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null 2>&1; then
  echo "install-deps: Go 1.21+ not found (expected in /usr/local/go; see https://go.dev/dl)" >&2
fi
echo "install-deps: done"

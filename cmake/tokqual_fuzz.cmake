# libFuzzer harnesses (issue 9), built with -DTQ_FUZZ=ON by clang only:
#   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DTQ_FUZZ=ON \
#       -DTQ_BUILD_TESTS=OFF -DTQ_BUILD_EXAMPLES=OFF
#   cmake --build build-fuzz && (cd build-fuzz && ctest -L fuzz)
#
# Defines tokqual_fuzz, the library compiled again from TQ_SOURCES with coverage
# instrumentation (-fsanitize=fuzzer-no-link) and the sanitizers, and
#   tq_add_fuzzer(<name> SOURCES <file>... [CORPUS <dir>] [REGRESSIONS <dir>])
# which builds the harness <name> against it and adds two CTest tests, label "fuzz":
#   <name>_regress  every file of CORPUS and REGRESSIONS run once (quick, deterministic)
#   <name>          TQ_FUZZ_SECONDS of fuzzing, starting from a copy of CORPUS in the
#                   build tree (the committed corpus is never written to)
# CORPUS defaults to corpus/<name> and REGRESSIONS to regressions/<name>, both relative
# to the calling CMakeLists.txt; REGRESSIONS may be absent. tests/fuzz/README.md says how
# to run one longer, minimize a crash and measure coverage.
#
# Included from CMakeLists.txt after the library targets and their dependencies exist.

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TQ_FUZZ=ON needs clang with libFuzzer (Debian: clang-14 and "
                      "libclang-rt-14-dev); configure with CC=clang-14 CXX=clang++-14")
endif()

set(TQ_FUZZ_SECONDS 60 CACHE STRING "Seconds each harness fuzzes in its CTest test")
set(TQ_FUZZ_RSS_LIMIT_MB 2048 CACHE STRING "libFuzzer -rss_limit_mb of the CTest runs")
set(TQ_FUZZ_TIMEOUT 30 CACHE STRING "libFuzzer -timeout (seconds per input) of the CTest runs")

# clang's "undefined" already holds float-cast-overflow and integer-divide-by-zero (GCC's
# does not); they are named so that nobody drops them by accident. float-divide-by-zero
# is left out: IEEE division by zero is defined, and the library may rely on it.
set(TQ_FUZZ_EXTRA_FLAGS "" CACHE STRING
    "More flags for the fuzz build, e.g. -fprofile-instr-generate;-fcoverage-mapping")
set(TQ_FUZZ_FLAGS -g -O1 -fno-omit-frame-pointer
  -fsanitize=address,undefined,float-cast-overflow,integer-divide-by-zero
  -fno-sanitize-recover=all ${TQ_FUZZ_EXTRA_FLAGS})

list(TRANSFORM TQ_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/" OUTPUT_VARIABLE tq_fuzz_sources)
add_library(tokqual_fuzz STATIC ${tq_fuzz_sources})
target_include_directories(tokqual_fuzz
  PUBLIC ${PROJECT_SOURCE_DIR}/include
  PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(tokqual_fuzz PUBLIC TQ_STATIC PRIVATE TQ_BUILDING_LIBRARY)
target_compile_options(tokqual_fuzz PRIVATE -fsanitize=fuzzer-no-link ${TQ_FUZZ_FLAGS})
target_link_libraries(tokqual_fuzz PUBLIC Threads::Threads)
foreach(tq_dep IN LISTS TQ_PRIVATE_PKGCONFIG_DEPS)
  string(MAKE_C_IDENTIFIER "${tq_dep}" tq_dep_id)
  target_link_libraries(tokqual_fuzz PUBLIC PkgConfig::tq_dep_${tq_dep_id})
endforeach()

# The uninstrumented libraries are only built when something else needs them (tests,
# examples): a fuzz build compiles the sources once, instrumented.
set_target_properties(tokqual tokqual_static tokqual_objects PROPERTIES EXCLUDE_FROM_ALL ON)

set(TQ_FUZZ_RUNNER "${PROJECT_SOURCE_DIR}/tests/fuzz/run_fuzzer.sh")

function(tq_add_fuzzer name)
  cmake_parse_arguments(arg "" "CORPUS;REGRESSIONS" "SOURCES" ${ARGN})
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "tq_add_fuzzer(${name}): no SOURCES")
  endif()
  if(NOT arg_CORPUS)
    set(arg_CORPUS "${CMAKE_CURRENT_SOURCE_DIR}/corpus/${name}")
  endif()
  if(NOT arg_REGRESSIONS)
    set(arg_REGRESSIONS "${CMAKE_CURRENT_SOURCE_DIR}/regressions/${name}")
  endif()
  add_executable(${name} ${arg_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer ${TQ_FUZZ_FLAGS})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer ${TQ_FUZZ_FLAGS})
  target_link_libraries(${name} PRIVATE tokqual_fuzz)

  set(limits -rss_limit_mb=${TQ_FUZZ_RSS_LIMIT_MB} -timeout=${TQ_FUZZ_TIMEOUT})
  add_test(NAME ${name}_regress
    COMMAND ${TQ_FUZZ_RUNNER} regress $<TARGET_FILE:${name}> ${arg_CORPUS} ${arg_REGRESSIONS}
            ${limits})
  set_tests_properties(${name}_regress PROPERTIES LABELS "fuzz" TIMEOUT 300)
  add_test(NAME ${name}
    COMMAND ${TQ_FUZZ_RUNNER} fuzz $<TARGET_FILE:${name}> ${arg_CORPUS}
            ${CMAKE_CURRENT_BINARY_DIR}/fuzz-work/${name}
            -max_total_time=${TQ_FUZZ_SECONDS} ${limits})
  # One fuzzer at a time: each uses a whole core, and the CI machine has two.
  math(EXPR tq_fuzz_test_timeout "${TQ_FUZZ_SECONDS} + 240")
  set_tests_properties(${name} PROPERTIES LABELS "fuzz" RUN_SERIAL ON
                       TIMEOUT ${tq_fuzz_test_timeout})
endfunction()

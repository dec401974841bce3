# libFuzzer harnesses of the tokqual command's input readers (issue 13): the CoNLL reader
# and the .npy/.npz reader of apps/tokqual, compiled into the harness with the fuzzing
# instrumentation. Included from tests/fuzz/CMakeLists.txt (needs tq_add_fuzzer, from
# cmake/tokqual_fuzz.cmake, and zlib for the deflated .npz members).
find_package(ZLIB REQUIRED)
set(tq_cli_dir ${PROJECT_SOURCE_DIR}/apps/tokqual)
tq_add_fuzzer(fuzz_conll SOURCES fuzz_conll.cpp ${tq_cli_dir}/conll.cpp ${tq_cli_dir}/conll_scan.cpp)
tq_add_fuzzer(fuzz_npy SOURCES fuzz_npy.cpp ${tq_cli_dir}/npy.cpp)
foreach(tq_fuzzer fuzz_conll fuzz_npy)
  target_include_directories(${tq_fuzzer} PRIVATE ${tq_cli_dir} ${PROJECT_SOURCE_DIR}/tests/cli)
  target_link_libraries(${tq_fuzzer} PRIVATE ZLIB::ZLIB)
endforeach()

# Writes SWIG's Go output for tokqual_go.i into OUT (capi.go, gofmt'd, and tokqual_wrap.c).
#   cmake -DSWIG=... -DGOFMT=... -DOUT=<dir> -P generate.cmake
# Run from any folder; SWIG runs in this file's folder so the output names no absolute path.
set(here ${CMAKE_CURRENT_LIST_DIR})
file(MAKE_DIRECTORY ${OUT})
execute_process(
  COMMAND ${SWIG} -go -cgo -intgosize 64 -I../../include -outdir ${OUT}
          -o ${OUT}/tokqual_wrap.c tokqual_go.i
  WORKING_DIRECTORY ${here} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "swig failed (${rc})")
endif()
execute_process(COMMAND ${GOFMT} -w ${OUT}/capi.go RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gofmt failed (${rc})")
endif()
# With -DCOMPARE=<dir>: fail unless the files there equal the ones just generated (the
# committed internal/capi is what tokqual_go.i and tokqual.h give).
if(COMPARE)
  foreach(f capi.go tokqual_wrap.c)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${f} ${COMPARE}/${f}
                    RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${COMPARE}/${f} differs from what SWIG generates now: "
                          "run `cmake --build <build> --target tokqual_go_generate` and commit it")
    endif()
  endforeach()
  message(STATUS "internal/capi is up to date")
endif()

# Shared by the SWIG bindings' CMakeLists.txt (bindings/java, csharp, go).

# tq_binding_toolchain_check(DISPLAY LABEL MISSING_VAR HINT): when the list in MISSING_VAR
# is not empty, the binding cannot be built: say so in the configure output (naming what
# is missing, and HINT: how to get it) and, with tests, add a test of label LABEL that
# always fails, so that a test run never skips the binding silently; then stop reading
# the calling CMakeLists.txt. A macro, so that its return() leaves the caller.
macro(tq_binding_toolchain_check display label missing_var hint)
  if(${missing_var})
    string(REPLACE ";" ", " tq_missing "${${missing_var}}")
    message(STATUS "${display} binding: NOT built (missing: ${tq_missing}; ${hint})")
    if(TQ_BUILD_TESTS)
      add_test(NAME ${label}_toolchain_missing COMMAND ${CMAKE_COMMAND} -E false)
      set_tests_properties(${label}_toolchain_missing PROPERTIES LABELS "${label}")
    endif()
    return()
  endif()
endmacro()

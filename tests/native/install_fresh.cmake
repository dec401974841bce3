# Installs the build tree into a fresh prefix and checks the installed layout.
#   cmake -DBUILD_DIR=<build> -DPREFIX=<empty dir to create> -DLIBDIR=lib -DVERSION=x.y.z
#         -DSOVERSION=<major> -P install_fresh.cmake
# Used as the CTest fixture that the out-of-tree consumer tests (C and Rust) build against.
foreach(var BUILD_DIR PREFIX LIBDIR VERSION SOVERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_fresh.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${status})")
endif()

set(lib "${PREFIX}/${LIBDIR}")
foreach(file
    "include/tokqual/tokqual.h"
    "${LIBDIR}/libtokqual.so.${VERSION}"
    "${LIBDIR}/libtokqual.a"
    "${LIBDIR}/cmake/tokqual/tokqualConfig.cmake"
    "${LIBDIR}/cmake/tokqual/tokqualConfigVersion.cmake"
    "${LIBDIR}/cmake/tokqual/tokqualTargets.cmake"
    "${LIBDIR}/pkgconfig/tokqual.pc")
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "not installed: ${file}")
  endif()
endforeach()

# The SONAME chain: libtokqual.so -> libtokqual.so.MAJOR -> libtokqual.so.MAJOR.MINOR.PATCH
foreach(pair "libtokqual.so:libtokqual.so.${SOVERSION}"
             "libtokqual.so.${SOVERSION}:libtokqual.so.${VERSION}")
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 link)
  list(GET pair 1 target)
  if(NOT IS_SYMLINK "${lib}/${link}")
    message(FATAL_ERROR "${lib}/${link} is not a symbolic link")
  endif()
  file(READ_SYMLINK "${lib}/${link}" points_to)
  if(NOT points_to STREQUAL target)
    message(FATAL_ERROR "${lib}/${link} points to ${points_to}, expected ${target}")
  endif()
endforeach()

# The prefix recorded in tokqual.pc is the install prefix, not the configure-time one.
file(STRINGS "${lib}/pkgconfig/tokqual.pc" prefix_line REGEX "^prefix=")
if(NOT prefix_line STREQUAL "prefix=${PREFIX}")
  message(FATAL_ERROR "tokqual.pc has '${prefix_line}', expected 'prefix=${PREFIX}'")
endif()
message(STATUS "installed tokqual ${VERSION} into ${PREFIX}")

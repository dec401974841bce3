# The installable package (issue 5): what `cmake --install` lays out, and how native
# programs find it afterwards.
#
#   include/tokqual/tokqual.h
#   lib/libtokqual.so -> libtokqual.so.MAJOR -> libtokqual.so.MAJOR.MINOR.PATCH
#   lib/libtokqual.a
#   lib/cmake/tokqual/tokqualConfig.cmake, tokqualConfigVersion.cmake, tokqualTargets*.cmake
#                     find_package(tokqual CONFIG REQUIRED) gives tokqual::tokqual (shared)
#                     and tokqual::tokqual_static; any 0.x >= the requested version matches
#                     (SameMajorVersion: the SONAME changes with the major version only)
#   lib/pkgconfig/tokqual.pc
#                     pkg-config --cflags --libs tokqual (add --static for libtokqual.a)
#   share/doc/tokqual/LICENSE
#
# Private dependencies: TQ_PRIVATE_PKGCONFIG_DEPS lists the pkg-config modules that
# libtokqual uses internally (for example libutf8proc or icu-uc). This file links each of
# them into both libraries, writes them to tokqual.pc as Requires.private (so that
# `pkg-config --static` adds their flags) and has tokqualConfig.cmake find them again for
# tokqual::tokqual_static. Adding a private dependency is therefore one line: append its
# pkg-config module name to that list, before this file is included.
#
# Included from CMakeLists.txt right after the library targets are defined.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TQ_CMAKE_PACKAGE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/tokqual")

# --- Private dependencies ------------------------------------------------------------

if(TQ_PRIVATE_PKGCONFIG_DEPS)
  find_package(PkgConfig REQUIRED)
endif()
foreach(tq_dep IN LISTS TQ_PRIVATE_PKGCONFIG_DEPS)
  # The imported target is named PkgConfig::tq_dep_<module>; tokqualConfig.cmake creates
  # the same name on the consumer's side, which the exported static target refers to.
  string(MAKE_C_IDENTIFIER "${tq_dep}" tq_dep_id)
  pkg_check_modules(tq_dep_${tq_dep_id} REQUIRED IMPORTED_TARGET GLOBAL ${tq_dep})
  target_link_libraries(tokqual_objects PRIVATE PkgConfig::tq_dep_${tq_dep_id})
  target_link_libraries(tokqual PRIVATE PkgConfig::tq_dep_${tq_dep_id})
  # PRIVATE on a static library still propagates as $<LINK_ONLY:...>: its users link it.
  target_link_libraries(tokqual_static PRIVATE PkgConfig::tq_dep_${tq_dep_id})
endforeach()

# --- The C++ runtime, for C programs that link libtokqual.a -------------------------

# libtokqual.a holds C++ objects. A C program's link line lacks the C++ runtime, and
# CMake does not add it for imported static libraries when the consumer enables only C,
# so the static target names it (from the compiler that built the library: libstdc++ for
# GCC, libc++ where that is the default) and so does tokqual.pc's Libs.private.
set(TQ_CXX_RUNTIME_LIBS ${CMAKE_CXX_IMPLICIT_LINK_LIBRARIES})
if(CMAKE_C_IMPLICIT_LINK_LIBRARIES)
  list(REMOVE_ITEM TQ_CXX_RUNTIME_LIBS ${CMAKE_C_IMPLICIT_LINK_LIBRARIES})
endif()
list(REMOVE_DUPLICATES TQ_CXX_RUNTIME_LIBS)
target_link_libraries(tokqual_static INTERFACE ${TQ_CXX_RUNTIME_LIBS})

# --- Libraries and header ----------------------------------------------------------

set_target_properties(tokqual PROPERTIES EXPORT_NAME tokqual)
set_target_properties(tokqual_static PROPERTIES EXPORT_NAME tokqual_static)

install(TARGETS tokqual tokqual_static
  EXPORT tokqualTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/tokqual/tokqual.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tokqual)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# --- CMake package -----------------------------------------------------------------

install(EXPORT tokqualTargets
  NAMESPACE tokqual::
  DESTINATION ${TQ_CMAKE_PACKAGE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/tokqualConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/tokqualConfig.cmake
  INSTALL_DESTINATION ${TQ_CMAKE_PACKAGE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/package/tokqualConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/package/tokqualConfig.cmake
  ${PROJECT_BINARY_DIR}/package/tokqualConfigVersion.cmake
  DESTINATION ${TQ_CMAKE_PACKAGE_DIR})

# --- pkg-config --------------------------------------------------------------------

# Static linking needs threads, the C++ runtime (see above) and the private dependencies.
set(TQ_PC_LIBS_PRIVATE "")
if(CMAKE_THREAD_LIBS_INIT)
  list(APPEND TQ_PC_LIBS_PRIVATE ${CMAKE_THREAD_LIBS_INIT})
else()
  list(APPEND TQ_PC_LIBS_PRIVATE -pthread)  # glibc >= 2.34 needs nothing; harmless there
endif()
foreach(tq_lib IN LISTS TQ_CXX_RUNTIME_LIBS)
  list(APPEND TQ_PC_LIBS_PRIVATE "-l${tq_lib}")
endforeach()
list(JOIN TQ_PC_LIBS_PRIVATE " " TQ_PC_LIBS_PRIVATE)
list(JOIN TQ_PRIVATE_PKGCONFIG_DEPS ", " TQ_PC_REQUIRES_PRIVATE)

# The prefix is only known at install time (`cmake --install --prefix DIR`): the file is
# configured now for everything else, keeping @TQ_PC_PREFIX@, and again when installing.
foreach(tq_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${tq_dir}}")
    set(TQ_PC_${tq_dir} "${CMAKE_INSTALL_${tq_dir}}")
  else()
    set(TQ_PC_${tq_dir} "\${prefix}/${CMAKE_INSTALL_${tq_dir}}")
  endif()
endforeach()
set(TQ_PC_PREFIX "@TQ_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/tokqual.pc.in
  ${PROJECT_BINARY_DIR}/package/tokqual.pc.in @ONLY)
install(CODE "
  set(TQ_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/package/tokqual.pc.in\"
                 \"${PROJECT_BINARY_DIR}/package/tokqual.pc\" @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/package/tokqual.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

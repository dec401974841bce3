//go:build !tokqual_pkgconfig

package capi

// In the source tree: the header from include/ and the library CMake built, which the
// build links as lib/libtokqual.so here (a symlink; see bindings/go/CMakeLists.txt), found
// at run time through the rpath. Elsewhere the -L and rpath folders do not exist and the
// linker falls back to its default paths (e.g. /usr/local/lib after `cmake --install`).
// Build with -tags tokqual_pkgconfig to take the flags from tokqual.pc instead.

/*
#cgo CFLAGS: -I${SRCDIR}/../../../../include
#cgo LDFLAGS: -L${SRCDIR}/lib -Wl,-rpath,${SRCDIR}/lib -ltokqual
*/
import "C"

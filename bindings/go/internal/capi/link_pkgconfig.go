//go:build tokqual_pkgconfig

package capi

// The installed library, as tokqual.pc describes it (PKG_CONFIG_PATH must find it).

// #cgo pkg-config: tokqual
import "C"

package tokqual

import (
	"fmt"

	"tokqual.dev/tokqual/internal/capi"
)

// The version of tokqual.h this binding was generated from (TQ_VERSION_*).
const (
	VersionMajor  = 0
	VersionMinor  = 1
	VersionPatch  = 0
	VersionNumber = VersionMajor*10000 + VersionMinor*100 + VersionPatch
)

// Version is the loaded library's version, "MAJOR.MINOR.PATCH".
func Version() string { return capi.Version() }

// LoadedVersionNumber is the loaded library's major * 10000 + minor * 100 + patch.
func LoadedVersionNumber() int { return capi.Version_number() }

// lastErrorMessage is tq_last_error_message. It is only meaningful on the OS thread of
// the failed call, which a goroutine may have left: every *Error already carries the
// message read in the failing call. Tests use it with runtime.LockOSThread.
func lastErrorMessage() string { return capi.Last_error_message() }

// init fails fast when the library found at run time cannot serve this binding: another
// major version, or an older release than the header the binding was generated from (a
// function it calls could be missing or behave differently).
func init() {
	loaded := capi.Version_number()
	if loaded/10000 != VersionMajor || loaded < VersionNumber {
		panic(fmt.Sprintf("tokqual: the loaded library is version %s (%d); this Go binding needs %d.%d.%d or a later %d.x",
			capi.Version(), loaded, VersionMajor, VersionMinor, VersionPatch, VersionMajor))
	}
}

package capi

import "unsafe"

// Failure is a non-OK status and the library's message, read in the C call that failed.
type Failure struct {
	Status  int32
	Message string
}

// newFailure turns what tq_go_failure returned (empty for TQ_OK; else the status byte and
// the message, in C memory) into a *Failure, copying it into Go memory and freeing it.
func newFailure(s string) *Failure {
	if len(s) == 0 {
		return nil
	}
	f := &Failure{Status: int32(s[0]), Message: string([]byte(s[1:]))}
	Free_failure(int64(uintptr(unsafe.Pointer(unsafe.StringData(s)))))
	return f
}

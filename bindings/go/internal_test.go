package tokqual

import (
	"runtime"
	"strings"
	"testing"
)

// The message every *Error carries is the one tq_last_error_message gives on the thread
// of the failed call.
func TestLastErrorMessageOnTheSameThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	_, err := MapLabels([]int32{5}, []int32{0})
	e, ok := err.(*Error)
	if !ok || e.Status != StatusInvalidLabel {
		t.Fatalf("%v", err)
	}
	if m := lastErrorMessage(); m != e.Message || !strings.Contains(m, "labels[0] = 5") {
		t.Fatalf("thread message %q, error %q", m, e.Message)
	}
}

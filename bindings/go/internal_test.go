package tokqual

import (
	"runtime"
	"strings"
	"testing"
	"time"
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

// Inspectors never closed are freed by their finalizer (the safety net), and closed ones
// are not freed twice.
func TestInspectorFinalizer(t *testing.T) {
	// Let the finalizers of earlier tests' inspectors run first.
	for i := 0; i < 5; i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	before := liveInspectors.Load()
	for i := 0; i < 1000; i++ {
		in, err := NewInspector(50, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			in.Close()
		}
	}
	if n := liveInspectors.Load() - before; n != 500 {
		t.Fatalf("%d inspectors live, want 500", n)
	}
	for deadline := time.Now().Add(10 * time.Second); liveInspectors.Load() > before; {
		if time.Now().After(deadline) {
			t.Fatalf("%d inspectors never freed", liveInspectors.Load()-before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

package tokqual

import (
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"tokqual.dev/tokqual/internal/capi"
)

// Inspector finds label issues in data too large to hold at once, or spread over
// several processes (cleanlab's low-memory mode), reading the data twice in batches of
// whole sentences:
//
//  1. UpdateThresholds on every batch, then FinishThresholds;
//  2. Score on every batch (with the batch's first sentence index);
//  3. FindLabelIssues.
//
// Inspectors that saw different shards combine with Merge; Save and LoadInspector move
// one between processes. An Inspector's methods may be called from several goroutines:
// they run one at a time. Close frees the C memory; a finalizer frees it too if Close
// was never called, but call Close (the garbage collector does not see the C memory).
type Inspector struct {
	mu       sync.Mutex
	handle   uintptr // the tq_inspector *, 0 once closed
	nClasses int
}

// NewInspector returns an inspector for nClasses classes (1 to 46340), in pass 1.
// opts nil means defaults.
func NewInspector(nClasses int, opts *InspectorOptions) (*Inspector, error) {
	o, free, err := nativeInspector(opts)
	if err != nil {
		return nil, err
	}
	defer free()
	var h uintptr
	if err := fromFailure(capi.Inspector_create(int64(nClasses), o, &h)); err != nil {
		return nil, err
	}
	return wrapInspector(h, nClasses), nil
}

// LoadInspector rebuilds an inspector from the bytes Save returned (possibly in another
// process). Damaged bytes are an error (StatusInvalidValue).
func LoadInspector(saved []byte) (*Inspector, error) {
	var h uintptr
	buf := saved
	if buf == nil {
		buf = []byte{} // an empty state is "not an inspector", not a NULL argument
	}
	if err := fromFailure(capi.Inspector_load(buf, uint64(len(buf)), &h)); err != nil {
		return nil, err
	}
	// The C API has no getter for the class count; the bytes the library just accepted
	// hold it at offset 12 in format version 1 ("TQINSPCT", u32 version, i64 n_classes,
	// little-endian; src/inspector_io.cpp).
	in := wrapInspector(h, 0)
	if len(saved) < 20 || string(saved[:8]) != "TQINSPCT" || binary.LittleEndian.Uint32(saved[8:12]) != 1 {
		in.Close()
		return nil, errorf(StatusInvalidValue,
			"LoadInspector: saved state of a format version this binding cannot read (it knows version 1)")
	}
	in.nClasses = int(int64(binary.LittleEndian.Uint64(saved[12:20])))
	return in, nil
}

// liveInspectors counts the C inspectors not yet freed (for the finalizer test).
var liveInspectors atomic.Int64

func wrapInspector(h uintptr, nClasses int) *Inspector {
	liveInspectors.Add(1)
	in := &Inspector{handle: h, nClasses: nClasses}
	runtime.SetFinalizer(in, (*Inspector).Close)
	return in
}

// Close frees the inspector. It is idempotent; any other method called after it returns
// ErrClosed.
func (in *Inspector) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.handle != 0 {
		capi.Inspector_destroy(in.handle)
		liveInspectors.Add(-1)
		in.handle = 0
		runtime.SetFinalizer(in, nil)
	}
	return nil
}

// NClasses is the number of classes the inspector was made for.
func (in *Inspector) NClasses() int { return in.nClasses }

// do runs call with the handle, holding the lock; ErrClosed after Close.
func (in *Inspector) do(call func(h uintptr) *capi.Failure) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.handle == 0 {
		return ErrClosed
	}
	err := fromFailure(call(in.handle))
	runtime.KeepAlive(in)
	return err
}

// Clone returns an independent copy (same pass, options and data).
func (in *Inspector) Clone() (*Inspector, error) {
	var h uintptr
	if err := in.do(func(p uintptr) *capi.Failure { return capi.Inspector_clone(p, &h) }); err != nil {
		return nil, err
	}
	return wrapInspector(h, in.nClasses), nil
}

func (in *Inspector) batch(fn string, labels []int32, n int) error {
	return probsLength(fn, "pred_probs", n, len(labels), "len(labels)", in.nClasses)
}

// UpdateThresholds is pass 1 on one batch of tokens (labels and their probability rows,
// row-major). On error the inspector is unchanged.
func (in *Inspector) UpdateThresholds(labels []int32, predProbs []float32) error {
	if err := in.batch("UpdateThresholds", labels, len(predProbs)); err != nil {
		return err
	}
	return in.do(func(h uintptr) *capi.Failure {
		return capi.Inspector_update_thresholds_f32(h, labels, predProbs, int64(len(labels)), int64(in.nClasses))
	})
}

// UpdateThresholdsFloat64 is UpdateThresholds with float64 probabilities.
func (in *Inspector) UpdateThresholdsFloat64(labels []int32, predProbs []float64) error {
	if err := in.batch("UpdateThresholds", labels, len(predProbs)); err != nil {
		return err
	}
	return in.do(func(h uintptr) *capi.Failure {
		return capi.Inspector_update_thresholds_f64(h, labels, predProbs, int64(len(labels)), int64(in.nClasses))
	})
}

// FinishThresholds ends pass 1 and fixes the thresholds.
func (in *Inspector) FinishThresholds() error {
	return in.do(func(h uintptr) *capi.Failure { return capi.Inspector_finish_thresholds(h) })
}

// Thresholds returns the current confident thresholds, one per class.
func (in *Inspector) Thresholds() ([]float64, error) {
	out := make([]float64, in.nClasses)
	if err := in.do(func(h uintptr) *capi.Failure {
		return capi.Inspector_thresholds(h, out, int64(in.nClasses))
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// Score is pass 2 on one batch of whole sentences whose first sentence has the
// dataset-wide index firstSentence (offsets start at 0 within the batch). It returns
// each token's score. On error the inspector is unchanged.
func (in *Inspector) Score(firstSentence int64, offsets []int64, labels []int32, predProbs []float32) ([]float64, error) {
	return in.score(firstSentence, offsets, labels, len(predProbs), func(h uintptr, n int64, out []float64) *capi.Failure {
		return capi.Inspector_score_f32(h, firstSentence, offsets, n, labels, predProbs, int64(len(labels)),
			int64(in.nClasses), out)
	})
}

// ScoreFloat64 is Score with float64 probabilities.
func (in *Inspector) ScoreFloat64(firstSentence int64, offsets []int64, labels []int32, predProbs []float64) ([]float64, error) {
	return in.score(firstSentence, offsets, labels, len(predProbs), func(h uintptr, n int64, out []float64) *capi.Failure {
		return capi.Inspector_score_f64(h, firstSentence, offsets, n, labels, predProbs, int64(len(labels)),
			int64(in.nClasses), out)
	})
}

func (in *Inspector) score(first int64, offsets []int64, labels []int32, nProbs int,
	call func(h uintptr, nSentences int64, out []float64) *capi.Failure) ([]float64, error) {
	const fn = "Score"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return nil, err
	}
	if err := in.batch(fn, labels, nProbs); err != nil {
		return nil, err
	}
	out := make([]float64, len(labels))
	if err := in.do(func(h uintptr) *capi.Failure { return call(h, nSentences, out) }); err != nil {
		return nil, err
	}
	return out, nil
}

// Merge adds everything from saw to in; from is unchanged. Both must have the same
// classes and options and be in the same pass (in pass 2 with the same thresholds), and
// must not have scored the same sentences.
func (in *Inspector) Merge(from *Inspector) error {
	if from == nil {
		return errorf(StatusNullArgument, "Merge: from is nil")
	}
	if from == in {
		// The library refuses it with its own message; one lock only.
		return in.do(func(h uintptr) *capi.Failure { return capi.Inspector_merge(h, h) })
	}
	// Lock in a fixed order so that a.Merge(b) and b.Merge(a) cannot deadlock.
	first, second := in, from
	if uintptrOf(from) < uintptrOf(in) {
		first, second = from, in
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if in.handle == 0 || from.handle == 0 {
		return ErrClosed
	}
	err := fromFailure(capi.Inspector_merge(in.handle, from.handle))
	runtime.KeepAlive(in)
	runtime.KeepAlive(from)
	return err
}

// Counts returns the number of tokens seen in pass 1 and scored in pass 2.
func (in *Inspector) Counts() (thresholdTokens, scoredTokens int64, err error) {
	err = in.do(func(h uintptr) *capi.Failure { return capi.Inspector_counts(h, &thresholdTokens, &scoredTokens) })
	return thresholdTokens, scoredTokens, err
}

// NumLabelIssues returns the number of issues estimated in pass 2.
func (in *Inspector) NumLabelIssues() (int, error) {
	var n int64
	err := in.do(func(h uintptr) *capi.Failure { return capi.Inspector_num_label_issues(h, &n) })
	return int(n), err
}

// FindLabelIssues returns the label issues, most severe first.
func (in *Inspector) FindLabelIssues() ([]Issue, error) {
	var result []Issue
	err := in.do(func(h uintptr) *capi.Failure {
		var n int64
		if f := capi.Inspector_num_label_issues(h, &n); f != nil {
			return f
		}
		s, t := make([]int64, n), make([]int64, n)
		var count int64
		if f := capi.Inspector_find_label_issues(h, s, t, n, &count); f != nil {
			return f
		}
		result = issuesOf(s[:count], t[:count])
		return nil
	})
	return result, err
}

// Save returns the inspector's whole state as bytes (a portable, versioned format) for
// LoadInspector.
func (in *Inspector) Save() ([]byte, error) {
	var out []byte
	err := in.do(func(h uintptr) *capi.Failure {
		var size uint64
		if f := capi.Inspector_save(h, nil, 0, &size); f != nil && Status(f.Status) != StatusBufferTooSmall {
			return f
		}
		out = make([]byte, size)
		return capi.Inspector_save(h, out, size, &size)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func uintptrOf(in *Inspector) uintptr { return uintptr(unsafe.Pointer(in)) }

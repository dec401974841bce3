package tokqual

import "math"

// Float is the element type of probabilities: float32 (computed in double by the
// library) or float64.
type Float interface {
	float32 | float64
}

// sentences checks offsets has at least one entry and returns the number of sentences.
func sentences(fn string, offsets []int64) (int64, error) {
	if len(offsets) == 0 {
		return 0, errorf(StatusInvalidSize,
			"%s: len(offsets) = 0; offsets needs n_sentences + 1 entries (at least 1)", fn)
	}
	return int64(len(offsets) - 1), nil
}

// probsLength checks that a probability slice holds rows x nClasses values, the number
// the library reads.
func probsLength(fn, name string, n int, rows int, rowsName string, nClasses int) error {
	if nClasses < 0 {
		return errorf(StatusInvalidSize, "%s: n_classes = %d is negative", fn, nClasses)
	}
	if nClasses > 0 && rows > math.MaxInt64/nClasses {
		return errorf(StatusInvalidSize, "%s: %s = %d times n_classes = %d overflows", fn, rowsName, rows, nClasses)
	}
	if n != rows*nClasses {
		return errorf(StatusInvalidSize, "%s: len(%s) = %d, want %s * n_classes = %d * %d",
			fn, name, n, rowsName, rows, nClasses)
	}
	return nil
}

// sameLength checks two slices that the library reads as one count have equal lengths.
func sameLength(fn, a string, na int, b string, nb int) error {
	if na != nb {
		return errorf(StatusInvalidSize, "%s: len(%s) = %d differs from len(%s) = %d", fn, a, na, b, nb)
	}
	return nil
}

// resultLength is the length of a result of a x b elements of elemSize bytes, or an error
// when that many bytes cannot be addressed (the library refuses such sizes too; Go must
// not try to allocate them first).
func resultLength(fn, what string, a, b, elemSize int) (int, error) {
	if a < 0 || b < 0 || (b > 0 && a > math.MaxInt64/elemSize/b) {
		return 0, errorf(StatusInvalidSize, "%s: %s = %d x %d elements overflows", fn, what, a, b)
	}
	return a * b, nil
}

// maxClasses is the library's limit for the confident-learning calls (tokqual.h,
// "Limits"); checked in Go where Go allocates a result of n_classes (or its square)
// elements, with the library's message.
const maxClasses = 46340

func classesLimit(fn string, nClasses int) error {
	if nClasses > maxClasses {
		return errorf(StatusInvalidSize,
			"%s: n_classes = %d is too large for a confident joint (at most %d classes)", fn, nClasses, maxClasses)
	}
	return nil
}

// isFloat32 reports whether P is float32 (the _f32 entry points).
func isFloat32[P Float](p []P) bool {
	_, ok := any(p).([]float32)
	return ok
}

// f32 and f64 view a []P as the concrete slice type (no copy).
func f32[P Float](p []P) []float32 { r, _ := any(p).([]float32); return r }
func f64[P Float](p []P) []float64 { r, _ := any(p).([]float64); return r }

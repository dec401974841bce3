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

// isFloat32 reports whether P is float32 (the _f32 entry points).
func isFloat32[P Float](p []P) bool {
	_, ok := any(p).([]float32)
	return ok
}

// f32 and f64 view a []P as the concrete slice type (no copy).
func f32[P Float](p []P) []float32 { r, _ := any(p).([]float32); return r }
func f64[P Float](p []P) []float64 { r, _ := any(p).([]float64); return r }

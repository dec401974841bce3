package tokqual_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"tokqual.dev/tokqual"
)

// conformanceDir is tests/conformance, or TOKQUAL_CONFORMANCE_DIR when set.
func conformanceDir() string {
	if d := os.Getenv("TOKQUAL_CONFORMANCE_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "tests", "conformance")
}

// load reads a conformance file into generic JSON values (numbers as json.Number).
func load(t testing.TB, name string) map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(conformanceDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := json.NewDecoder(f)
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// num is a JSON number, or "nan", "inf", "-inf", or an integer as a decimal string.
func num(v any) float64 {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			panic(err)
		}
		return f
	case string:
		switch x {
		case "nan":
			return math.NaN()
		case "inf":
			return math.Inf(1)
		case "-inf":
			return math.Inf(-1)
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			panic(err)
		}
		return f
	}
	panic("not a number")
}

// integer is a JSON integer (number or decimal string), exactly.
func integer(v any) int64 {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = x
	default:
		panic("not an integer")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

func list(v any) []any         { return v.([]any) }
func obj(v any) map[string]any { return v.(map[string]any) }

func floats(v any) []float64 {
	var out []float64
	var walk func(any)
	walk = func(x any) {
		if a, ok := x.([]any); ok {
			for _, y := range a {
				walk(y)
			}
			return
		}
		out = append(out, num(x))
	}
	walk(v)
	if out == nil {
		out = []float64{}
	}
	return out
}

func float32s(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

func int64s(v any) []int64 {
	var out []int64
	var walk func(any)
	walk = func(x any) {
		if a, ok := x.([]any); ok {
			for _, y := range a {
				walk(y)
			}
			return
		}
		out = append(out, integer(x))
	}
	walk(v)
	if out == nil {
		out = []int64{}
	}
	return out
}

func int32s(v any) []int32 {
	l := int64s(v)
	out := make([]int32, len(l))
	for i, x := range l {
		out[i] = int32(x)
	}
	return out
}

func strs(v any) []string {
	a := list(v)
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = x.(string)
	}
	return out
}

func issuesOf(v any) []tokqual.Issue {
	flat := int64s(v)
	out := []tokqual.Issue{}
	for k := 0; k+1 < len(flat); k += 2 {
		out = append(out, tokqual.Issue{Sentence: int(flat[k]), Token: int(flat[k+1])})
	}
	return out
}

func assertClose(t *testing.T, what string, want, got []float64) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !(math.Abs(want[i]-got[i]) <= 1e-12) {
			t.Fatalf("%s[%d]: cleanlab %v, tokqual %v", what, i, want[i], got[i])
		}
	}
}

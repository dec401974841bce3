package tokqual_test

import (
	"math/rand"
	"runtime"
	"testing"
	"time"

	"tokqual.dev/tokqual"
	"tokqual.dev/tokqual/internal/capi"
)

// BenchmarkScores: label-quality scores of 1M tokens (9 classes, float32, sentences of 5
// to 25 tokens, one thread) through the binding and through the same C call made from C
// on the same memory, in one run:
//
//	go test -run '^$' -bench Scores -benchtime 20x
//
// C times the library call inside C; Go the whole binding call from Go (length checks,
// options struct, cgo call). The CTest smoke run uses -benchtime 1x.
const benchTokens, benchClasses = 1 << 20, 9

type benchData struct {
	offsets []int64
	labels  []int32
	probs   []float32
}

func newBenchData(n int) benchData {
	r := rand.New(rand.NewSource(1))
	d := benchData{offsets: []int64{0}, labels: make([]int32, n), probs: make([]float32, n*benchClasses)}
	for t := 0; t < n; {
		t += 5 + r.Intn(21)
		if t > n {
			t = n
		}
		d.offsets = append(d.offsets, int64(t))
	}
	for t := 0; t < n; t++ {
		d.labels[t] = int32(r.Intn(benchClasses))
		var sum float32
		row := d.probs[t*benchClasses : (t+1)*benchClasses]
		for k := range row {
			row[k] = r.Float32()
			sum += row[k]
		}
		for k := range row {
			row[k] /= sum
		}
	}
	return d
}

func BenchmarkScores(b *testing.B) {
	d := newBenchData(benchTokens)
	sent, tok := make([]float64, len(d.offsets)-1), make([]float64, benchTokens)
	o := tokqual.DefaultScoreOptions()
	o.NThreads = 1
	// The paths alternate, so that both see the same load on a busy machine, and each is
	// timed in wall time and in thread CPU time (which preemption does not inflate; the
	// goroutine stays on its thread). The minimum of each is the least disturbed call.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const inf = time.Duration(1 << 62)
	cWall, cCPU, goWall, goCPU := inf, inf, inf, inf
	for i := 0; i < b.N; i++ {
		for _, cpu := range []bool{false, true} {
			ns := capi.BenchScoresC(cpu, d.offsets, d.labels, d.probs, benchClasses, 1, sent, tok)
			if ns < 0 {
				b.Fatalf("status %d", -ns)
			}
			if cpu {
				cCPU = min(cCPU, time.Duration(ns))
			} else {
				cWall = min(cWall, time.Duration(ns))
			}
		}
		start, startCPU := time.Now(), capi.ThreadCPUNanos()
		if err := tokqual.LabelQualityScoresInto(d.offsets, d.labels, d.probs, benchClasses, &o, sent, tok); err != nil {
			b.Fatal(err)
		}
		goCPU = min(goCPU, time.Duration(capi.ThreadCPUNanos()-startCPU))
		goWall = min(goWall, time.Since(start))
	}
	b.ReportMetric(float64(cWall.Microseconds()), "C-wall-us")
	b.ReportMetric(float64(goWall.Microseconds()), "Go-wall-us")
	b.ReportMetric(float64(goWall)/float64(cWall), "Go/C-wall")
	b.ReportMetric(float64(cCPU.Microseconds()), "C-cpu-us")
	b.ReportMetric(float64(goCPU.Microseconds()), "Go-cpu-us")
	b.ReportMetric(float64(goCPU)/float64(cCPU), "Go/C-cpu")
}

// BenchmarkScoresAllocating is the binding's allocating form (result slices made per call).
func BenchmarkScoresAllocating(b *testing.B) {
	d := newBenchData(benchTokens)
	o := tokqual.DefaultScoreOptions()
	o.NThreads = 1
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := tokqual.LabelQualityScores(d.offsets, d.labels, d.probs, benchClasses, &o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFixedCost is the cost of one small call (10 tokens, one thread): the mean of
// the C call timed inside C, and of the binding call timed from Go.
func BenchmarkFixedCost(b *testing.B) {
	sent, tok := make([]float64, 3), make([]float64, 10)
	o := tokqual.DefaultScoreOptions()
	o.NThreads = 1
	var c, g time.Duration
	for i := 0; i < b.N; i++ {
		ns := capi.BenchScoresC(false, exOffsets, exLabels, exProbs, 3, 1, sent, tok)
		if ns < 0 {
			b.Fatalf("status %d", -ns)
		}
		c += time.Duration(ns)
		start := time.Now()
		if err := tokqual.LabelQualityScoresInto(exOffsets, exLabels, exProbs, 3, &o, sent, tok); err != nil {
			b.Fatal(err)
		}
		g += time.Since(start)
	}
	b.ReportMetric(float64(c.Nanoseconds())/float64(b.N), "C-ns/call")
	b.ReportMetric(float64(g.Nanoseconds())/float64(b.N), "Go-ns/call")
}

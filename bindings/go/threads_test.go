package tokqual_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"tokqual.dev/tokqual"
)

// 8 goroutines at once, each mixing successful calls (compared with the serial results)
// and failing calls whose messages name the goroutine's own bad value: a message read on
// the wrong OS thread, or after another goroutine's call, would show another value.
func TestEightGoroutinesAtOnce(t *testing.T) {
	wantScores, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantIssues, _ := tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, nil)
	shared, _ := tokqual.NewInspector(3, nil) // one inspector used by all: calls serialize
	defer shared.Close()
	const goroutines, rounds = 8, 300
	var wg sync.WaitGroup
	failures := make(chan string, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			bad := append([]int32{}, exLabels...)
			for r := 0; r < rounds; r++ {
				o := tokqual.DefaultScoreOptions()
				o.NThreads = 1 + r%3
				s, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, &o)
				if err != nil || !reflect.DeepEqual(s, wantScores) {
					failures <- fmt.Sprintf("goroutine %d: scores %v %v", g, s, err)
					return
				}
				issues, err := tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, nil)
				if err != nil || !reflect.DeepEqual(issues, wantIssues) {
					failures <- fmt.Sprintf("goroutine %d: issues %v %v", g, issues, err)
					return
				}
				value := int32(100 + g*1000 + r)
				bad[3] = value
				_, err = tokqual.LabelQualityScores(exOffsets, bad, exProbs, 3, nil)
				var e *tokqual.Error
				if !errors.As(err, &e) || !strings.Contains(e.Message, "labels[3] = "+strconv.Itoa(int(value))) {
					failures <- fmt.Sprintf("goroutine %d: %v", g, err)
					return
				}
				if err := shared.UpdateThresholds(exLabels, exProbs); err != nil {
					failures <- fmt.Sprintf("goroutine %d: inspector %v", g, err)
					return
				}
				runtime.Gosched()
			}
		}(g)
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	seen, _, err := shared.Counts()
	if err != nil || seen != goroutines*rounds*int64(len(exLabels)) {
		t.Fatalf("shared inspector saw %d tokens (%v)", seen, err)
	}
}

// rss is the process's resident memory in bytes.
func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// 100k calls (successful and failing) and 10k inspectors (closed, and left to the
// finalizer) leave the resident memory where it was after a warm-up round.
func TestNoMemoryGrowth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short (the race and cgocheck2 runs): the plain run measures memory")
	}
	round := func(calls, inspectors int) {
		bad := append([]int32{}, exLabels...)
		bad[0] = 9
		for i := 0; i < calls; i++ {
			if _, err := tokqual.LabelQualityScores(exOffsets, exLabels, exProbs, 3, nil); err != nil {
				t.Fatal(err)
			}
			if _, err := tokqual.LabelQualityScores(exOffsets, bad, exProbs, 3, nil); err == nil {
				t.Fatal("no error")
			}
			if i%10 == 0 {
				o := tokqual.DefaultFindOptions()
				o.FilterBy = tokqual.PruneByClass
				o.NumToRemovePerClass = []int64{0, 1, 0}
				if _, err := tokqual.FindLabelIssues(exOffsets, exLabels, exProbs, 3, &o); err != nil {
					t.Fatal(err)
				}
				if _, err := tokqual.ColorSentence("a b", "b", &tokqual.Highlight{Before: "<", After: ">"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := 0; i < inspectors; i++ {
			in := inspectorOverExample(t)
			saved, err := in.Save()
			if err != nil {
				t.Fatal(err)
			}
			loaded, err := tokqual.LoadInspector(saved)
			if err != nil {
				t.Fatal(err)
			}
			loaded.Close()
			if i%2 == 0 {
				in.Close() // the others are left to the finalizer
			}
		}
		runtime.GC()
		runtime.GC()
	}
	round(20000, 5000)
	before := rss(t)
	round(50000, 10000) // 100k scoring calls
	after := rss(t)
	t.Logf("resident memory %d -> %d KiB", before/1024, after/1024)
	if after-before > 8<<20 {
		t.Fatalf("resident memory grew by %d KiB", (after-before)/1024)
	}
}

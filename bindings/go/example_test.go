package tokqual_test

import (
	"errors"
	"fmt"
	"strings"

	"tokqual.dev/tokqual"
)

// Two sentences, two classes: the data of cleanlab's get_label_quality_scores docstring.
var (
	docOffsets = []int64{0, 3, 5}
	docLabels  = []int32{0, 0, 1, 0, 1}
	docProbs   = []float64{0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2}
)

func ExampleLabelQualityScores() {
	scores, err := tokqual.LabelQualityScores(docOffsets, docLabels, docProbs, 2, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(scores.Sentence)
	fmt.Println(scores.SentenceTokens(docOffsets, 1))
	// Output:
	// [0.7 0.2]
	// [0.8 0.2]
}

func ExampleIssuesFromSentenceScores() {
	worst, err := tokqual.IssuesFromSentenceScores([]float64{0.7, 0.2, 0.05}, 0.5)
	fmt.Println(worst, err)
	// Output: [2 1] <nil>
}

func ExampleFindLabelIssues() {
	opts := tokqual.DefaultFindOptions()
	opts.FilterBy = tokqual.PredictedNeqGiven
	issues, err := tokqual.FindLabelIssues(docOffsets, docLabels, docProbs, 2, &opts)
	fmt.Println(issues, err)
	// Output: [{1 1}] <nil>
}

func ExampleNewDataset() {
	d, err := tokqual.NewDataset(
		[][]int32{{0, 0, 1}, {0, 1}},
		[][][]float32{{{0.9, 0.1}, {0.7, 0.3}, {0.05, 0.95}}, {{0.8, 0.2}, {0.8, 0.2}}}, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Offsets, d.Labels)
	// Output: [0 3 5] [0 0 1 0 1]
}

func ExampleError() {
	_, err := tokqual.LabelQualityScores(docOffsets, []int32{0, 0, 7, 0, 1}, docProbs, 2, nil)
	var e *tokqual.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status)
		fmt.Println(e.Message)
	}
	// Output:
	// TQ_ERR_INVALID_LABEL
	// tq_label_quality_scores_f64: labels[2] = 7 is outside [0, n_classes = 2)
}

func ExampleInspector() {
	// exOffsets, exLabels, exProbs: 3 sentences, 10 tokens, 3 classes (api_test.go);
	// the inspector reads them in two batches, as it would read a file too large for
	// memory.
	in, err := tokqual.NewInspector(3, nil)
	if err != nil {
		panic(err)
	}
	defer in.Close()
	batches := []struct {
		first   int64 // the batch's first sentence
		offsets []int64
		labels  []int32
		probs   []float32
	}{
		{0, []int64{0, 3}, exLabels[:3], exProbs[:9]},
		{1, []int64{0, 2, 7}, exLabels[3:], exProbs[9:]},
	}
	for _, b := range batches { // pass 1
		if err := in.UpdateThresholds(b.labels, b.probs); err != nil {
			panic(err)
		}
	}
	if err := in.FinishThresholds(); err != nil {
		panic(err)
	}
	for _, b := range batches { // pass 2
		if _, err := in.Score(b.first, b.offsets, b.labels, b.probs); err != nil {
			panic(err)
		}
	}
	// The state travels as bytes (to merge shards scored in other processes).
	saved, _ := in.Save()
	loaded, err := tokqual.LoadInspector(saved)
	if err != nil {
		panic(err)
	}
	defer loaded.Close()
	fmt.Println(loaded.FindLabelIssues())
	// Output: [{1 1}] <nil>
}

func ExampleGetSentence() {
	s, _ := tokqual.GetSentence([]string{"This", "is", "a", "sentence", "."})
	fmt.Println(s)
	// Output: This is a sentence.
}

func ExampleFilterSentencesFunc() {
	sentences := []string{"Hello World", "#I love Cleanlab", "A"}
	fmt.Println(tokqual.FilterSentencesFunc(sentences, func(s string) bool { return !strings.Contains(s, "#") }))
	fmt.Println(tokqual.FilterSentences(sentences))
	// Output:
	// [0 2]
	// [0] <nil>
}

func ExampleFormatIssues() {
	in := &tokqual.Tokens[float64]{
		Offsets: docOffsets, Tokens: []string{"Alice", "met", "Bob", "An", "typo"},
		Labels: docLabels, PredProbs: docProbs, NClasses: 2, ClassNames: []string{"O", "PER"},
	}
	text, err := tokqual.FormatIssues(in, []tokqual.Issue{{Sentence: 1, Token: 1}},
		&tokqual.FormatIssuesOptions{Top: 1, Highlight: &tokqual.Highlight{Before: "[", After: "]"}})
	fmt.Print(text, err)
	// Output:
	// Sentence index: 1, Token index: 1
	// Token: typo
	// Given label: PER, predicted label according to provided pred_probs: O
	// ----
	// An [typo]
	// <nil>
}

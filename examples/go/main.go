// The README's Go quick start: scores, the worst sentences, label issues, and an error.
package main

import (
	"errors"
	"fmt"
	"log"

	"tokqual.dev/tokqual"
)

func main() {
	// Two sentences: tokens [0, 3) and [3, 5); two classes.
	offsets := []int64{0, 3, 5}
	labels := []int32{0, 0, 1, 0, 1}
	predProbs := []float32{0.9, 0.1, 0.7, 0.3, 0.05, 0.95, // sentence 0
		0.8, 0.2, 0.8, 0.2} // sentence 1

	opts := tokqual.DefaultScoreOptions()
	opts.SentenceMethod = tokqual.Softmin // temperature 0.05
	scores, err := tokqual.LabelQualityScores(offsets, labels, predProbs, 2, &opts)
	if err != nil {
		log.Fatal(err)
	}
	worst, err := tokqual.IssuesFromSentenceScores(scores.Sentence, 0.5)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range worst {
		fmt.Printf("sentence %d: %.3f\n", s, scores.Sentence[s])
	}

	issues, err := tokqual.FindLabelIssues(offsets, labels, predProbs, 2, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, issue := range issues {
		fmt.Printf("token %d of sentence %d may be mislabeled\n", issue.Token, issue.Sentence)
	}

	_, err = tokqual.LabelQualityScores(offsets, []int32{0, 0, 7, 0, 1}, predProbs, 2, &opts)
	var e *tokqual.Error
	if errors.As(err, &e) {
		fmt.Printf("as expected: %v: %s\n", e.Status, e.Message)
	}
}

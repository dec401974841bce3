package tokqual

import "tokqual.dev/tokqual/internal/capi"

// Issue is a token: token Token (counted within its sentence) of sentence Sentence, as
// cleanlab's (i, j) tuples.
type Issue struct {
	Sentence int
	Token    int
}

// IssuesFromSentenceScores returns the sentences whose score is strictly below
// threshold, lowest score first, ties by index (cleanlab's issues_from_scores without
// token scores; its default threshold is 0.1).
func IssuesFromSentenceScores(sentenceScores []float64, threshold float64) ([]int, error) {
	n := len(sentenceScores)
	out := make([]int64, n)
	var count int64
	if err := fromFailure(capi.Issues_from_sentence_scores(sentenceScores, int64(n), threshold, out, &count)); err != nil {
		return nil, err
	}
	return ints(out[:count]), nil
}

// IssuesFromTokenScores returns the tokens whose score is strictly below threshold,
// lowest first, ties by position (cleanlab's issues_from_scores with token scores).
func IssuesFromTokenScores(offsets []int64, tokenScores []float64, threshold float64) ([]Issue, error) {
	nSentences, err := sentences("IssuesFromTokenScores", offsets)
	if err != nil {
		return nil, err
	}
	n := len(tokenScores)
	s, t := make([]int64, n), make([]int64, n)
	var count int64
	if err := fromFailure(capi.Issues_from_token_scores(offsets, nSentences, tokenScores, int64(n), threshold,
		s, t, &count)); err != nil {
		return nil, err
	}
	return issuesOf(s[:count], t[:count]), nil
}

func ints(v []int64) []int {
	r := make([]int, len(v))
	for i, x := range v {
		r[i] = int(x)
	}
	return r
}

func issuesOf(s, t []int64) []Issue {
	r := make([]Issue, len(s))
	for i := range s {
		r[i] = Issue{Sentence: int(s[i]), Token: int(t[i])}
	}
	return r
}

// splitIssues is the flat (sentences, tokens) form the library reads.
func splitIssues(v []Issue) (s, t []int64) {
	s, t = make([]int64, len(v)), make([]int64, len(v))
	for i, x := range v {
		s[i], t[i] = int64(x.Sentence), int64(x.Token)
	}
	return s, t
}

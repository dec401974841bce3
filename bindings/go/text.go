package tokqual

import (
	"tokqual.dev/tokqual/internal/capi"
)

// ANSI markers cleanlab puts around a highlighted word (termcolor's red).
const (
	ANSIRed   = "\x1b[31m"
	ANSIReset = "\x1b[0m"
)

// stringList is a list of strings in the library's form: one byte buffer and n+1 byte
// offsets.
type stringList struct {
	text    []byte
	offsets []int64
}

func newStringList(s []string) stringList {
	size := 0
	for _, x := range s {
		size += len(x)
	}
	l := stringList{text: make([]byte, 0, size), offsets: make([]int64, 1, len(s)+1)}
	for _, x := range s {
		l.text = append(l.text, x...)
		l.offsets = append(l.offsets, int64(len(l.text)))
	}
	return l
}

func (l stringList) size() int64  { return int64(len(l.text)) }
func (l stringList) count() int64 { return int64(len(l.offsets) - 1) }

// cString is s with a NUL appended (a NUL-terminated argument).
func cString(s string) []byte {
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b
}

// textCall runs a snprintf-style call: first into a buffer of guess bytes, then, when
// the library reports it too small, into one of the size it needs.
func textCall(guess int, call func(out []byte, capacity int64, size *int64) *capi.Failure) (string, error) {
	out := make([]byte, guess+1)
	var size int64
	f := call(out, int64(len(out)), &size)
	if f != nil && Status(f.Status) == StatusBufferTooSmall {
		out = make([]byte, size+1)
		f = call(out, int64(len(out)), &size)
	}
	if err := fromFailure(f); err != nil {
		return "", err
	}
	return string(out[:size]), nil
}

// GetSentence joins words into one readable sentence, as cleanlab's get_sentence:
// ["This", "is", "a", "sentence", "."] gives "This is a sentence.".
func GetSentence(words []string) (string, error) {
	w := newStringList(words)
	return textCall(len(w.text)+len(words)+8, func(out []byte, capacity int64, size *int64) *capi.Failure {
		return capi.Get_sentence(w.text, w.size(), w.offsets, w.count(), out, capacity, size)
	})
}

// FilterSentences returns the indices of the sentences cleanlab's filter_sentence keeps
// with its default condition: more than one character and no '#'.
func FilterSentences(sentences []string) ([]int, error) {
	s := newStringList(sentences)
	kept := make([]int64, len(sentences))
	var count int64
	if err := fromFailure(capi.Filter_sentences(s.text, s.size(), s.offsets, s.count(), nil, kept, &count)); err != nil {
		return nil, err
	}
	return ints(kept[:count]), nil
}

// FilterSentencesMask is cleanlab's filter_sentence mask for the default condition:
// true = kept.
func FilterSentencesMask(sentences []string) ([]bool, error) {
	s := newStringList(sentences)
	mask := make([]byte, len(sentences))
	var count int64
	if err := fromFailure(capi.Filter_sentences(s.text, s.size(), s.offsets, s.count(), mask, nil, &count)); err != nil {
		return nil, err
	}
	r := make([]bool, len(mask))
	for i, m := range mask {
		r[i] = m != 0
	}
	return r, nil
}

// FilterSentencesFunc returns the indices of the sentences keep accepts, in order
// (filter_sentence with a condition). keep runs in Go, once per sentence in order, on
// the calling goroutine; the library's C callback is not used from Go.
func FilterSentencesFunc(sentences []string, keep func(sentence string) bool) []int {
	var kept []int
	for i, s := range sentences {
		if keep(s) {
			kept = append(kept, i)
		}
	}
	return kept
}

// Replacement is one (find, replace) pair of ProcessToken.
type Replacement struct {
	Find, Replace string
}

// ProcessToken returns token with special characters replaced, as cleanlab's
// process_token: one left-to-right pass applying the first pair whose Find occurs at
// each position. No pairs means cleanlab's default, ("#", "").
func ProcessToken(token string, replace ...Replacement) (string, error) {
	t := []byte(token)
	var pairs stringList
	if len(replace) > 0 {
		flat := make([]string, 0, 2*len(replace))
		for _, r := range replace {
			flat = append(flat, r.Find, r.Replace)
		}
		pairs = newStringList(flat)
	}
	guess := len(t)
	for _, r := range replace {
		if len(r.Replace) > len(r.Find) {
			guess = 2*len(t) + 16
		}
	}
	n := int64(len(replace))
	return textCall(guess, func(out []byte, capacity int64, size *int64) *capi.Failure {
		return capi.Process_token(t, int64(len(t)), pairs.text, pairs.size(), pairs.offsets, n, out, capacity, size)
	})
}

// MapLabels returns maps[labels[i]] for every label (cleanlab's mapping).
func MapLabels(labels, maps []int32) ([]int32, error) {
	out := make([]int32, len(labels))
	if err := fromFailure(capi.Map_labels(labels, int64(len(labels)), maps, int64(len(maps)), out)); err != nil {
		return nil, err
	}
	return out, nil
}

// MergeProbs merges model classes into dataset classes (cleanlab's merge_probs): column
// k of predProbs (row-major, nClasses wide) is added to column maps[k] of the result;
// -1 drops a column, and then every row is renormalized. The result has max(maps) + 1
// columns.
func MergeProbs[P Float](predProbs []P, nClasses int, maps []int32) ([]P, error) {
	const fn = "MergeProbs"
	if nClasses <= 0 {
		return nil, errorf(StatusInvalidSize, "%s: n_classes = %d must be at least 1", fn, nClasses)
	}
	if len(predProbs)%nClasses != 0 {
		return nil, errorf(StatusInvalidSize, "%s: len(pred_probs) = %d is not a multiple of n_classes = %d",
			fn, len(predProbs), nClasses)
	}
	if err := sameLength(fn, "maps", len(maps), "n_classes", nClasses); err != nil {
		return nil, err
	}
	merged := int32(-1)
	for _, m := range maps {
		merged = max(merged, m)
	}
	nTokens := len(predProbs) / nClasses
	n, err := resultLength(fn, "n_tokens x n_merged_classes", nTokens, int(max(merged+1, 0)), 8)
	if err != nil {
		return nil, err
	}
	out := make([]P, n)
	nt, nc, nm := int64(nTokens), int64(nClasses), int64(merged)+1
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Merge_probs_f32(f32(predProbs), nt, nc, maps, nm, f32(out))
	} else {
		f = capi.Merge_probs_f64(f64(predProbs), nt, nc, maps, nm, f64(out))
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	return out, nil
}

// ReplaceWord replaces every whole-word occurrence of word in sentence by newWord (or,
// when there is none, every occurrence), as cleanlab's _replace_sentence; newWord is
// inserted literally.
func ReplaceWord(sentence, word, newWord string) (string, error) {
	s, w, nw := []byte(sentence), []byte(word), []byte(newWord)
	return textCall(len(s)+len(nw)*4+16, func(out []byte, capacity int64, size *int64) *capi.Failure {
		return capi.Replace_word(s, int64(len(s)), w, int64(len(w)), nw, int64(len(nw)), out, capacity, size)
	})
}

// ColorSentence highlights every occurrence of word in sentence, as cleanlab's
// color_sentence; h nil gives the ANSI red markers cleanlab prints.
func ColorSentence(sentence, word string, h *Highlight) (string, error) {
	s, w := []byte(sentence), []byte(word)
	var before, after []byte
	if h != nil {
		before, after = cString(h.Before), cString(h.After)
	}
	return textCall(len(s)+64, func(out []byte, capacity int64, size *int64) *capi.Failure {
		return capi.Color_sentence(s, int64(len(s)), w, int64(len(w)), before, after, out, capacity, size)
	})
}

// WordSpan is the subword rows [Begin, End) of one word.
type WordSpan struct {
	Begin, End int64
}

// SubwordToWordProbs averages the probability rows of each word's subwords (the paper's
// get_pred_probs): row w of the result is the mean of rows [words[w].Begin,
// words[w].End) of subwordProbs (row-major, nClasses wide), or their weighted mean when
// weights is not nil (one weight per (word, row) pair, word by word).
func SubwordToWordProbs[P Float](subwordProbs []P, nClasses int, words []WordSpan, weights []float64) ([]P, error) {
	const fn = "SubwordToWordProbs"
	if nClasses <= 0 {
		return nil, errorf(StatusInvalidSize, "%s: n_classes = %d must be at least 1", fn, nClasses)
	}
	if len(subwordProbs)%nClasses != 0 {
		return nil, errorf(StatusInvalidSize, "%s: len(subword_probs) = %d is not a multiple of n_classes = %d",
			fn, len(subwordProbs), nClasses)
	}
	begin, end := make([]int64, len(words)), make([]int64, len(words))
	for i, w := range words {
		begin[i], end[i] = w.Begin, w.End
	}
	n, err := resultLength(fn, "n_words x n_classes", len(words), nClasses, 8)
	if err != nil {
		return nil, err
	}
	out := make([]P, n)
	ns, nc, nw, nweights := int64(len(subwordProbs)/nClasses), int64(nClasses), int64(len(words)), int64(len(weights))
	var f *capi.Failure
	if isFloat32(subwordProbs) {
		f = capi.Subword_to_word_probs_f32(f32(subwordProbs), ns, nc, begin, end, nw, weights, nweights, f32(out))
	} else {
		f = capi.Subword_to_word_probs_f64(f64(subwordProbs), ns, nc, begin, end, nw, weights, nweights, f64(out))
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	return out, nil
}

// FormatTokenScores writes one line per token, "<token>\t<score>\n", the score as
// Python's repr(float) (the Series cleanlab's get_label_quality_scores returns with
// tokens, for one sentence).
func FormatTokenScores(tokens []string, scores []float64) (string, error) {
	if err := sameLength("FormatTokenScores", "scores", len(scores), "tokens", len(tokens)); err != nil {
		return "", err
	}
	t := newStringList(tokens)
	return textCall(len(t.text)+26*len(tokens), func(out []byte, capacity int64, size *int64) *capi.Failure {
		return capi.Format_token_scores(t.text, t.size(), t.offsets, t.count(), scores, out, capacity, size)
	})
}

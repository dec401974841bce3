package tokqual

import "tokqual.dev/tokqual/internal/capi"

// Tokens is the input of the summary functions (cleanlab.token_classification.summary):
// the dataset's tokens and, optionally, its labels and probabilities. P is the
// probability type; write Tokens[float32]{...} when PredProbs is nil.
type Tokens[P Float] struct {
	Offsets []int64  // sentence offsets, see "Data layout"
	Tokens  []string // one string per token
	// Labels (nil: not given) and PredProbs (nil: not given, else len(Tokens) x
	// NClasses, row-major). Both are needed for the (given, predicted) swaps.
	Labels     []int32
	PredProbs  []P
	NClasses   int        // >= 1 when Labels, PredProbs, ClassNames or Exclude is given
	ClassNames []string   // nil: classes are printed as indices; else NClasses names
	Exclude    [][2]int32 // (given, predicted) pairs to leave out
}

// native is the input in the library's form, checked.
type nativeTokens[P Float] struct {
	nSentences int64
	tokens     stringList
	names      stringList
	hasNames   bool
	exclude    []int32
	t          *Tokens[P]
}

func (t *Tokens[P]) native(fn string) (*nativeTokens[P], error) {
	nSentences, err := sentences(fn, t.Offsets)
	if err != nil {
		return nil, err
	}
	if t.Labels != nil {
		if err := sameLength(fn, "labels", len(t.Labels), "tokens", len(t.Tokens)); err != nil {
			return nil, err
		}
	}
	if t.PredProbs != nil {
		if err := probsLength(fn, "pred_probs", len(t.PredProbs), len(t.Tokens), "len(tokens)", t.NClasses); err != nil {
			return nil, err
		}
	}
	if t.ClassNames != nil {
		if err := sameLength(fn, "class_names", len(t.ClassNames), "n_classes", t.NClasses); err != nil {
			return nil, err
		}
	}
	n := &nativeTokens[P]{nSentences: nSentences, tokens: newStringList(t.Tokens), t: t}
	if t.ClassNames != nil {
		n.names, n.hasNames = newStringList(t.ClassNames), true
	}
	for _, e := range t.Exclude {
		n.exclude = append(n.exclude, e[0], e[1])
	}
	return n, nil
}

// FormatIssues returns the report cleanlab's display_issues prints for token issues,
// byte for byte. opts nil means defaults (top 20, ANSI markers).
func FormatIssues[P Float](t *Tokens[P], issues []Issue, opts *FormatIssuesOptions) (string, error) {
	s, tok := splitIssues(issues)
	return formatIssues(t, s, tok, opts)
}

// FormatSentenceIssues is FormatIssues for sentence-level issues (sentence indices).
func FormatSentenceIssues[P Float](t *Tokens[P], sentences []int, opts *FormatIssuesOptions) (string, error) {
	s := make([]int64, len(sentences))
	for i, x := range sentences {
		s[i] = int64(x)
	}
	return formatIssues(t, s, nil, opts)
}

func formatIssues[P Float](t *Tokens[P], s, tok []int64, opts *FormatIssuesOptions) (string, error) {
	n, err := t.native("FormatIssues")
	if err != nil {
		return "", err
	}
	o, free, err := nativeFormatIssues(opts)
	if err != nil {
		return "", err
	}
	defer free()
	return textCall(len(n.tokens.text)*2+256*len(s)+256, func(out []byte, capacity int64, size *int64) *capi.Failure {
		if isFloat32(t.PredProbs) {
			return capi.Format_issues_f32(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(), n.tokens.offsets,
				n.tokens.count(), s, tok, int64(len(s)), t.Labels, f32(t.PredProbs), int64(t.NClasses),
				n.namesText(), n.names.size(), n.namesOffsets(), n.exclude, int64(len(t.Exclude)), o,
				out, capacity, size)
		}
		return capi.Format_issues_f64(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(), n.tokens.offsets,
			n.tokens.count(), s, tok, int64(len(s)), t.Labels, f64(t.PredProbs), int64(t.NClasses),
			n.namesText(), n.names.size(), n.namesOffsets(), n.exclude, int64(len(t.Exclude)), o,
			out, capacity, size)
	})
}

// namesText and namesOffsets are nil (NULL) when no class names are given.
func (n *nativeTokens[P]) namesText() []byte {
	if !n.hasNames {
		return nil
	}
	if n.names.text == nil {
		return []byte{}
	}
	return n.names.text
}

func (n *nativeTokens[P]) namesOffsets() []int64 {
	if !n.hasNames {
		return nil
	}
	return n.names.offsets
}

// CommonIssue is one row of CommonLabelIssues: a word, and with labels and pred_probs
// one (given, predicted) swap of it, with its number of issues.
type CommonIssue struct {
	Token     int    // flat index of the first issue token with this word
	Word      string // its text
	Given     int32  // the given class, or -1 without labels and pred_probs
	Predicted int32  // the predicted class, or -1
	Count     int64
}

// CommonLabelIssues returns the words that most often carry label issues (the rows of
// cleanlab's common_label_issues DataFrame), largest count first.
func CommonLabelIssues[P Float](t *Tokens[P], issues []Issue) ([]CommonIssue, error) {
	n, err := t.native("CommonLabelIssues")
	if err != nil {
		return nil, err
	}
	s, tok := splitIssues(issues)
	k := len(issues)
	words, given, predicted, counts := make([]int64, k), make([]int32, k), make([]int32, k), make([]int64, k)
	var count int64
	var f *capi.Failure
	if isFloat32(t.PredProbs) {
		f = capi.Common_label_issues_f32(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(), n.tokens.offsets,
			n.tokens.count(), s, tok, int64(k), t.Labels, f32(t.PredProbs), int64(t.NClasses),
			n.exclude, int64(len(t.Exclude)), words, given, predicted, counts, &count)
	} else {
		f = capi.Common_label_issues_f64(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(), n.tokens.offsets,
			n.tokens.count(), s, tok, int64(k), t.Labels, f64(t.PredProbs), int64(t.NClasses),
			n.exclude, int64(len(t.Exclude)), words, given, predicted, counts, &count)
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	rows := make([]CommonIssue, count)
	for i := range rows {
		rows[i] = CommonIssue{Token: int(words[i]), Word: t.Tokens[words[i]], Given: given[i],
			Predicted: predicted[i], Count: counts[i]}
	}
	return rows, nil
}

// FormatCommonLabelIssues returns what cleanlab's common_label_issues prints, byte for
// byte. opts nil means defaults (top 10, verbose).
func FormatCommonLabelIssues[P Float](t *Tokens[P], issues []Issue, opts *CommonIssuesOptions) (string, error) {
	n, err := t.native("FormatCommonLabelIssues")
	if err != nil {
		return "", err
	}
	o, free, err := nativeCommonIssues(opts)
	if err != nil {
		return "", err
	}
	defer free()
	s, tok := splitIssues(issues)
	return textCall(256*len(issues)+256, func(out []byte, capacity int64, size *int64) *capi.Failure {
		if isFloat32(t.PredProbs) {
			return capi.Format_common_label_issues_f32(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(),
				n.tokens.offsets, n.tokens.count(), s, tok, int64(len(s)), t.Labels, f32(t.PredProbs),
				int64(t.NClasses), n.namesText(), n.names.size(), n.namesOffsets(), n.exclude,
				int64(len(t.Exclude)), o, out, capacity, size)
		}
		return capi.Format_common_label_issues_f64(t.Offsets, n.nSentences, n.tokens.text, n.tokens.size(),
			n.tokens.offsets, n.tokens.count(), s, tok, int64(len(s)), t.Labels, f64(t.PredProbs),
			int64(t.NClasses), n.namesText(), n.names.size(), n.namesOffsets(), n.exclude,
			int64(len(t.Exclude)), o, out, capacity, size)
	})
}

// FilterByToken returns the issues whose token equals word ignoring case (Python's
// str.lower()), in their order (cleanlab's filter_by_token).
func FilterByToken(word string, offsets []int64, tokens []string, issues []Issue) ([]Issue, error) {
	const fn = "FilterByToken"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return nil, err
	}
	w := []byte(word)
	tl := newStringList(tokens)
	s, tok := splitIssues(issues)
	k := len(issues)
	os, ot := make([]int64, k), make([]int64, k)
	var count int64
	if err := fromFailure(capi.Filter_by_token(w, int64(len(w)), offsets, nSentences, tl.text, tl.size(), tl.offsets,
		tl.count(), s, tok, int64(k), os, ot, &count)); err != nil {
		return nil, err
	}
	return issuesOf(os[:count], ot[:count]), nil
}

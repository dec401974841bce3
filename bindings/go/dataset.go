package tokqual

// Dataset is a dataset in the library's flat layout (see "Data layout").
type Dataset[P Float] struct {
	Offsets   []int64
	Labels    []int32
	PredProbs []P // len(Labels) x NClasses, row-major
	NClasses  int
}

// NewDataset flattens per-sentence input, as cleanlab takes it: labels[i][j] is the
// label of token j of sentence i and predProbs[i][j] its probability row (every row
// nClasses long). Sentences must not be empty.
func NewDataset[P Float](labels [][]int32, predProbs [][][]P, nClasses int) (*Dataset[P], error) {
	const fn = "NewDataset"
	if err := sameLength(fn, "pred_probs", len(predProbs), "labels", len(labels)); err != nil {
		return nil, err
	}
	// Every length first, so that nothing is allocated for input that is refused.
	total := 0
	for i, l := range labels {
		if len(predProbs[i]) != len(l) {
			return nil, errorf(StatusInvalidSize, "%s: len(pred_probs[%d]) = %d differs from len(labels[%d]) = %d",
				fn, i, len(predProbs[i]), i, len(l))
		}
		if len(l) == 0 {
			return nil, errorf(StatusInvalidOffsets, "%s: sentence %d has no token", fn, i)
		}
		for j, row := range predProbs[i] {
			if len(row) != nClasses {
				return nil, errorf(StatusInvalidSize, "%s: len(pred_probs[%d][%d]) = %d, want n_classes = %d",
					fn, i, j, len(row), nClasses)
			}
		}
		total += len(l)
	}
	d := &Dataset[P]{Offsets: make([]int64, 1, len(labels)+1), Labels: make([]int32, 0, total),
		PredProbs: make([]P, 0, total*max(nClasses, 0)), NClasses: nClasses}
	for i, l := range labels {
		for _, row := range predProbs[i] {
			d.PredProbs = append(d.PredProbs, row...)
		}
		d.Labels = append(d.Labels, l...)
		d.Offsets = append(d.Offsets, int64(len(d.Labels)))
	}
	return d, nil
}

// LabelQualityScores scores the dataset (see the function LabelQualityScores).
func (d *Dataset[P]) LabelQualityScores(opts *ScoreOptions) (Scores, error) {
	return LabelQualityScores(d.Offsets, d.Labels, d.PredProbs, d.NClasses, opts)
}

// FindLabelIssues finds the dataset's label issues (see the function FindLabelIssues).
func (d *Dataset[P]) FindLabelIssues(opts *FindOptions) ([]Issue, error) {
	return FindLabelIssues(d.Offsets, d.Labels, d.PredProbs, d.NClasses, opts)
}

// SentenceTokens returns the token scores of sentence i, a view into s.Token.
func (s Scores) SentenceTokens(offsets []int64, i int) []float64 {
	return s.Token[offsets[i]:offsets[i+1]]
}

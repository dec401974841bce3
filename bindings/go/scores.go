package tokqual

import "tokqual.dev/tokqual/internal/capi"

// Scores are label-quality scores in [0, 1] (lower: the label is less likely correct).
type Scores struct {
	Sentence []float64 // one per sentence
	Token    []float64 // one per token, flat (token j of sentence i is Token[offsets[i]+j])
}

// LabelQualityScores scores every token's label and every sentence
// (cleanlab.token_classification.rank.get_label_quality_scores). opts nil means defaults.
func LabelQualityScores[P Float](offsets []int64, labels []int32, predProbs []P, nClasses int,
	opts *ScoreOptions) (Scores, error) {
	const fn = "LabelQualityScores"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return Scores{}, err
	}
	s := Scores{Sentence: make([]float64, nSentences), Token: make([]float64, len(labels))}
	if err := LabelQualityScoresInto(offsets, labels, predProbs, nClasses, opts, s.Sentence, s.Token); err != nil {
		return Scores{}, err
	}
	return s, nil
}

// LabelQualityScoresInto is LabelQualityScores writing into caller slices (no
// allocation): sentenceScores must hold len(offsets)-1 values and tokenScores
// len(labels), or be nil to skip the token scores. On error nothing is written.
func LabelQualityScoresInto[P Float](offsets []int64, labels []int32, predProbs []P, nClasses int,
	opts *ScoreOptions, sentenceScores, tokenScores []float64) error {
	const fn = "LabelQualityScores"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return err
	}
	if err := probsLength(fn, "pred_probs", len(predProbs), len(labels), "len(labels)", nClasses); err != nil {
		return err
	}
	if int64(len(sentenceScores)) != nSentences {
		return errorf(StatusInvalidSize, "%s: len(sentence_scores) = %d, want len(offsets) - 1 = %d",
			fn, len(sentenceScores), nSentences)
	}
	if tokenScores != nil {
		if err := sameLength(fn, "token_scores", len(tokenScores), "labels", len(labels)); err != nil {
			return err
		}
	}
	o, free, err := nativeScore(opts)
	if err != nil {
		return err
	}
	defer free()
	nt, nc := int64(len(labels)), int64(nClasses)
	if isFloat32(predProbs) {
		return fromFailure(capi.Label_quality_scores_f32(offsets, nSentences, labels, f32(predProbs), nt, nc, o,
			sentenceScores, tokenScores))
	}
	return fromFailure(capi.Label_quality_scores_f64(offsets, nSentences, labels, f64(predProbs), nt, nc, o,
		sentenceScores, tokenScores))
}

// SentenceScoresFromTokenScores rolls token scores computed elsewhere (another
// model, another token method) up to one score per sentence: the aggregation step
// of LabelQualityScores on its own, with the same result bit for bit on the token
// scores it returns (cleanlab's min and softmin). Each token score must be finite
// and within [0, 1] up to 1e-6 (the range of every score tokqual returns), else
// StatusInvalidValue. Of opts (nil for defaults), the sentence method, temperature
// and thread count are used; the token method is not.
func SentenceScoresFromTokenScores(offsets []int64, tokenScores []float64, opts *ScoreOptions) ([]float64, error) {
	const fn = "SentenceScoresFromTokenScores"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return nil, err
	}
	o, free, err := nativeScore(opts)
	if err != nil {
		return nil, err
	}
	defer free()
	out := make([]float64, nSentences)
	if err := fromFailure(capi.Sentence_scores_from_token_scores(offsets, nSentences, tokenScores,
		int64(len(tokenScores)), o, out)); err != nil {
		return nil, err
	}
	return out, nil
}

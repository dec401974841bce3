package tokqual

import "tokqual.dev/tokqual/internal/capi"

// FindLabelIssues returns the tokens whose label is likely wrong, most severe first
// (cleanlab.token_classification.filter.find_label_issues, by confident learning).
// opts nil means defaults.
func FindLabelIssues[P Float](offsets []int64, labels []int32, predProbs []P, nClasses int,
	opts *FindOptions) ([]Issue, error) {
	const fn = "FindLabelIssues"
	nSentences, err := sentences(fn, offsets)
	if err != nil {
		return nil, err
	}
	if err := probsLength(fn, "pred_probs", len(predProbs), len(labels), "len(labels)", nClasses); err != nil {
		return nil, err
	}
	o, free, err := nativeFind(opts, nClasses)
	if err != nil {
		return nil, err
	}
	defer free()
	n := len(labels)
	s, t := make([]int64, n), make([]int64, n)
	var count int64
	nt, nc := int64(n), int64(nClasses)
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Find_label_issues_f32(offsets, nSentences, labels, f32(predProbs), nt, nc, o, s, t, &count)
	} else {
		f = capi.Find_label_issues_f64(offsets, nSentences, labels, f64(predProbs), nt, nc, o, s, t, &count)
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	return issuesOf(s[:count], t[:count]), nil
}

// statsInput checks the flat input of the statistics functions and returns its native
// options (only NThreads is read).
func statsInput[P Float](fn string, labels []int32, predProbs []P, nClasses int, opts *FindOptions) (
	capi.NativeFindOptions, func(), error) {
	if err := probsLength(fn, "pred_probs", len(predProbs), len(labels), "len(labels)", nClasses); err != nil {
		return nil, nil, err
	}
	return nativeFind(opts, nClasses)
}

// ConfidentThresholds returns the per-class confident thresholds
// (cleanlab.count.get_confident_thresholds); a class no token has gets 2. Only
// opts.NThreads is read (nil: defaults).
func ConfidentThresholds[P Float](labels []int32, predProbs []P, nClasses int, opts *FindOptions) ([]float64, error) {
	const fn = "ConfidentThresholds"
	o, free, err := statsInput(fn, labels, predProbs, nClasses, opts)
	if err != nil {
		return nil, err
	}
	defer free()
	if err := classesLimit(fn, nClasses); err != nil {
		return nil, err
	}
	out := make([]float64, max(nClasses, 0))
	nt, nc := int64(len(labels)), int64(nClasses)
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Confident_thresholds_f32(labels, f32(predProbs), nt, nc, o, out)
	} else {
		f = capi.Confident_thresholds_f64(labels, f64(predProbs), nt, nc, o, out)
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	return out, nil
}

// ConfidentJoint returns the confident joint (cleanlab.count.compute_confident_joint):
// joint[i][j] counts tokens labeled i guessed as j; calibrated (cleanlab's default) or
// raw.
func ConfidentJoint[P Float](labels []int32, predProbs []P, nClasses int, calibrate bool,
	opts *FindOptions) ([][]int64, error) {
	const fn = "ConfidentJoint"
	o, free, err := statsInput(fn, labels, predProbs, nClasses, opts)
	if err != nil {
		return nil, err
	}
	defer free()
	if err := classesLimit(fn, nClasses); err != nil {
		return nil, err
	}
	k := max(nClasses, 0)
	flat := make([]int64, k*k)
	nt, nc := int64(len(labels)), int64(nClasses)
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Confident_joint_f32(labels, f32(predProbs), nt, nc, flag(calibrate), o, flat)
	} else {
		f = capi.Confident_joint_f64(labels, f64(predProbs), nt, nc, flag(calibrate), o, flat)
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	joint := make([][]int64, k)
	for i := range joint {
		joint[i] = flat[i*k : (i+1)*k : (i+1)*k]
	}
	return joint, nil
}

// NumLabelIssues estimates the number of label issues (cleanlab.count.num_label_issues).
func NumLabelIssues[P Float](labels []int32, predProbs []P, nClasses int, method NumIssuesMethod,
	opts *FindOptions) (int, error) {
	o, free, err := statsInput("NumLabelIssues", labels, predProbs, nClasses, opts)
	if err != nil {
		return 0, err
	}
	defer free()
	var count int64
	nt, nc := int64(len(labels)), int64(nClasses)
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Num_label_issues_f32(labels, f32(predProbs), nt, nc, int(method), o, &count)
	} else {
		f = capi.Num_label_issues_f64(labels, f64(predProbs), nt, nc, int(method), o, &count)
	}
	if err := fromFailure(f); err != nil {
		return 0, err
	}
	return int(count), nil
}

// AdjustPredProbs returns the probabilities cleanlab scores with adjust_pred_probs=True
// (row by row, p[k] - t[k] + max(t), normalized), row-major len(labels) x nClasses.
func AdjustPredProbs[P Float](labels []int32, predProbs []P, nClasses int, opts *FindOptions) ([]float64, error) {
	o, free, err := statsInput("AdjustPredProbs", labels, predProbs, nClasses, opts)
	if err != nil {
		return nil, err
	}
	defer free()
	out := make([]float64, len(predProbs))
	nt, nc := int64(len(labels)), int64(nClasses)
	var f *capi.Failure
	if isFloat32(predProbs) {
		f = capi.Adjust_pred_probs_f32(labels, f32(predProbs), nt, nc, o, out)
	} else {
		f = capi.Adjust_pred_probs_f64(labels, f64(predProbs), nt, nc, o, out)
	}
	if err := fromFailure(f); err != nil {
		return nil, err
	}
	return out, nil
}

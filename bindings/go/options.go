package tokqual

import (
	"math"

	"tokqual.dev/tokqual/internal/capi"
)

// ScoreOptions are the options of LabelQualityScores (tq_score_options).
type ScoreOptions struct {
	TokenMethod    TokenMethod    // default SelfConfidence
	SentenceMethod SentenceMethod // default Min
	Temperature    float64        // Softmin only; default 0.05; >= 0: 0 gives the minimum, +Inf the mean
	NThreads       int            // worker threads; default 0 = all cores; results are identical for every value
}

// DefaultScoreOptions returns the defaults of ScoreOptions.
func DefaultScoreOptions() ScoreOptions {
	return ScoreOptions{TokenMethod: SelfConfidence, SentenceMethod: Min, Temperature: 0.05}
}

// FindOptions are the options of FindLabelIssues and its statistics (tq_find_options).
type FindOptions struct {
	FilterBy FilterMethod // default PruneByNoiseRate
	RankBy   TokenMethod  // how issues are ranked; default SelfConfidence
	// FracNoise in (0, 1]: the fraction of the estimated noise the prune methods flag;
	// default 1.
	FracNoise float64
	// NumToRemovePerClass: nil (default), or nClasses counts of tokens each prune method
	// flags per class.
	NumToRemovePerClass []int64
	// MinExamplesPerClass >= 0: the prune methods leave at least this many tokens in
	// every class; default 1.
	MinExamplesPerClass int64
	NThreads            int  // worker threads; default 0 = all cores
	AdjustPredProbs     bool // rank by scores of adjusted probabilities; default false
}

// DefaultFindOptions returns the defaults of FindOptions.
func DefaultFindOptions() FindOptions {
	return FindOptions{FilterBy: PruneByNoiseRate, RankBy: SelfConfidence, FracNoise: 1,
		MinExamplesPerClass: 1}
}

// InspectorOptions are the options of NewInspector (tq_inspector_options).
type InspectorOptions struct {
	RankBy          TokenMethod     // how tokens are scored; default SelfConfidence
	AdjustPredProbs bool            // score adjusted probabilities; default false
	NumIssuesMethod NumIssuesMethod // default OffDiagonal
	NThreads        int             // threads per batch; default 0 = all cores
}

// DefaultInspectorOptions returns the defaults of InspectorOptions.
func DefaultInspectorOptions() InspectorOptions {
	return InspectorOptions{RankBy: SelfConfidence, NumIssuesMethod: OffDiagonal}
}

// Highlight is the pair of markers put around a word (e.g. "<mark>", "</mark>").
type Highlight struct {
	Before, After string
}

// FormatIssuesOptions are the options of FormatIssues (tq_format_issues_options).
type FormatIssuesOptions struct {
	Top       int64      // at most this many issues; default 20; 0 shows every issue
	Highlight *Highlight // nil (default): the ANSI red markers cleanlab prints
}

// DefaultFormatIssuesOptions returns the defaults of FormatIssuesOptions.
func DefaultFormatIssuesOptions() FormatIssuesOptions {
	return FormatIssuesOptions{Top: 20}
}

// CommonIssuesOptions are the options of FormatCommonLabelIssues
// (tq_common_issues_options).
type CommonIssuesOptions struct {
	Top     int64 // at most this many words; default 10; 0 describes none
	Verbose bool  // list each word's swaps; default true
}

// DefaultCommonIssuesOptions returns the defaults of CommonIssuesOptions.
func DefaultCommonIssuesOptions() CommonIssuesOptions {
	return CommonIssuesOptions{Top: 10, Verbose: true}
}

// threads checks an n_threads option fits the C field (int32_t).
func threads(n int) error {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return errorf(StatusInvalidOption, "options.n_threads = %d does not fit in int32_t", n)
	}
	return nil
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

var errNoMemory = errorf(StatusOutOfMemory, "out of memory allocating an options struct")

// The native... functions return the C struct of the options (nil for nil options),
// filled in one cgo call (go_set, tokqual_go.i), and the function that frees it; the
// caller defers it.

func nativeScore(o *ScoreOptions) (capi.NativeScoreOptions, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	if err := threads(o.NThreads); err != nil {
		return nil, nil, err
	}
	n := capi.NewNativeScoreOptions()
	if n.Swigcptr() == 0 {
		return nil, nil, errNoMemory
	}
	n.Go_set(int(o.TokenMethod), int(o.SentenceMethod), o.Temperature, o.NThreads)
	return n, func() { capi.DeleteNativeScoreOptions(n) }, nil
}

func nativeFind(o *FindOptions, nClasses int) (capi.NativeFindOptions, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	if err := threads(o.NThreads); err != nil {
		return nil, nil, err
	}
	n := capi.NewNativeFindOptions()
	if n.Swigcptr() == 0 {
		return nil, nil, errNoMemory
	}
	free := func() { capi.DeleteNativeFindOptions(n) }
	n.Go_set(int(o.FilterBy), int(o.RankBy), o.FracNoise, o.MinExamplesPerClass, o.NThreads, flag(o.AdjustPredProbs))
	if o.NumToRemovePerClass != nil {
		// The library reads nClasses values: the caller checked the length.
		if len(o.NumToRemovePerClass) != nClasses {
			free()
			return nil, nil, errorf(StatusInvalidOption,
				"len(options.num_to_remove_per_class) = %d, want n_classes = %d", len(o.NumToRemovePerClass), nClasses)
		}
		if nClasses > 0 && n.Set_num_to_remove_per_class(o.NumToRemovePerClass, int64(nClasses)) == 0 {
			free()
			return nil, nil, errNoMemory
		}
	}
	return n, free, nil
}

func nativeInspector(o *InspectorOptions) (capi.NativeInspectorOptions, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	if err := threads(o.NThreads); err != nil {
		return nil, nil, err
	}
	n := capi.NewNativeInspectorOptions()
	if n.Swigcptr() == 0 {
		return nil, nil, errNoMemory
	}
	n.Go_set(int(o.RankBy), flag(o.AdjustPredProbs), int(o.NumIssuesMethod), o.NThreads)
	return n, func() { capi.DeleteNativeInspectorOptions(n) }, nil
}

func nativeFormatIssues(o *FormatIssuesOptions) (capi.NativeFormatIssuesOptions, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	n := capi.NewNativeFormatIssuesOptions()
	if n.Swigcptr() == 0 {
		return nil, nil, errNoMemory
	}
	free := func() { capi.DeleteNativeFormatIssuesOptions(n) }
	n.SetTop(o.Top)
	if o.Highlight != nil {
		if n.Set_highlight(cString(o.Highlight.Before), cString(o.Highlight.After)) == 0 {
			free()
			return nil, nil, errNoMemory
		}
	}
	return n, free, nil
}

func nativeCommonIssues(o *CommonIssuesOptions) (capi.NativeCommonIssuesOptions, func(), error) {
	if o == nil {
		return nil, func() {}, nil
	}
	n := capi.NewNativeCommonIssuesOptions()
	if n.Swigcptr() == 0 {
		return nil, nil, errNoMemory
	}
	n.Go_set(o.Top, flag(o.Verbose))
	return n, func() { capi.DeleteNativeCommonIssuesOptions(n) }, nil
}

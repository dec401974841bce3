package tokqual

import "fmt"

// TokenMethod is how each token's label is scored (tq_token_method, cleanlab.rank's
// method); lower means the label is less likely correct.
type TokenMethod int32

// The token-scoring methods of tokqual.h.
const (
	SelfConfidence            TokenMethod = 0 // p[y]
	NormalizedMargin          TokenMethod = 1 // (p[y] - max_{k != y} p[k] + 1) / 2; needs nClasses >= 2
	ConfidenceWeightedEntropy TokenMethod = 2 // entropy-based; needs nClasses >= 2
)

func (m TokenMethod) String() string {
	switch m {
	case SelfConfidence:
		return "SelfConfidence"
	case NormalizedMargin:
		return "NormalizedMargin"
	case ConfidenceWeightedEntropy:
		return "ConfidenceWeightedEntropy"
	}
	return fmt.Sprintf("TokenMethod(%d)", int32(m))
}

// SentenceMethod is how a sentence's token scores become one score (tq_sentence_method).
type SentenceMethod int32

// The sentence methods of tokqual.h.
const (
	Min     SentenceMethod = 0 // the minimum token score
	Softmin SentenceMethod = 1 // a softmin weighted by ScoreOptions.Temperature
)

func (m SentenceMethod) String() string {
	switch m {
	case Min:
		return "Min"
	case Softmin:
		return "Softmin"
	}
	return fmt.Sprintf("SentenceMethod(%d)", int32(m))
}

// FilterMethod is how FindLabelIssues decides which tokens are issues (tq_filter_method,
// cleanlab.filter.find_label_issues' filter_by).
type FilterMethod int32

// The filter methods of tokqual.h.
const (
	PruneByNoiseRate    FilterMethod = 0
	PruneByClass        FilterMethod = 1
	Both                FilterMethod = 2
	ConfidentLearning   FilterMethod = 3
	PredictedNeqGiven   FilterMethod = 4
	LowNormalizedMargin FilterMethod = 5
	LowSelfConfidence   FilterMethod = 6
)

var filterNames = [...]string{"PruneByNoiseRate", "PruneByClass", "Both", "ConfidentLearning",
	"PredictedNeqGiven", "LowNormalizedMargin", "LowSelfConfidence"}

func (m FilterMethod) String() string {
	if m >= 0 && int(m) < len(filterNames) {
		return filterNames[m]
	}
	return fmt.Sprintf("FilterMethod(%d)", int32(m))
}

// NumIssuesMethod is how the number of issues is estimated (tq_num_issues_method,
// cleanlab.count.num_label_issues' estimation_method).
type NumIssuesMethod int32

// The estimation methods of tokqual.h.
const (
	OffDiagonal           NumIssuesMethod = 0 // "off_diagonal"
	OffDiagonalCalibrated NumIssuesMethod = 1 // "off_diagonal_calibrated"
)

func (m NumIssuesMethod) String() string {
	switch m {
	case OffDiagonal:
		return "OffDiagonal"
	case OffDiagonalCalibrated:
		return "OffDiagonalCalibrated"
	}
	return fmt.Sprintf("NumIssuesMethod(%d)", int32(m))
}

// Confident learning's statistics at token level (cleanlab.count): per-class confident
// thresholds, the confident joint and its calibration, the estimated number of label
// issues, and adjusted predicted probabilities. Inputs are already validated; every
// function here gives the same result for every thread count.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "raw_vector.hpp"
#include "validate.hpp"

namespace tq {

// cleanlab.internal.constants.
constexpr double kFloatingPointComparison = 1e-6;
constexpr double kConfidentThresholdsLowerBound = 2 * kFloatingPointComparison;
constexpr double kTinyValue = 1e-100;
// The threshold cleanlab gives a class no token is labeled with (get_confident_thresholds'
// BIG_VALUE): no probability can reach it, so such a class is never confidently counted.
constexpr double kAbsentClassThreshold = 2.0;

// Per-token facts, one byte per token.
enum TokenFlag : uint8_t {
    // Some class reached its threshold and the confident guess differs from the label
    // (an off-diagonal entry of the confident joint).
    kConfidentOffDiagonal = 1,
    // With 1e-6 added to the given label's probability, the first argmax is the given
    // label (cleanlab.count._reduce_issues): such tokens are never reported.
    kPredictedIsGiven = 2,
    // The first argmax of the row differs from the label.
    kArgmaxNotGiven = 4,
    // Some other class has at least the label's probability (p[k] >= p[y], k != y): only
    // such tokens have a margin p[k] - p[y] >= 0.
    kLabelNotStrictMax = 8,
};

// K x K counts, row-major: entry [i * K + j].
using CountMatrix = std::vector<int64_t>;

// The largest class count whose K x K cell indices fit in 32 bits (the counting kernel
// computes them in 32-bit lanes for float data).
constexpr int64_t kMaxClasses = 46340;

// Throws TQ_ERR_INVALID_SIZE if n_classes exceeds kMaxClasses.
void require_joint_size(int64_t n_classes);

// Tokens grouped by their given label, each group in position order.
template <class T>
struct ClassGroups {
    std::vector<int64_t> starts;  // n_classes + 1; group k is [starts[k], starts[k+1])
    RawVector<T> own_probs;     // pred_probs[token][label[token]], same order
    int64_t count(int64_t k) const { return starts[k + 1] - starts[k]; }
    int64_t n_classes() const { return static_cast<int64_t>(starts.size()) - 1; }
};

// Number of tokens labeled with each class.
template <class T>
std::vector<int64_t> label_counts(const ClassGroups<T> &groups) {
    std::vector<int64_t> counts(static_cast<size_t>(groups.n_classes()));
    for (int64_t k = 0; k < groups.n_classes(); ++k) counts[static_cast<size_t>(k)] = groups.count(k);
    return counts;
}

// cleanlab.count.get_confident_thresholds: the mean probability of class k over the
// tokens labeled k (summed in numpy's order), kAbsentClassThreshold for absent classes,
// then raised to at least kConfidentThresholdsLowerBound.
template <class T>
std::vector<double> confident_thresholds(const ClassGroups<T> &groups);

// The tokens flagged kLabelNotStrictMax, in position order, with their flags and a copy
// of their rows. Every token any filter but the TQ_LOW_ ones reports is among them (a
// reported token's argmax, even with 1e-6 added to p[y], is another class), and so is
// every token with a non-negative margin p[j] - p[y]; a compact copy keeps later passes
// off the big array, and the other tokens need no per-token state at all.
template <class T>
struct Candidates {
    std::vector<int64_t> tokens;
    std::vector<int32_t> labels;
    std::vector<uint8_t> flags;  // TokenFlag bits (count_confident's), then the filters' own
    RawVector<T> rows;           // n_classes values per candidate
    size_t size() const { return tokens.size(); }
    // The index of `token` among the candidates, or -1.
    int64_t find(int64_t token) const {
        const auto it = std::lower_bound(tokens.begin(), tokens.end(), token);
        return it != tokens.end() && *it == token ? it - tokens.begin() : -1;
    }
};

// A 16-bit upper bound of a probability, for count_confident's search for unsettled
// tokens: the value's leading bits rounded up, so that runner_up_bound_value(key) >= v;
// 0 for v <= 0 (no confident bound is that low: they are all at least 1e-6). Keeping 2
// bytes per token instead of the runner-up and own probability (8 or 16 bytes) halves the
// traffic of that search; a token the bound lets through that is in fact settled costs a
// re-read of its row, not a wrong count (count_confident's correction is exact for any
// token).
template <class T>
inline uint16_t runner_up_bound_key(T v) {
    // Without branches, so that loops over it vectorize. Finite v <= 1 + 1e-6: the
    // rounding up never carries out of the bits kept; v <= 0 is masked to 0.
    if constexpr (sizeof(T) == 4) {
        uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        return static_cast<uint16_t>(((bits + 0xFFFFu) >> 16) & (0u - static_cast<uint32_t>(v > T(0))));
    } else {
        uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        return static_cast<uint16_t>(((bits + ((uint64_t{1} << 48) - 1)) >> 48) &
                                     (uint64_t{0} - static_cast<uint64_t>(v > T(0))));
    }
}
template <class T>
inline T runner_up_bound_value(uint16_t key) {
    T v;
    if constexpr (sizeof(T) == 4) {
        const uint32_t bits = static_cast<uint32_t>(key) << 16;
        std::memcpy(&v, &bits, sizeof v);
    } else {
        const uint64_t bits = static_cast<uint64_t>(key) << 48;
        std::memcpy(&v, &bits, sizeof v);
    }
    return v;
}

// What confident learning keeps from its one full read of the probabilities.
template <class T>
struct FirstPass {
    int64_t n_tokens = 0;
    ClassGroups<T> groups;
    // In token order, only when first_pass was asked to keep them (the TQ_LOW_ filters rank
    // every token by them); empty otherwise.
    RawVector<T> own;        // pred_probs[t][labels[t]]
    RawVector<T> runner_up;  // max over k != labels[t] of pred_probs[t][k]
    // In token order: 0 for a candidate, else runner_up_bound_key(runner-up).
    RawVector<uint16_t> runner_up_bound;
    Candidates<T> candidates;  // the tokens with runner_up >= own; flags all 0
};

// Checks the labels (validate_labels' error for the first bad one) while counting them,
// then reads every probability once: checks it against `range` and throws
// validate_probabilities' error for the first bad one; groups the own
// probabilities by label; keeps each token's runner-up bound (and, with
// keep_token_scores, its own probability and runner-up), and copies the candidates' rows.
template <class T>
FirstPass<T> first_pass(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                        int64_t n_classes, int32_t n_threads, const ProbabilityRange &range,
                        bool keep_token_scores);

struct ConfidentCounts {
    CountMatrix joint;            // uncalibrated confident joint, diagonal raised to >= 1
    int64_t n_off_diagonal_kept;  // kConfidentOffDiagonal tokens without kPredictedIsGiven
};

// cleanlab.count.compute_confident_joint with calibrate=False, plus _reduce_issues, from
// the first pass. A token is confident for class k when p[k] >= threshold[k] - 1e-6; with
// one confident class that class is its guess, with several the row's first argmax.
// Most tokens are settled by their own probability and runner-up alone: when the
// runner-up is below both the label's probability and every other class's threshold, the
// label is the only class that can be confident. The candidates get their TokenFlag bits
// from their copied rows; the few other tokens are read again from pred_probs.
template <class T>
ConfidentCounts count_confident(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                                const std::vector<double> &thresholds, FirstPass<T> &first,
                                int32_t n_threads);

// The order numpy visits the K x K matrix in when cleanlab sums it during calibration:
// column by column for the joint compute_confident_joint builds (a transposed view),
// row by row for a joint that was already calibrated once (estimate_joint).
enum class SumOrder { kColumnMajor, kRowMajor };

// cleanlab.count.calibrate_confident_joint: scales row i to label_counts[i], then the
// whole matrix to the number of tokens, then rounds each row preserving its total.
CountMatrix calibrate_confident_joint(const CountMatrix &joint,
                                      const std::vector<int64_t> &label_counts, SumOrder order);

// cleanlab.internal.util.round_preserving_sum on n values: round half to even, then
// move whole units so the integers add up to the rounded total, changing first the
// values that rounding moved most (ties as numpy's stable argsort orders them). A row
// with a NaN or infinity is left as rounded and its non-finite entries become INT64_MIN
// (what numpy's cast gives); callers treat those as "nothing to prune".
std::vector<int64_t> round_preserving_sum(const double *values, int64_t n);

// cleanlab.count.num_label_issues(estimation_method="off_diagonal_calibrated"):
// 1 - trace(estimate_joint) times the number of tokens, rounded half to even.
int64_t num_label_issues_calibrated(const CountMatrix &raw_joint,
                                    const std::vector<int64_t> &label_counts);

// Number of classes with at least one token, and one of them (the last found).
struct PresentClasses {
    int64_t count;
    int64_t one;
};
PresentClasses present_classes(const std::vector<int64_t> &label_counts);

// cleanlab's _subtract_confident_thresholds on one row: (p[k] - t[k] + max(t)) divided by
// the row's sum (in numpy's order). Writes n_classes values to `out`. Returns false when
// the shifted row sums to zero (the adjusted row would be NaN).
template <class T>
bool adjust_row(const T *row, int64_t n_classes, const double *thresholds, double max_threshold,
                double *out);

}  // namespace tq

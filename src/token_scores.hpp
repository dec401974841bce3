// Per-token label-quality kernels (cleanlab.rank's scoring methods), on one row of
// predicted probabilities. Inputs are already validated; float rows are read as double.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "tokqual/tokqual.h"
#include "validate.hpp"

namespace tq {

// cleanlab's CLIPPING_LOWER_BOUND, used by the entropy method.
constexpr double kClippingLowerBound = 1e-6;

template <class T>
inline double self_confidence(const T *row, int64_t /*n_classes*/, int32_t label) {
    return static_cast<double>(row[label]);
}

// The normalized margin from its two parts, the label's probability and the largest
// other one (the "runner-up"): (own - runner_up + 1) / 2 in double. Every path that
// scores a margin (scalar, vectorized, from confident learning's first pass) ends here, so
// they agree bitwise.
template <class T>
inline double margin_from(T own, T runner_up) {
    const double margin = (static_cast<double>(own) - static_cast<double>(runner_up) + 1.0) / 2.0;
    // Probabilities within the 1e-6 tolerance give a margin within [-1e-6, 1 + 1e-6];
    // rounding at those ends can leave it by an ulp, which the clamp takes back, so the
    // header's range holds exactly.
    constexpr ProbabilityRange r = kTolerantRange;
    return margin < r.low ? r.low : (margin > r.high ? r.high : margin);
}

// (p[y] - max_{k != y} p[k] + 1) / 2. Needs n_classes >= 2.
template <class T>
inline double normalized_margin(const T *row, int64_t n_classes, int32_t label) {
    // One loop over every class with the label's own value masked out: no branch whose
    // outcome depends on where the label sits. The maximum is taken in T, which is
    // exact (converting to double keeps the order). Inputs hold no NaN (validated), so
    // a plain comparison does what std::fmax does, without its library call.
    const T minus_infinity = -std::numeric_limits<T>::infinity();
    T best_other = minus_infinity;
    for (int64_t k = 0; k < n_classes; ++k) {
        const T v = k == label ? minus_infinity : row[k];
        best_other = v > best_other ? v : best_other;
    }
    return margin_from(row[label], best_other);
}

// Entropy of the row divided by log(n_classes), with 0 * log(0) = 0 (scipy's xlogy).
template <class T>
inline double normalized_entropy(const T *row, int64_t n_classes, double log_n_classes) {
    double sum = 0.0;
    for (int64_t k = 0; k < n_classes; ++k) {
        const double p = static_cast<double>(row[k]);
        sum += p == 0.0 ? 0.0 : p * std::log(p);
    }
    return -sum / log_n_classes;
}

// s = entropy / max(p[y], 1e-6); score = log(s + 1) / max(s, 1e-6). Needs n_classes >= 2.
template <class T>
inline double confidence_weighted_entropy(const T *row, int64_t n_classes, int32_t label,
                                          double log_n_classes) {
    const double p = static_cast<double>(row[label]);
    const double confidence = p > kClippingLowerBound ? p : kClippingLowerBound;
    const double s = normalized_entropy(row, n_classes, log_n_classes) / confidence;
    return std::log(s + 1.0) / (s > kClippingLowerBound ? s : kClippingLowerBound);
}

// One token's score by `method` (a tq_token_method).
template <class T>
inline double token_score(int32_t method, const T *row, int64_t n_classes, int32_t label,
                          double log_n_classes) {
    switch (method) {
        case TQ_NORMALIZED_MARGIN: return normalized_margin(row, n_classes, label);
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY:
            return confidence_weighted_entropy(row, n_classes, label, log_n_classes);
        default: return self_confidence(row, n_classes, label);
    }
}

// Scores tokens [begin, end) of a dataset into out[0 .. end - begin). Each token's score
// does not depend on begin or end. The entropy method runs the vectorized block kernel of
// token_scores_simd.hpp: its log is Highway's (within 4 ULP) rather than std::log, so it
// may differ from confidence_weighted_entropy() above in the last bits.
template <class T>
void score_tokens(int32_t method, const int32_t *labels, const T *pred_probs, int64_t n_classes,
                  int64_t begin, int64_t end, double *out);

}  // namespace tq

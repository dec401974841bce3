// Block kernels for the per-token label-quality scores that run on many rows at once,
// vectorized with Highway and dispatched at run time to the best instruction set of
// the CPU (chosen once per process). Inputs are already validated. (Confident learning's
// checked first read is own_and_runner_up in token_facts.hpp.)
//
// Every token's score is computed the same way wherever its block starts (per-row sums
// in class order, elementwise vector operations, the tail padded to a full vector), so
// splitting the tokens differently (n_threads) never changes a result.
#pragma once

#include <cstdint>

namespace tq {

// out[t] = normalized_margin(pred_probs + t * n_classes, n_classes, labels[t]) for t in
// [0, n_rows), bitwise. Needs n_classes >= 2.
void normalized_margin_rows(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, double *out);
void normalized_margin_rows(const double *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, double *out);

// out[t] = confidence_weighted_entropy(pred_probs + t * n_classes, n_classes, labels[t])
// for t in [0, n_rows), with Highway's vector log (within 4 ULP of the correctly rounded
// log) in place of std::log. Needs n_classes >= 2 and probabilities in [0, 1].
void confidence_weighted_entropy_rows(const float *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out);
void confidence_weighted_entropy_rows(const double *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out);

// The same scores, checking every probability as it is read (in its own type, as the
// kernels of checked_scores_simd.hpp do): returns whether all of them are in [low, high]
// (NaN is not); when one is not, out holds anything. Labels must already be valid.
bool checked_confidence_weighted_entropy_rows(const float *pred_probs, const int32_t *labels,
                                              int64_t n_rows, int64_t n_classes, float low,
                                              float high, double *out);
bool checked_confidence_weighted_entropy_rows(const double *pred_probs, const int32_t *labels,
                                              int64_t n_rows, int64_t n_classes, double low,
                                              double high, double *out);

}  // namespace tq

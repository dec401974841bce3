// Token-score kernels that check the probabilities as they read them (issue 14): the
// label-quality scores make one pass over pred_probs that validates and scores a block of
// rows while it is in cache, instead of a validation pass followed by a scoring pass.
// Vectorized with Highway, dispatched at run time like token_scores_simd.hpp.
//
// Every function here takes rows whose labels are already known to be in [0, n_classes),
// returns false when some probability of those rows is NaN or outside [low, high] (then
// `out` holds anything and the caller reports the error by the ordinary validation), and
// otherwise writes exactly the scores of the scalar kernels in token_scores.hpp, bitwise,
// whatever the block boundaries (the rows are scored one at a time).
#pragma once

#include <cstdint>

namespace tq {

// Whether every value of values[0 .. n) is within [low, high] (NaN is not).
bool values_in_range(const float *values, int64_t n, float low, float high);
bool values_in_range(const double *values, int64_t n, double low, double high);

// out[t] = self_confidence(row t) for t in [0, n_rows), after checking every value.
bool checked_self_confidence_rows(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                                  int64_t n_classes, float low, float high, double *out);
bool checked_self_confidence_rows(const double *pred_probs, const int32_t *labels,
                                  int64_t n_rows, int64_t n_classes, double low, double high,
                                  double *out);

// out[t] = normalized_margin(row t) for t in [0, n_rows), checking each row as it is
// read. Rows are loaded whole (contiguous vectors, no gathers); needs n_classes >= 2.
bool checked_normalized_margin_rows(const float *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, float low, float high,
                                    double *out);
bool checked_normalized_margin_rows(const double *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, double low, double high,
                                    double *out);

}  // namespace tq

// Block kernels for the per-token label-quality scores that run on many rows at once,
// vectorized with Highway and dispatched at run time to the best instruction set of
// the CPU (chosen once per process). Inputs are already validated, except by
// own_and_runner_up_rows, which checks the probabilities as it reads them.
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

// For rows t in [0, n_rows): own[t] = the label's probability, runner_up[t] = the largest
// probability of another class (-infinity when n_classes == 1), both exact. Returns true
// when some probability of these rows is NaN or outside [low, high] (then own and
// runner_up may hold anything). This is the one full read of the data that confident
// learning makes (see first_pass in confident_joint.hpp). Labels must be valid.
bool own_and_runner_up_rows(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, float low, float high, float *own,
                            float *runner_up);
bool own_and_runner_up_rows(const double *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, double low, double high, double *own,
                            double *runner_up);

}  // namespace tq

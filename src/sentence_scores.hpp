// Rolling token scores up to one sentence score (cleanlab's "min" and "softmin").
#pragma once

#include <cstdint>

namespace tq {

// cleanlab's softmax divides by max(temperature, EPSILON) with EPSILON = 1e-6.
constexpr double kMinSoftminTemperature = 1e-6;

double sentence_min(const double *scores, int64_t n);
double sentence_mean(const double *scores, int64_t n);

// sum_i s_i * softmax((1 - s) / t)_i with t = max(temperature, 1e-6), shifted by the
// maximum so exp never overflows. temperature == 0 gives the minimum and
// temperature == +inf the mean, as in cleanlab.
double sentence_softmin(const double *scores, int64_t n, double temperature);

}  // namespace tq

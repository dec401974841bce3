#include "sentence_scores.hpp"

#include <cmath>

namespace tq {

double sentence_min(const double *scores, int64_t n) {
    double m = scores[0];
    for (int64_t i = 1; i < n; ++i) m = scores[i] < m ? scores[i] : m;
    return m;
}

namespace {

struct Range {
    double low, high;
};

// The smallest and largest of scores[0 .. n), n >= 1, in one pass.
Range range_of(const double *scores, int64_t n) {
    Range r{scores[0], scores[0]};
    for (int64_t i = 1; i < n; ++i) {
        r.low = scores[i] < r.low ? scores[i] : r.low;
        r.high = scores[i] > r.high ? scores[i] : r.high;
    }
    return r;
}

// A weighted mean of scores lies within [min, max] of them; rounding in its sums can
// leave that range by a few ulps, which is put right here so that a sentence score never
// leaves the range of its token scores (the header promises it).
double within(double value, Range r) {
    return value < r.low ? r.low : (value > r.high ? r.high : value);
}

}  // namespace

double sentence_mean(const double *scores, int64_t n) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += scores[i];
    return within(sum / static_cast<double>(n), range_of(scores, n));
}

// sentence_softmin and sentences_softmin: softmin_simd.cpp (vector exp).

}  // namespace tq

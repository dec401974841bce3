// Vectorized kernels of the streaming inspector (inspector_simd.cpp, Highway, dispatched at
// run time). Exact comparisons only: the results are the same on every instruction set.
#pragma once

#include <cstdint>

namespace tq {

// The places i in [0, n) where values[i] <= bound, in order, into out (room for n
// entries); returns how many.
int64_t places_at_most(const float *values, int64_t n, float bound, int64_t *out);
int64_t places_at_most(const double *values, int64_t n, double bound, int64_t *out);

// For rows t in [0, n_rows) (n_classes values each, contiguous) labeled labels[t] (valid):
// returns true when some value is NaN or outside [low, high] (then nothing else is
// written); otherwise own[t] = rows[t][labels[t]]. Pass 1's read of pred_probs: one
// vector compare per vector of values, then a scalar load per row (in the L1 cache).
bool checked_own(const float *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 float low, float high, float *own, const float *next = nullptr,
                 int64_t n_next = 0);
bool checked_own(const double *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 double low, double high, double *own, const double *next = nullptr,
                 int64_t n_next = 0);

// The same, plus settled[t] = 1 when no other class reaches the label's probability
// (rows[t][k] < own[t] for every k != labels[t]: the label is the only argmax) and 0
// otherwise, and keys[t] = 4 * labels[t] + settled[t] + 2 * (settled[t] and own[t] >=
// lowered[labels[t]]), the cell of a per-class count of tokens, settled ones and confident
// settled ones. Pass 2's read: per row, one compare of the row's vectors with the label's
// probability, no reduction across lanes.
bool checked_own_settled(const float *rows, const int32_t *labels, int64_t n_rows,
                         int64_t n_classes, float low, float high, const float *lowered,
                         float *own, uint8_t *settled, int32_t *keys,
                         const float *next = nullptr, int64_t n_next = 0);
bool checked_own_settled(const double *rows, const int32_t *labels, int64_t n_rows,
                         int64_t n_classes, double low, double high, const double *lowered,
                         double *own, uint8_t *settled, int32_t *keys,
                         const double *next = nullptr, int64_t n_next = 0);


// The places i in [0, n) where flags[i] == 0, in order, into out (room for n entries);
// returns how many.
int64_t places_of_zero(const uint8_t *flags, int64_t n, int64_t *out);

}  // namespace tq

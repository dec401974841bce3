// Vectorized kernels of the streaming inspector (inspector_simd.cpp, Highway, dispatched at
// run time). Exact comparisons only: the results are the same on every instruction set.
#pragma once

#include <cstdint>

namespace tq {

// The places i in [0, n) where values[i] <= bound, in order, into out (room for n
// entries); returns how many.
int64_t places_at_most(const double *values, int64_t n, double bound, int64_t *out);

}  // namespace tq

// Non-temporal stores of results that are read later (the label-quality scores published
// from their scratch; the inspector's stored pass-2 scores): the destination is not read
// for ownership and the copy does not evict the cache. Vectorized with Highway, dispatched
// at run time to the best instruction set of the CPU.
#pragma once

#include <cstdint>

namespace tq {

// dst[i] = src[i] for i in [0, n) (float widened to double exactly), with non-temporal
// stores where dst is aligned to a vector; nothing outside [dst, dst + n) is written. The
// stores need stream_fence() on the same thread before another thread reads dst.
void stream_store(const float *src, int64_t n, double *dst);
void stream_store(const double *src, int64_t n, double *dst);
void stream_store(const float *src, int64_t n, float *dst);

// Orders this thread's non-temporal stores before its later stores (an sfence on x86).
void stream_fence();

}  // namespace tq

// Highway kernel of stream_simd.hpp. Compiled once per target instruction set
// (foreach_target.h re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the
// CPU supports on the first call.
#include "stream_simd.hpp"

#include <cstddef>
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "stream_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/cache_control.h>
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Scalar stores up to dst's first vector-aligned element and after the last whole vector;
// streamed whole vectors (converted from From to To) in between.
template <class From, class To>
void StreamStore(const From *src, int64_t n, To *dst) {
    const hn::ScalableTag<To> d;
    const int64_t N = static_cast<int64_t>(hn::Lanes(d));
    const uintptr_t align = static_cast<uintptr_t>(N) * sizeof(To);
    int64_t i = 0;
    for (; i < n && reinterpret_cast<uintptr_t>(dst + i) % align != 0; ++i)
        dst[i] = static_cast<To>(src[i]);
    if constexpr (sizeof(From) == sizeof(To)) {
        for (; i + N <= n; i += N) hn::Stream(hn::LoadU(d, src + i), d, dst + i);
    } else {
        const hn::Rebind<From, decltype(d)> df;
        for (; i + N <= n; i += N) hn::Stream(hn::PromoteTo(d, hn::LoadU(df, src + i)), d, dst + i);
    }
    for (; i < n; ++i) dst[i] = static_cast<To>(src[i]);
}

void StreamF32ToF64(const float *src, int64_t n, double *dst) { StreamStore(src, n, dst); }
void StreamF64(const double *src, int64_t n, double *dst) { StreamStore(src, n, dst); }
void StreamF32(const float *src, int64_t n, float *dst) { StreamStore(src, n, dst); }

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(StreamF32ToF64);
HWY_EXPORT(StreamF64);
HWY_EXPORT(StreamF32);

void stream_store(const float *src, int64_t n, double *dst) {
    HWY_DYNAMIC_DISPATCH(StreamF32ToF64)(src, n, dst);
}
void stream_store(const double *src, int64_t n, double *dst) {
    HWY_DYNAMIC_DISPATCH(StreamF64)(src, n, dst);
}
void stream_store(const float *src, int64_t n, float *dst) {
    HWY_DYNAMIC_DISPATCH(StreamF32)(src, n, dst);
}
void stream_fence() { hwy::FlushStream(); }

}  // namespace tq
#endif  // HWY_ONCE

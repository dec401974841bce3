// The block range check shared by the Highway kernels that validate pred_probs as they read
// it (checked_scores_simd.cpp, inspector_simd.cpp). Included once per target by each kernel
// file after hwy/highway.h (Highway's per-target include guard below).
#if defined(TQ_RANGE_CHECK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef TQ_RANGE_CHECK_INL_H_
#undef TQ_RANGE_CHECK_INL_H_
#else
#define TQ_RANGE_CHECK_INL_H_
#endif

#include <cstdint>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Whether any of v[0 .. n) is NaN or outside [low, high]. Only arithmetic per vector (the
// logic of comparison masks runs on few ports on AVX-512): the lanes' minima and maxima
// against the bounds at the end, and a sum, which any NaN makes NaN (in-range values of a
// block cannot overflow it; out-of-range ones are caught by the minima and maxima).
template <class T>
HWY_INLINE bool AnyOutside(const T *v, int64_t n, T low, T high) {
    const hn::ScalableTag<T> d;
    const int64_t N = static_cast<int64_t>(hn::Lanes(d));
    const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
    auto min_a = high_v, max_a = low_v, sum_a = hn::Zero(d);
    auto min_b = high_v, max_b = low_v, sum_b = hn::Zero(d);
    int64_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
        const auto a = hn::LoadU(d, v + i), b = hn::LoadU(d, v + i + N);
        min_a = hn::Min(min_a, a);
        max_a = hn::Max(max_a, a);
        sum_a = hn::Add(sum_a, a);
        min_b = hn::Min(min_b, b);
        max_b = hn::Max(max_b, b);
        sum_b = hn::Add(sum_b, b);
    }
    for (; i + N <= n; i += N) {
        const auto a = hn::LoadU(d, v + i);
        min_a = hn::Min(min_a, a);
        max_a = hn::Max(max_a, a);
        sum_a = hn::Add(sum_a, a);
    }
    const auto outside = hn::Or(hn::Lt(hn::Min(min_a, min_b), low_v), hn::Gt(hn::Max(max_a, max_b), high_v));
    bool any_bad = !hn::AllFalse(d, hn::Or(outside, hn::IsNaN(hn::Add(sum_a, sum_b))));
    for (; i < n; ++i) any_bad |= !((v[i] >= low) & (v[i] <= high));
    return any_bad;
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#endif  // TQ_RANGE_CHECK_INL_H_ toggle

// The floor of the confidence-weighted entropy method (issue 14): the sum of p * log(p) over
// every value of pred_probs with Highway's vector log in double, the same log the library's
// kernel uses (token_scores_simd.cpp), and nothing else: no check, no per-row sums, no
// scores written. bench_scores times it beside the streaming read and tokqual, so its ratio
// to the read shows what K logarithms a token cost on the machine at hand.
// Compiled once per target instruction set (foreach_target.h re-includes this file).
#include <cstddef>
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "log_floor_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

HWY_BEFORE_NAMESPACE();
namespace bench {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <class D>
HWY_INLINE hn::Vec<D> LoadAsDouble(D d, const double *p) { return hn::LoadU(d, p); }
template <class D>
HWY_INLINE hn::Vec<D> LoadAsDouble(D d, const float *p) {
    return hn::PromoteTo(d, hn::LoadU(hn::Rebind<float, D>(), p));
}

template <class T>
double SumXlogX(const T *values, int64_t n) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    constexpr bool kSubnormals = sizeof(T) == sizeof(double);  // as the library's kernel
    const auto one = hn::Set(d, 1.0);
    auto sum0 = hn::Zero(d), sum1 = hn::Zero(d);
    int64_t i = 0;
    for (; i + 2 * lanes <= n; i += 2 * lanes) {
        const auto p0 = LoadAsDouble(d, values + i);
        const auto p1 = LoadAsDouble(d, values + i + lanes);
        const auto safe0 = hn::IfThenElse(hn::Eq(p0, hn::Zero(d)), one, p0);
        const auto safe1 = hn::IfThenElse(hn::Eq(p1, hn::Zero(d)), one, p1);
        sum0 = hn::MulAdd(p0, hn::impl::Log<decltype(d), hn::Vec<decltype(d)>, kSubnormals>(d, safe0), sum0);
        sum1 = hn::MulAdd(p1, hn::impl::Log<decltype(d), hn::Vec<decltype(d)>, kSubnormals>(d, safe1), sum1);
    }
    return hn::GetLane(hn::SumOfLanes(d, hn::Add(sum0, sum1))) + static_cast<double>(n - i);
}

double SumXlogXF32(const float *values, int64_t n) { return SumXlogX(values, n); }
double SumXlogXF64(const double *values, int64_t n) { return SumXlogX(values, n); }

}  // namespace HWY_NAMESPACE
}  // namespace bench
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace bench {

HWY_EXPORT(SumXlogXF32);
HWY_EXPORT(SumXlogXF64);

double sum_xlogx(const float *values, int64_t n) { return HWY_DYNAMIC_DISPATCH(SumXlogXF32)(values, n); }
double sum_xlogx(const double *values, int64_t n) { return HWY_DYNAMIC_DISPATCH(SumXlogXF64)(values, n); }

}  // namespace bench
#endif  // HWY_ONCE
